import Foundation
import CaseflowStore

/// Runs `body` repeatedly for about `seconds` and reports operations per second.
struct Measurement {
    let name: String
    let operations: Int
    let seconds: Double
    var perSecond: Double { Double(operations) / seconds }

    static func run(_ name: String, seconds target: Double = 2.0, batch: Int = 10_000, _ body: () throws -> Void) rethrows -> Measurement {
        for _ in 0..<batch { try body() } // warm-up
        let clock = ContinuousClock()
        let start = clock.now
        var operations = 0
        var elapsed = 0.0
        while elapsed < target {
            for _ in 0..<batch { try body() }
            operations += batch
            elapsed = (clock.now - start).inSeconds
        }
        return Measurement(name: name, operations: operations, seconds: elapsed)
    }

    /// The same run counted in smaller units (transitions rather than cases).
    func scaled(by factor: Int, unit: String) -> Measurement {
        Measurement(name: name + " (\(unit))", operations: operations * factor, seconds: seconds)
    }

    var line: String {
        String(format: "%@: %.0f ops/s (%.0f ns/op, %d ops in %.2f s)", name, perSecond, 1e9 / perSecond, operations, seconds)
    }
}

extension Array where Element == Double {
    /// The `q` quantile of sorted seconds, in milliseconds (0 for no values).
    func millisecondsAt(quantile q: Double) -> Double {
        isEmpty ? 0 : self[Swift.min(count - 1, Int(Double(count) * q))] * 1000
    }
}

extension Duration {
    /// The duration as a number of seconds.
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// A value behind a lock, for results gathered from threads and tasks.
final class Mutexed<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    func update(_ body: (inout T) -> Void) { lock.withLock { body(&stored) } }
    var value: T { lock.withLock { stored } }
}

/// Runs async work from the benchmarks' synchronous code and waits for its result.
func waitFor<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let result = Mutexed<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        do { let value = try await body(); result.update { $0 = .success(value) } } catch { result.update { $0 = .failure(error) } }
        done.signal()
    }
    done.wait()
    guard let outcome = result.value else { throw StoreError(.database, "no result") }
    return try outcome.get()
}
