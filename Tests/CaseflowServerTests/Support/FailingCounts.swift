import CaseflowExpr
import CaseflowEngine
import CaseflowJSON
import CaseflowStore
import Synchronization

/// A store whose counts for metrics (open tasks, due timers) fail while `failing` is set, and
/// which does not answer at all while `down` is set; everything else is the real store's.
final class FailingCounts: CaseStore {
    let base: SQLiteStore
    let failing = Mutex(false)
    let down = Mutex(false)

    init(_ base: SQLiteStore) { self.base = base }

    private func check() throws(StoreError) {
        if down.withLock({ $0 }) { throw .unavailable("connection refused") }
    }

    func openTasksByQueue(everyQueue: Bool) async throws(StoreError) -> [String: Int] {
        try check()
        if failing.withLock({ $0 }) { throw StoreError(.database, "database read failed: disk I/O error") }
        return try await base.openTasksByQueue(everyQueue: everyQueue)
    }

    func saveDefinition(_ definition: StoredDefinition) async throws(StoreError) { try check(); try await base.saveDefinition(definition) }
    func definitions() async throws(StoreError) -> [StoredDefinition] { try check(); return try await base.definitions() }
    func definitionCount() async throws(StoreError) -> Int { try check(); return try await base.definitionCount() }
    func commit(_ writes: [StoreWrite]) async throws(StoreError) -> [Result<ApplyOutcome, StoreError>] {
        try check()
        return try await base.commit(writes)
    }
    func prepare(_ write: StoreWrite) async -> StoreWrite { await base.prepare(write) }
    func loadCase(_ id: String) async throws(StoreError) -> CaseState? { try check(); return try await base.loadCase(id) }
    func history(_ id: String) async throws(StoreError) -> [HistoryEntry] { try check(); return try await base.history(id) }
    func cases(workflow: String?, state: String?, after cursor: Int64?, limit: Int) async throws(StoreError) -> Page<CaseState> {
        try check()
        return try await base.cases(workflow: workflow, state: state, after: cursor, limit: limit)
    }
    func tasks(_ filter: TaskFilter, after position: ListPosition?, limit: Int) async throws(StoreError) -> Page<StoredTask> {
        try check()
        return try await base.tasks(filter, after: position, limit: limit)
    }
    func task(_ id: String) async throws(StoreError) -> StoredTask? { try check(); return try await base.task(id) }
    func leaseTask(queue: String, worker: String, token: String, until: Int64, now: Int64,
                   eligible: @escaping @Sendable (TaskInstance) -> Bool) async throws(StoreError) -> StoredTask? {
        try check()
        return try await base.leaseTask(queue: queue, worker: worker, token: token, until: until, now: now, eligible: eligible)
    }
    func renewLease(_ lease: TaskLease, until: Int64) async throws(StoreError) -> Bool { try check(); return try await base.renewLease(lease, until: until) }
    func children(of parentID: String) async throws(StoreError) -> [ChildLink] { try check(); return try await base.children(of: parentID) }
    func useSearchKeys(_ keys: [String: String]) async throws(StoreError) { try await base.useSearchKeys(keys) }
    var searchKeys: SearchKeys { base.searchKeys }
    var outbox: Outbox { base.outbox }
    func feed(after position: Int64, limit: Int) async throws(StoreError) -> [FeedEntry] { try check(); return try await base.feed(after: position, limit: limit) }
    func claimDeliveries(_ scope: DeliveryScope, nowMS: Int64, limit: Int, leaseMS: Int64, finishing: [DeliveryResult]) async throws(StoreError) -> [Delivery] {
        try check(); return try await base.claimDeliveries(scope, nowMS: nowMS, limit: limit, leaseMS: leaseMS, finishing: finishing)
    }
    func deliveries(status: DeliveryStatus, subscription: String?, after: Int64?, limit: Int) async throws(StoreError) -> Page<Delivery> {
        try check(); return try await base.deliveries(status: status, subscription: subscription, after: after, limit: limit)
    }
    func redeliver(_ id: Int64, nowMS: Int64) async throws(StoreError) -> Delivery? { try check(); return try await base.redeliver(id, nowMS: nowMS) }
    func deliveryCounts() async throws(StoreError) -> [String: DeliveryCounts] { try check(); return try await base.deliveryCounts() }
    func forgetNotifications(before cutoffMS: Int64, limit: Int) async throws(StoreError) -> Int {
        try check(); return try await base.forgetNotifications(before: cutoffMS, limit: limit)
    }
    func kpiCases(from: Timestamp, to: Timestamp) async throws(StoreError) -> [KPIRow] { try check(); return try await base.kpiCases(from: from, to: to) }
    func kpiCases(ids: [String]) async throws(StoreError) -> [KPIRow] { try check(); return try await base.kpiCases(ids: ids) }
    func kpiSLAOutcomes(from: Timestamp, to: Timestamp) async throws(StoreError) -> [SLAOutcome] {
        try check(); return try await base.kpiSLAOutcomes(from: from, to: to)
    }
    func cases(_ filter: CaseFilter, after position: Int64?, limit: Int) async throws(StoreError) -> Page<CaseState> {
        try check()
        return try await base.cases(filter, after: position, limit: limit)
    }
    func claimDueTimers(upTo now: Timestamp, limit: Int, lease: Int64) async throws(StoreError) -> [DueTimer] {
        try check()
        return try await base.claimDueTimers(upTo: now, limit: limit, lease: lease)
    }
    func countDueTimers(upTo time: Timestamp) async throws(StoreError) -> Int {
        try check()
        if failing.withLock({ $0 }) { throw StoreError(.database, "database read failed: disk I/O error") }
        return try await base.countDueTimers(upTo: time)
    }
    func claimDueChildren(upTo now: Timestamp, limit: Int, lease: Int64) async throws(StoreError) -> [ScheduledChild] {
        try check()
        return try await base.claimDueChildren(upTo: now, limit: limit, lease: lease)
    }
    func discardTimer(caseID: String, timerID: String, at: Timestamp, reason: String) async throws(StoreError) {
        try check()
        try await base.discardTimer(caseID: caseID, timerID: timerID, at: at, reason: reason)
    }
    func cases(customer: String) async throws(StoreError) -> [String] { try check(); return try await base.cases(customer: customer) }
    func erase(caseID: String, fields: Set<String>, step: @escaping @Sendable (CaseState) -> Step) async throws(StoreError) -> Step? {
        try check(); return try await base.erase(caseID: caseID, fields: fields, step: step)
    }
    func closedCases(workflow: String, updatedBefore cutoff: Timestamp, limit: Int) async throws(StoreError) -> [String] {
        try check(); return try await base.closedCases(workflow: workflow, updatedBefore: cutoff, limit: limit)
    }
    func removeClosedCases(_ cases: [String: Int]) async throws(StoreError) -> [String] {
        try check(); return try await base.removeClosedCases(cases)
    }
    func forgetAnswers(storedBefore cutoff: Int64, limit: Int) async throws(StoreError) -> Int {
        try check(); return try await base.forgetAnswers(storedBefore: cutoff, limit: limit)
    }
    func ping() async throws(StoreError) { try check(); try await base.ping() }
    func close() async throws(StoreError) { try await base.close() }
}
