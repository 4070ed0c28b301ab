import CaseflowEngine
import CaseflowExpr
import CaseflowJSON
import Foundation

/// Durable storage of cases at the seam between the engine and the server. Two stores fit it:
/// ``SQLiteStore``, one file for one daemon, and `PostgresStore`, one database for any number of
/// daemons. Everything here is async because a database on the network is; nothing here is
/// particular to either database.
///
/// Every mutating call is one transaction: the snapshot, the history row with its audit record,
/// task and timer changes, scheduled child cases and the applied request id are written together
/// or not at all. A step holds its case exclusively while it is written (a compare-and-set on
/// the case's step number, under a row lock where other daemons may write), so no step number
/// is ever used twice; a request id is looked up under that hold, so a repeat gets the first
/// answer whichever daemon it reaches.
public protocol CaseStore: Sendable {
    /// Records a loaded workflow version, so cases pinned to it can run after the files change,
    /// and other daemons on the same database can load it. A version stored before with other
    /// content is refused (`.conflict`): a changed workflow needs a new `version:`.
    func saveDefinition(_ definition: StoredDefinition) async throws(StoreError)
    /// Every workflow version ever loaded.
    func definitions() async throws(StoreError) -> [StoredDefinition]
    /// How many workflow versions are stored: a cheap look for versions another daemon stored.
    func definitionCount() async throws(StoreError) -> Int

    /// Writes a batch in one transaction (group commit). Writes succeed or fail one by one: a
    /// refused write leaves nothing behind and the others in the batch intact. Returns one
    /// result per write, in order; throws (and writes nothing) only when the database fails.
    func commit(_ writes: [StoreWrite]) async throws(StoreError) -> [Result<ApplyOutcome, StoreError>]

    /// Does what it can of a write before its transaction (runs the engine on the last known
    /// state of the case and encodes the result), so that work runs in parallel with other
    /// transactions; `commit` checks that the case has not moved on in between.
    func prepare(_ write: StoreWrite) async -> StoreWrite

    func loadCase(_ id: String) async throws(StoreError) -> CaseState?
    func history(_ id: String) async throws(StoreError) -> [HistoryEntry]
    /// Cases in the order they were created, after `cursor` (a ``Page/next`` of an earlier page).
    func cases(workflow: String?, state: String?, after cursor: Int64?, limit: Int) async throws(StoreError) -> Page<CaseState>
    /// A page of tasks matching `filter`, in its order, after `position` (nil: the first page).
    func tasks(_ filter: TaskFilter, after position: ListPosition?, limit: Int) async throws(StoreError) -> Page<StoredTask>
    /// Leases the first open task of `queue` (in the order opened) that no one holds, no worker's
    /// lease covers at `now`, and `eligible` accepts (its candidates): its lease becomes `token`
    /// until `until` (epoch seconds). Nil when there is none. A task whose lease ran out is
    /// back in the queue.
    func leaseTask(queue: String, worker: String, token: String, until: Int64, now: Int64,
                   eligible: @escaping @Sendable (TaskInstance) -> Bool) async throws(StoreError) -> StoredTask?
    /// Extends a lease that is still the task's at `now`; false when it ran out or is another's.
    func renewLease(_ lease: TaskLease, until: Int64) async throws(StoreError) -> Bool
    /// The child cases of a case: those started, in the order created, then those scheduled.
    func children(of parentID: String) async throws(StoreError) -> [ChildLink]
    /// The search fields this store writes with each case (set by ``useSearchKeys(_:)``).
    var searchKeys: SearchKeys { get }
    /// Finds cases by these search names from now on (name → case field); when they differ from
    /// the ones the database was indexed with, indexes every case again first.
    func useSearchKeys(_ keys: [String: String]) async throws(StoreError)
    /// A page of cases matching `filter`, in the order created, after `position`.
    func cases(_ filter: CaseFilter, after position: Int64?, limit: Int) async throws(StoreError) -> Page<CaseState>
    func task(_ id: String) async throws(StoreError) -> StoredTask?

    /// Claims timers due at or before `now`, earliest first, that no daemon holds: each is held
    /// for this caller until `now + lease` seconds, so other daemons pass it by; a daemon that
    /// dies lets its claims run out and another takes them. Firing a timer removes it. With a
    /// `lease` of 0 it only looks: nothing is claimed.
    func claimDueTimers(upTo now: Timestamp, limit: Int, lease: Int64) async throws(StoreError) -> [DueTimer]
    /// How many timers are due at or before `time` (for metrics).
    func countDueTimers(upTo time: Timestamp) async throws(StoreError) -> Int
    /// Claims child cases whose start time has come, earliest first, like timers.
    func claimDueChildren(upTo now: Timestamp, limit: Int, lease: Int64) async throws(StoreError) -> [ScheduledChild]
    /// Removes a timer the engine refuses to fire (it would be retried forever otherwise), as
    /// a step of the case with `reason` in its audit notes.
    func discardTimer(caseID: String, timerID: String, at: Timestamp, reason: String) async throws(StoreError)
    /// Counts for metrics: open tasks by queue (the empty string for tasks without one), for the
    /// queues that have any, or with `everyQueue` for every queue that ever had a task (0 when
    /// none is open), which reads every task and so is for a first look only.
    func openTasksByQueue(everyQueue: Bool) async throws(StoreError) -> [String: Int]

    /// Forgets the answers to request ids stored before `cutoff` (seconds since 1970 on the
    /// daemon's clock), at most `limit` in one short transaction, and returns how many. The id
    /// and the digest of each request stay: a repeat is still recognised (and a different
    /// request under the same id still refused), and answered with a note that the answer
    /// was not kept.
    func forgetAnswers(storedBefore cutoff: Int64, limit: Int) async throws(StoreError) -> Int

    /// The ids of a customer's cases (those whose `customer.id` is `customer`), oldest first.
    func cases(customer: String) async throws(StoreError) -> [String]
    /// Erases personal data from one case: writes `step` (the erasure step, made from the case
    /// as stored) and, in the same transaction, replaces the personal `fields` in every row the
    /// case has (its history's audit records, its tasks, its scheduled child cases) and forgets
    /// the answers stored for its request ids. Returns the step, or nil when there is no case.
    func erase(caseID: String, fields: Set<String>, step: @escaping @Sendable (CaseState) -> Step) async throws(StoreError) -> Step?

    /// Closed cases of `workflow` whose last step is older than `cutoff` and that have no child
    /// case waiting to start, oldest first, at most `limit`: what retention archives next.
    func closedCases(workflow: String, updatedBefore cutoff: Timestamp, limit: Int) async throws(StoreError) -> [String]
    /// Removes closed cases with everything of theirs (history, tasks, timers) in one
    /// transaction, each only if it is still at the step given (the one archived: a step since,
    /// an erasure say, leaves it for the next pass) and has no child case waiting to start.
    /// Returns the ids removed.
    func removeClosedCases(_ cases: [String: Int]) async throws(StoreError) -> [String]

    // MARK: Notifications (the outbox)

    /// Where steps' notifications go: the feed and the daemon's subscriptions.
    var outbox: Outbox { get }
    /// Notifications in the order their steps committed, after `position` (0: from the first).
    func feed(after position: Int64, limit: Int) async throws(StoreError) -> [FeedEntry]
    /// Records `finishing` (a delivered one is removed, a failed one waits for its retry or
    /// becomes a dead letter), then claims pending deliveries of `scope` due at `nowMS`,
    /// earliest due first, for `leaseMS`, in one transaction: other daemons pass them by until
    /// then, and a daemon that dies lets its claims run out. Per case and subscription only the
    /// first pending delivery is ever claimable (it is marked ready when the one before it is
    /// done), so a later notification is not delivered before an earlier one succeeded or was
    /// given up.
    func claimDeliveries(_ scope: DeliveryScope, nowMS: Int64, limit: Int, leaseMS: Int64,
                         finishing: [DeliveryResult]) async throws(StoreError) -> [Delivery]
    /// Deliveries with `status` (of `subscription` when given), in id order after `after`.
    func deliveries(status: DeliveryStatus, subscription: String?, after: Int64?, limit: Int) async throws(StoreError) -> Page<Delivery>
    /// Makes a delivery pending again with its attempts reset and its next attempt at `nowMS`
    /// (a dead letter redelivered); nil when there is no such delivery.
    func redeliver(_ id: Int64, nowMS: Int64) async throws(StoreError) -> Delivery?
    /// Pending and dead deliveries by subscription.
    func deliveryCounts() async throws(StoreError) -> [String: DeliveryCounts]
    /// Removes notifications written before `cutoffMS` from the feed (at most `limit`), and
    /// returns how many.
    func forgetNotifications(before cutoffMS: Int64, limit: Int) async throws(StoreError) -> Int

    /// The report rows (``KPIRow``) of the cases open at some time in [`from`, `to`): opened
    /// before `to` and not closed before `from`, in case id order. With `ids`, those cases'
    /// rows instead, whenever they were open (a survey's subject).
    func kpiCases(from: Timestamp, to: Timestamp) async throws(StoreError) -> [KPIRow]
    func kpiCases(ids: [String]) async throws(StoreError) -> [KPIRow]
    /// The SLA results settled in [`from`, `to`), in case id order.
    func kpiSLAOutcomes(from: Timestamp, to: Timestamp) async throws(StoreError) -> [SLAOutcome]

    /// Whether the database answers: throws `.unavailable` when it does not.
    func ping() async throws(StoreError)
    /// Finishes before the daemon exits (SQLite folds its log into the file); throws what did
    /// not finish, for the daemon to warn about.
    func close() async throws(StoreError)
}

/// One page of a listing, and where the next starts (nil on the last page).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// The position after the last item, for the next call; opaque to API clients.
    public var next: Int64?
    /// With a sorted listing (tasks by due time or priority), the sort key of the last item,
    /// which the next call starts after together with `next`.
    public var nextKey: Int64?

    public init(items: [Item], next: Int64?, nextKey: Int64? = nil) {
        self.items = items
        self.next = next
        self.nextKey = nextKey
    }
}

/// A worker's hold on a task it took from its queue: the task's id, the lease's token, and the
/// time (epoch seconds) the check is made at.
public struct TaskLease: Sendable, Equatable {
    public var taskID: String
    public var token: String
    public var now: Int64

    public init(taskID: String, token: String, now: Int64) {
        self.taskID = taskID
        self.token = token
        self.now = now
    }

    /// The refusal when the lease is not the task's any more.
    public var lost: StoreError {
        StoreError(.leaseLost, "the lease on task '\(taskID)' ran out or another worker took the task over; take a new task from the queue (its work may be done by the other worker)")
    }
}

/// The order of a task listing.
public enum TaskOrder: String, Sendable, CaseIterable {
    /// As opened (the default).
    case opened
    /// Earliest due first; tasks without a due time last.
    case due
    /// Most urgent first: priority 1 (P1), then 2 and so on; tasks without a priority last.
    case priority
}

/// What a task listing asks for; each filter is optional.
public struct TaskFilter: Sendable, Equatable {
    public var queue: String?
    /// `open`, `completed` or `cancelled`.
    public var status: String?
    public var assignee: String?
    /// Due strictly before this time (open and overdue, with `status=open` and now).
    public var dueBefore: Timestamp?
    public var order: TaskOrder

    public init(queue: String? = nil, status: String? = nil, assignee: String? = nil, dueBefore: Timestamp? = nil, order: TaskOrder = .opened) {
        self.queue = queue
        self.status = status
        self.assignee = assignee
        self.dueBefore = dueBefore
        self.order = order
    }
}

/// Where a sorted listing's next page starts: after this sort key and position.
public struct ListPosition: Sendable, Equatable {
    public var key: Int64?
    public var position: Int64

    public init(key: Int64?, position: Int64) {
        self.key = key
        self.position = position
    }
}

/// How tasks sort, as stored in their rows: a task without a due time or priority sorts last.
public enum TaskSortKey {
    public static let none = Int64.max
    public static func due(_ t: TaskInstance) -> Int64 { t.due?.seconds ?? none }
    public static func priority(_ t: TaskInstance) -> Int64 { t.priority == 0 ? none : t.priority }
}

extension CaseStore {
    /// Records attempts without claiming more.
    public func finishDeliveries(_ results: [DeliveryResult]) async throws(StoreError) {
        _ = try await claimDeliveries(.except([]), nowMS: 0, limit: 0, leaseMS: 0, finishing: results)
    }

    /// The first `limit` cases.
    public func cases(workflow: String?, state: String?, limit: Int) async throws(StoreError) -> [CaseState] {
        try await cases(workflow: workflow, state: state, after: nil, limit: limit).items
    }

    /// The first `limit` tasks.
    public func tasks(queue: String?, status: String?, limit: Int) async throws(StoreError) -> [StoredTask] {
        try await tasks(TaskFilter(queue: queue, status: status), after: nil, limit: limit).items
    }
    public func tasks(queue: String?, status: String?, after cursor: Int64?, limit: Int) async throws(StoreError) -> Page<StoredTask> {
        try await tasks(TaskFilter(queue: queue, status: status), after: cursor.map { ListPosition(key: nil, position: $0) }, limit: limit)
    }
    /// Creates a case from its first step; `.conflict` when the id is taken.
    public func create(_ step: Step, response: [UInt8]) async throws(StoreError) {
        _ = try await commitOne(.create(step, response: response))
    }

    /// Loads the case, lets `body` compute the next step, and writes it in one transaction.
    /// With a `request` key seen before, returns the stored response and changes nothing (or
    /// fails with `.conflict` when the key's fingerprint differs from the first request's).
    public func apply(caseID: String, request: RequestKey?, _ body: @escaping @Sendable (CaseState) throws(EngineError) -> Step,
                      response: @escaping @Sendable (Step) -> [UInt8]) async throws(StoreError) -> ApplyOutcome {
        try await commitOne(.apply(caseID: caseID, request: request, step: body, response: response))
    }

    /// ``apply(caseID:request:_:response:)`` for an event id without a fingerprint.
    public func apply(caseID: String, eventID: String?, _ body: @escaping @Sendable (CaseState) throws(EngineError) -> Step,
                      response: @escaping @Sendable (Step) -> [UInt8]) async throws(StoreError) -> ApplyOutcome {
        try await apply(caseID: caseID, request: eventID.map(RequestKey.event), body, response: response)
    }

    /// Open tasks by queue, for the queues that have any.
    public func openTasksByQueue() async throws(StoreError) -> [String: Int] {
        try await openTasksByQueue(everyQueue: false)
    }

    /// Creates a scheduled child case and removes its schedule entry in one transaction; a
    /// child that exists already (started before a crash, or by another daemon) only loses its
    /// schedule entry.
    public func startChild(_ child: ScheduledChild, step: Step) async throws(StoreError) {
        _ = try await commitOne(.startChild(child, step: step))
    }

    func commitOne(_ write: StoreWrite) async throws(StoreError) -> ApplyOutcome {
        guard let result = try await commit([write]).first else { throw StoreError(.database, "the store returned no result") }
        return try result.get()
    }
}

/// One write of a group commit: a new case, or an event applied to a case.
public struct StoreWrite: Sendable {
    /// What the write does; stores switch over it.
    public enum Kind: Sendable {
        case create(Step, response: [UInt8])
        case apply(caseID: String, request: RequestKey?, step: @Sendable (CaseState) throws(EngineError) -> Step,
                   response: @Sendable (Step) -> [UInt8])
        case startChild(scheduleID: String, Step)
    }

    public let kind: Kind
    /// The step computed ahead, outside the transaction, from the case as last committed; used
    /// only if the case's row is still at the step it was computed from when the write runs.
    public var prepared: EncodedStep?
    /// A worker's lease the write needs: checked in the write's transaction, before anything is
    /// written, and `.leaseLost` when it is no longer the task's.
    public var lease: TaskLease?
    /// The parent's step when the written step finishes a child case that reports back
    /// (``Step/childDone``): run on the parent as stored, in the same transaction, so the parent
    /// learns of it exactly once, crash or not. It never fails: a parent that does not take the
    /// event gets a step saying so; nil writes nothing (a parent closed already).
    public var onChildDone: (@Sendable (ChildDone, CaseState) -> Step?)?
    /// The child's step when the written step cancels its case's children (``Step/cancelChildren``):
    /// the event applied to each open child, in the same transaction; nil writes nothing.
    public var onCancelChild: (@Sendable (String, CaseState) -> Step?)?

    public init(kind: Kind, prepared: EncodedStep? = nil) {
        self.kind = kind
        self.prepared = prepared
    }

    /// This write with its step computed ahead (the lease and everything else kept).
    public func preparing(_ encoded: EncodedStep) -> StoreWrite {
        var copy = self
        copy.prepared = encoded
        return copy
    }

    /// Creates a case from its first step; `.conflict` when the id is taken.
    public static func create(_ step: Step, response: [UInt8]) -> StoreWrite {
        StoreWrite(kind: .create(step, response: response))
    }

    /// Applies an event: `step` computes the next step from the current case (inside the
    /// transaction, so no other write can change the case in between), and `response` is the
    /// answer kept for a repeat of `request`.
    public static func apply(caseID: String, request: RequestKey?, step: @escaping @Sendable (CaseState) throws(EngineError) -> Step,
                             response: @escaping @Sendable (Step) -> [UInt8]) -> StoreWrite {
        StoreWrite(kind: .apply(caseID: caseID, request: request, step: step, response: response))
    }

    /// ``apply(caseID:request:step:response:)`` for an event id without a fingerprint.
    public static func apply(caseID: String, eventID: String?, step: @escaping @Sendable (CaseState) throws(EngineError) -> Step,
                             response: @escaping @Sendable (Step) -> [UInt8]) -> StoreWrite {
        apply(caseID: caseID, request: eventID.map(RequestKey.event), step: step, response: response)
    }

    /// Creates a scheduled child case from its first step and removes its schedule entry.
    public static func startChild(_ child: ScheduledChild, step: Step) -> StoreWrite {
        StoreWrite(kind: .startChild(scheduleID: child.id, step))
    }

    /// The case the write is for.
    public var caseID: String {
        switch kind {
        case .create(let step, _), .startChild(_, let step): step.after.id
        case .apply(let caseID, _, _, _): caseID
        }
    }
}

/// A step with the forms the store writes (snapshot, audit, task bodies, response) already
/// encoded (``CompactForms``), so the encoding can happen outside the write transaction.
public final class EncodedStep: Sendable {
    public let step: Step
    /// The answer to the request, also kept in the history row for a repeat of its event id.
    public let response: [UInt8]
    public let snapshot: [UInt8]
    public let audit: [UInt8]
    public let tasks: [[UInt8]]
    /// Bodies of the tasks whose holder changed, in `step.updatedTasks` order.
    public let updatedTasks: [[UInt8]]
    /// The step's time and the case's update time as stored (RFC 3339).
    public let at: String
    public let updatedAt: String

    /// The step's notifications and their deliveries (none when encoded without an outbox).
    public let outbox: [OutboxEntry]
    /// The step's service-quality facts (the case's report row, SLA results).
    public let kpi: KPIFacts

    /// Encodes a step in the compact form; its audit record refers to the dictionary of its
    /// workflow version when `dictionaries` has it (else it is written in full). With an
    /// `outbox`, the step's notifications are made too (outside the write transaction, as the
    /// rest); nil writes none (a benchmark's raw writes, an erasure).
    public init(_ step: Step, response: [UInt8], dictionaries: AuditDictionaries, outbox: Outbox?) {
        self.step = step
        self.response = response
        snapshot = CompactForms.encode(step.after)
        audit = CompactForms.encode(step.audit, dictionary: dictionaries[hash: step.after.definitionHash])
        tasks = step.openedTasks.map { CompactForms.encode($0) }
        updatedTasks = step.updatedTasks.map { CompactForms.encode($0) }
        at = step.audit.at.rfc3339
        updatedAt = step.after.updatedAt.rfc3339
        self.outbox = outbox?.entries(for: step) ?? []
        kpi = step.kpiFacts
    }
}

/// What `apply` did.
public enum ApplyOutcome: Sendable {
    /// The step was applied and stored: the step, and the answer as encoded (shared, not
    /// copied: a step is a large value and outcomes pass through several hands).
    case applied(EncodedStep)
    /// The event id was applied before; this is the answer given then.
    case duplicate([UInt8])
}

/// A workflow version as loaded: id, version, content hash and its file text.
public struct StoredDefinition: Sendable, Equatable {
    public var workflow: String
    public var version: Int
    public var hash: String
    public var source: String
    public init(workflow: String, version: Int, hash: String, source: String) {
        self.workflow = workflow
        self.version = version
        self.hash = hash
        self.source = source
    }
}

/// One applied event of a case, with its audit record.
public struct HistoryEntry: Sendable {
    public var step: Int
    /// The id the step's request was sent with (an event's or a completion's), or the timer's.
    public var eventID: String?
    /// What kind of request `eventID` names.
    public var requestKind: RequestKey.Kind?
    public var audit: AuditRecord

    public init(step: Int, eventID: String?, requestKind: RequestKey.Kind? = nil, audit: AuditRecord) {
        self.step = step
        self.eventID = eventID
        self.requestKind = requestKind
        self.audit = audit
    }

    /// The event, its time and the states come from the audit record.
    public var event: String { audit.event }
    public var at: Timestamp { audit.at }
    public var from: String? { audit.from }
    public var to: String { audit.to }
}

/// A task as stored, open or closed.
public struct StoredTask: Sendable {
    public var task: TaskInstance
    /// `open`, `completed` or `cancelled`.
    public var status: String
    public var outcome: String?
    public var closedAt: Timestamp?

    public init(task: TaskInstance, status: String, outcome: String?, closedAt: Timestamp?) {
        self.task = task
        self.status = status
        self.outcome = outcome
        self.closedAt = closedAt
    }
}

/// A pending timer of some case that has fallen due.
public struct DueTimer: Sendable {
    public var caseID: String
    public var timerID: String
    public var due: Timestamp

    public init(caseID: String, timerID: String, due: Timestamp) {
        self.caseID = caseID
        self.timerID = timerID
        self.due = due
    }
}

/// A child case waiting for its start time.
public struct ScheduledChild: Sendable {
    public var id: String
    public var request: ChildCaseRequest

    public init(id: String, request: ChildCaseRequest) {
        self.id = id
        self.request = request
    }
}
