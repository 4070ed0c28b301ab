import Foundation
import Testing
import CaseflowExpr
import CaseflowModel
import CaseflowEngine
import CaseflowStore
import CaseflowTestSupport

/// A fresh directory with one SQLite database file, never shared between tests; removed when
/// the fixture goes away.
final class TempDatabase {
    let directory: URL
    let path: String
    let store: SQLiteStore

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("caseflow-store-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("cases.sqlite").path
        store = try SQLiteStore(path: path)
    }

    /// A second store on the same file, as after a restart of the daemon.
    func reopen() throws -> SQLiteStore {
        try SQLiteStore(path: path)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A service workflow touching everything the store persists: data of every field type, three
/// tasks on entry (one with outcomes, one kept, one without a queue), two `after` timers, an
/// SLA clock with warning and breach timers that pauses while waiting for the customer, a
/// guarded event that can be rejected, and two child cases (one delayed) on approval.
let serviceWorkflow = """
    workflow: service
    version: 1
    case:
      customer.name: string
      customer.vip: {type: bool, default: false}
      order.count: int
      order.amount: double
      order.placed_at: timestamp
      order.items: list
      order.meta: map
      order.window: {type: duration, optional: true}
      bumps: {type: int, default: 0}
      note: {type: string, optional: true}
    events:
      bump: {}
      approve: {fields: {ok: bool}}
      wait_customer: {}
      customer_reply: {}
    initial: open
    states:
      open:
        entry:
          - task: triage
            title: Triage the request
            queue: desk
            due: "duration('8h')"
            priority: "customer.vip ? 10 : 1"
            outcomes: [accept, decline]
            data: {customer: customer.name, vip: customer.vip}
          - task: call_customer
            queue: phone
            keep: true
          - task: file_note
        after:
          - delay: 48h
            target: expired
          - delay: 4h
            when: "!customer.vip"
            target: escalated
        on:
          bump:
            set: {bumps: bumps + 1}
          accept: working
          decline: declined
      escalated:
        on:
          accept: working
      working:
        entry:
          - task: repair
            queue: workshop
        on:
          bump:
            set: {bumps: bumps + 1}
          wait_customer: waiting_customer
          approve:
            - target: approved
              when: event.ok
              set: {note: "'approved for ' + customer.name"}
      waiting_customer:
        on:
          customer_reply: working
      approved:
        entry:
          - start: revisit
            after: 3d
            data: {customer.name: customer.name}
          - start: survey
            data: {customer.name: customer.name}
        always: done
      done: {final: true}
      declined: {final: true}
      expired: {final: true}
    sla:
      resolution:
        title: Resolve within the promise
        target: "customer.vip ? duration('4h') : duration('24h')"
        start: [open]
        stop: [done]
        pause: [waiting_customer]
        warn_before: 1h
    """

let revisitWorkflow = """
    workflow: revisit
    version: 1
    case:
      customer.name: string
    events:
      close: {}
    initial: open
    states:
      open:
        on:
          close: closed
      closed: {final: true}
    """

let surveyWorkflow = """
    workflow: survey
    version: 1
    case:
      customer.name: string
    events:
      close: {}
    initial: open
    states:
      open:
        on:
          close: closed
      closed: {final: true}
    """

/// The engine over the service, revisit and survey workflows.
func makeEngine(sourceLocation: SourceLocation = #_sourceLocation) throws -> Engine {
    try Engine(definitions: loadDefinitions([serviceWorkflow, revisitWorkflow, surveyWorkflow], sourceLocation: sourceLocation))
}

/// Monday 2026-03-09 10:00 in Shanghai.
func mondayTen() throws -> Timestamp { try ts("2026-03-09T10:00:00+08:00") }

/// The data of a service case, with a value of every field type.
func serviceData(name: String = "Li Lei", vip: Bool = false) throws -> [String: Value] {
    var meta = CELMap()
    meta.insert(.string("source"), .string("app"))
    meta.insert(.string("attempts"), .int(3))
    meta.insert(.string("weights"), .list([.double(0.25), .double(1e-7)]))
    var nested = CELMap()
    nested.insert(.string("ok"), .bool(true))
    nested.insert(.int(7), .string("seven"))
    meta.insert(.string("nested"), .map(nested))
    return [
        "customer.name": .string(name),
        "customer.vip": .bool(vip),
        "order.count": .int(Int64.max),
        "order.amount": .double(1234.5678),
        "order.placed_at": .timestamp(try ts("2026-03-02T10:15:30.123456789+08:00")),
        "order.items": .list([.string("phone"), .int(-2), .double(0.1), .bool(false), .null,
                              .timestamp(try ts("2026-03-01T00:00:00Z")), .list([.string("退货 ✓ \"q\"\n")])]),
        "order.meta": .map(meta),
        "order.window": .duration(try #require(CELDuration(seconds: 7 * 24 * hour, nanos: 500))),
    ]
}

/// The response the server would store with a step: the step as JSON.
func responseBytes(_ step: Step) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return Array((try? encoder.encode(StepJSON(step))) ?? Data("unencodable".utf8))
}

/// Starts a service case and stores it.
@discardableResult
func createCase(_ store: SQLiteStore, _ engine: Engine, id: String, at: Timestamp, vip: Bool = false,
                name: String = "Li Lei") throws -> Step {
    let step = try engine.start(workflow: "service", id: id, data: try serviceData(name: name, vip: vip), at: at)
    try store.create(step, response: responseBytes(step))
    return step
}

/// Applies an event through the store and returns the applied step; fails on a duplicate.
@discardableResult
func send(_ store: SQLiteStore, _ engine: Engine, _ caseID: String, _ name: String, data: [String: Value] = [:],
          at: Timestamp, eventID: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Step {
    let outcome = try store.apply(caseID: caseID, eventID: eventID, { (current: CaseState) throws(EngineError) -> Step in
        try engine.apply(Event(name, data: data, at: at), to: current)
    }, response: responseBytes)
    guard case .applied(let step, let bytes) = outcome else {
        Issue.record("'\(name)' on \(caseID) was a duplicate", sourceLocation: sourceLocation)
        throw StoreError(.conflict, "duplicate")
    }
    #expect(bytes == responseBytes(step), sourceLocation: sourceLocation)
    return step
}


/// A stored task as plain comparable values.
struct TaskRow: Equatable, CustomStringConvertible {
    var task: TaskInstance
    var status: String
    var outcome: String?
    var closedAt: Timestamp?

    init(_ s: StoredTask) { task = s.task; status = s.status; outcome = s.outcome; closedAt = s.closedAt }
    init(_ task: TaskInstance, _ status: String, outcome: String? = nil, closedAt: Timestamp? = nil) {
        self.task = task; self.status = status; self.outcome = outcome; self.closedAt = closedAt
    }

    var description: String { "\(task.id) \(status) \(outcome ?? "-") \(closedAt?.rfc3339 ?? "-")" }
}

/// What `dueTimers` lists, as comparable values.
struct TimerRow: Equatable, CustomStringConvertible {
    var caseID: String
    var timerID: String
    var due: Timestamp

    init(_ d: DueTimer) { caseID = d.caseID; timerID = d.timerID; due = d.due }
    init(_ t: TimerInstance) { caseID = t.caseID; timerID = t.id; due = t.due }
    init(caseID: String, timerID: String, due: Timestamp) { self.caseID = caseID; self.timerID = timerID; self.due = due }

    var description: String { "\(caseID)/\(timerID)@\(due.rfc3339)" }
}

/// Every row of every table a case touches, to show that a refused operation wrote nothing.
struct StoreSnapshot: Equatable {
    var snapshot: CaseState?
    var history: [HistoryEntryRow]
    var tasks: [TaskRow]
    var timers: [TimerRow]
    var children: [String]
    var openByQueue: [String: Int]

    init(_ store: SQLiteStore, caseID: String) throws {
        let far = try ts("9999-12-31T23:59:59Z")
        snapshot = try store.loadCase(caseID)
        history = try store.history(caseID).map(HistoryEntryRow.init)
        tasks = try store.tasks(queue: nil, status: nil, limit: 1000).map(TaskRow.init)
        timers = try store.dueTimers(upTo: far, limit: 1000).map(TimerRow.init)
        children = try store.dueChildren(upTo: far, limit: 1000).map(\.id)
        openByQueue = try store.openTasksByQueue()
    }
}

/// A history entry as comparable values.
struct HistoryEntryRow: Equatable {
    var step: Int
    var event: String
    var eventID: String?
    var at: Timestamp
    var from: String?
    var to: String
    var audit: AuditRecord

    init(_ h: HistoryEntry) {
        step = h.step; event = h.event; eventID = h.eventID; at = h.at; from = h.from; to = h.to; audit = h.audit
    }
}
