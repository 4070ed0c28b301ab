import Foundation
import Synchronization
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

/// The response the server would store with a step: the step as JSON.
func responseBytes(_ step: Step) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return Array((try? encoder.encode(StepJSON(step))) ?? Data("unencodable".utf8))
}

/// Starts a service case and stores it.
@discardableResult
func createCase(_ store: any CaseStore, _ engine: Engine, id: String, at: Timestamp, vip: Bool = false,
                name: String = "Li Lei") async throws -> Step {
    let step = try engine.start(workflow: "service", id: id, data: try serviceData(name: name, vip: vip), at: at)
    try await store.create(step, response: responseBytes(step))
    return step
}

/// Applies an event through the store and returns the applied step; fails on a duplicate.
@discardableResult
func send(_ store: any CaseStore, _ engine: Engine, _ caseID: String, _ name: String, data: [String: Value] = [:],
          at: Timestamp, eventID: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Step {
    let outcome = try await store.apply(caseID: caseID, eventID: eventID, { (current: CaseState) throws(EngineError) -> Step in
        try engine.apply(Event(name, data: data, at: at), to: current)
    }, response: responseBytes)
    guard case .applied(let applied) = outcome else {
        Issue.record("'\(name)' on \(caseID) was a duplicate", sourceLocation: sourceLocation)
        throw StoreError(.conflict, "duplicate")
    }
    #expect(applied.response == responseBytes(applied.step), sourceLocation: sourceLocation)
    return applied.step
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

    /// Reads everything; timers and children are looked at with a claim of no length, so
    /// reading them takes no claim.
    init(_ store: any CaseStore, caseID: String) async throws {
        let far = try ts("9999-12-31T23:59:59Z")
        snapshot = try await store.loadCase(caseID)
        history = try await store.history(caseID).map(HistoryEntryRow.init)
        tasks = try await store.tasks(queue: nil, status: nil, limit: 1000).map(TaskRow.init)
        timers = try await store.claimDueTimers(upTo: far, limit: 1000, lease: 0).map(TimerRow.init)
        children = try await store.claimDueChildren(upTo: far, limit: 1000, lease: 0).map(\.id)
        openByQueue = try await store.openTasksByQueue()
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

/// Counts calls from closures the store may run on another thread.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
