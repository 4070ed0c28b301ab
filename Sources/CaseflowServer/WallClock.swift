import CaseflowExpr
import Foundation

/// Where the daemon gets the time: the wall clock in production, a hand-set clock in tests, so
/// timers can be made to fall due without waiting. The engine itself never reads a clock.
public protocol CaseflowClock: Sendable {
    func now() -> Timestamp
}

/// The system clock.
public struct SystemClock: CaseflowClock {
    public init() {}
    public func now() -> Timestamp {
        let t = Date().timeIntervalSince1970
        return Timestamp(clamping: Int64(t.rounded(.down)), nanos: Int64((t - t.rounded(.down)) * 1e9))
    }
}

/// A clock tests move by hand.
public final class ManualClock: CaseflowClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Timestamp

    public init(_ start: Timestamp) { current = start }

    public func now() -> Timestamp {
        lock.lock(); defer { lock.unlock() }
        return current
    }

    public func set(_ t: Timestamp) {
        lock.lock(); current = t; lock.unlock()
    }
}
