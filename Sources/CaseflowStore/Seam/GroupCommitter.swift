import Synchronization

/// Group commit: writes submitted by concurrent requests while a transaction is being written
/// are gathered and committed together in the next one, so many steps share one commit
/// instead of paying for one each.
///
/// Each write is prepared on the submitting thread first (the engine step and the encoding,
/// from the last known state of the case), so that work runs on other cores while a
/// transaction is written; the transaction redoes it only if the case moved on meanwhile.
///
/// There is no waiting for a batch to fill: a write submitted while the committer is idle is
/// committed at once, alone; under load, batches form by themselves from what arrives during
/// the previous commit. Each write keeps its own result and error (a refused one leaves the
/// rest of its batch intact), and its caller resumes only after the transaction holding it is
/// durable.
///
/// When a transaction fails for a reason other than the database being unreachable, each of
/// its writes is tried again in a transaction of its own, so one write the database refuses
/// does not take the others down with it.
public final class GroupCommitter: Sendable {
    /// How many writes one transaction takes at most.
    public let maxBatch: Int
    private let store: any CaseStore
    private let state = Mutex(Pending())
    private let onBatch: @Sendable (Int) -> Void

    private typealias Waiter = CheckedContinuation<[Result<ApplyOutcome, StoreError>], Never>

    private struct Pending: ~Copyable {
        /// Each submission with its writes, in arrival order.
        var queue: [(writes: [StoreWrite], waiter: Waiter)] = []
        var draining = false
    }

    /// - Parameter onBatch: told the number of writes in each transaction (for metrics).
    public init(store: any CaseStore, maxBatch: Int = 256, onBatch: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.store = store
        self.maxBatch = max(1, maxBatch)
        self.onBatch = onBatch
    }

    /// Commits one write together with whatever else is pending; returns once it is durable.
    public func submit(_ write: StoreWrite) async -> Result<ApplyOutcome, StoreError> {
        await submit([write]).first ?? .failure(StoreError(.database, "the store returned no result"))
    }

    /// Commits several writes in this order, in one transaction together with whatever else is
    /// pending, and returns their results in the same order.
    public func submit(_ writes: [StoreWrite]) async -> [Result<ApplyOutcome, StoreError>] {
        if writes.isEmpty { return [] }
        // The engine and the encoding run here, on the caller's thread, in parallel with the
        // transaction being written; the transaction only checks and writes.
        var prepared: [StoreWrite] = []
        prepared.reserveCapacity(writes.count)
        for write in writes { prepared.append(await store.prepare(write)) }
        let writes = prepared
        // Held until the answer is in, so the last reference to the encoded rows is dropped
        // here, and freeing them is not one more job for the single writer thread.
        defer { withExtendedLifetime(writes) {} }
        return await withCheckedContinuation { (waiter: Waiter) in
            let start = state.withLock { pending -> Bool in
                pending.queue.append((writes, waiter))
                if pending.draining { return false }
                pending.draining = true
                return true
            }
            if start { Task { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            let batch = state.withLock { pending -> [(writes: [StoreWrite], waiter: Waiter)] in
                // Whole submissions, at least one, up to `maxBatch` writes.
                var taken = 0, size = 0
                while taken < pending.queue.count, taken == 0 || size + pending.queue[taken].writes.count <= maxBatch {
                    size += pending.queue[taken].writes.count
                    taken += 1
                }
                if taken == 0 { pending.draining = false }
                let batch = Array(pending.queue.prefix(taken))
                pending.queue.removeFirst(taken)
                return batch
            }
            if batch.isEmpty { return }
            let writes = batch.flatMap(\.writes)
            onBatch(writes.count)
            var results = await commit(writes)
            if results.count != writes.count {
                results = Array(repeating: .failure(StoreError(.database, "the store returned \(results.count) results for \(writes.count) writes")), count: writes.count)
            }
            var offset = 0
            for submission in batch {
                let n = submission.writes.count
                submission.waiter.resume(returning: Array(results[offset..<offset + n]))
                offset += n
            }
        }
    }

    /// One transaction for the batch; if it fails (and the database answers), one each.
    private func commit(_ writes: [StoreWrite]) async -> [Result<ApplyOutcome, StoreError>] {
        do {
            return try await store.commit(writes)
        } catch where error.kind == .unavailable || writes.count == 1 {
            return Array(repeating: .failure(error), count: writes.count)
        } catch {
            var results: [Result<ApplyOutcome, StoreError>] = []
            for write in writes {
                do { results.append(contentsOf: try await store.commit([write])) } catch { results.append(.failure(error)) }
            }
            return results
        }
    }
}
