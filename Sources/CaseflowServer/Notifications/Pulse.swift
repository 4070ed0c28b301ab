import Foundation
import Synchronization

/// A signal that something was committed, for those waiting for news (the deliveries, feed
/// readers): a beat wakes every waiter at once. Another daemon's commits send no beat, so
/// waiters wait at most a short while and look again.
public final class Pulse: Sendable {
    private let waiters = Mutex<[UUID: CheckedContinuation<Void, Never>]>([:])

    public init() {}

    /// Wakes everyone waiting.
    public func beat() {
        let all = waiters.withLock { w in
            defer { w.removeAll() }
            return Array(w.values)
        }
        for c in all { c.resume() }
    }

    /// Returns at the next beat, or after `limit`, or when the task is cancelled.
    public func wait(upTo limit: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: limit) }
            group.addTask { await self.next() }
            await group.next()
            group.cancelAll()
        }
    }

    private func next() async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let cancelled = waiters.withLock { w -> Bool in
                    if Task.isCancelled { return true }
                    w[id] = c
                    return false
                }
                if cancelled { c.resume() }
            }
        } onCancel: {
            waiters.withLock { $0.removeValue(forKey: id) }?.resume()
        }
    }
}
