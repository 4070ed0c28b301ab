import CaseflowExpr
import CaseflowEngine
import CaseflowStore
import Synchronization

/// A store whose counts for metrics (open tasks, due timers) fail while `failing` is set;
/// everything else is the real store's.
final class FailingCounts: CaseStore {
    let base: SQLiteStore
    let failing = Mutex(false)

    init(_ base: SQLiteStore) { self.base = base }

    func openTasksByQueue(everyQueue: Bool) throws(StoreError) -> [String: Int] {
        if failing.withLock({ $0 }) { throw StoreError(.database, "database read failed: disk I/O error") }
        return try base.openTasksByQueue(everyQueue: everyQueue)
    }

    func saveDefinition(_ definition: StoredDefinition) throws(StoreError) { try base.saveDefinition(definition) }
    func definitions() throws(StoreError) -> [StoredDefinition] { try base.definitions() }
    func commit(_ writes: [StoreWrite]) throws(StoreError) -> [Result<ApplyOutcome, StoreError>] { try base.commit(writes) }
    func prepare(_ write: StoreWrite) -> StoreWrite { base.prepare(write) }
    func loadCase(_ id: String) throws(StoreError) -> CaseState? { try base.loadCase(id) }
    func history(_ id: String) throws(StoreError) -> [HistoryEntry] { try base.history(id) }
    func cases(workflow: String?, state: String?, after cursor: Int64?, limit: Int) throws(StoreError) -> Page<CaseState> {
        try base.cases(workflow: workflow, state: state, after: cursor, limit: limit)
    }
    func tasks(queue: String?, status: String?, after cursor: Int64?, limit: Int) throws(StoreError) -> Page<StoredTask> {
        try base.tasks(queue: queue, status: status, after: cursor, limit: limit)
    }
    func task(_ id: String) throws(StoreError) -> StoredTask? { try base.task(id) }
    func dueTimers(upTo time: Timestamp, limit: Int) throws(StoreError) -> [DueTimer] { try base.dueTimers(upTo: time, limit: limit) }
    func countDueTimers(upTo time: Timestamp) throws(StoreError) -> Int {
        if failing.withLock({ $0 }) { throw StoreError(.database, "database read failed: disk I/O error") }
        return try base.countDueTimers(upTo: time)
    }
    func dueChildren(upTo time: Timestamp, limit: Int) throws(StoreError) -> [ScheduledChild] { try base.dueChildren(upTo: time, limit: limit) }
    func discardTimer(caseID: String, timerID: String, at: Timestamp, reason: String) throws(StoreError) {
        try base.discardTimer(caseID: caseID, timerID: timerID, at: at, reason: reason)
    }
}
