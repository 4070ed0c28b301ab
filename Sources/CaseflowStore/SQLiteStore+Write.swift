import CaseflowEngine
import CaseflowExpr
import Foundation
import GRDB

/// Writes: each is one transaction holding everything a step changed.
extension SQLiteStore {
    public func saveDefinition(_ d: StoredDefinition) throws(StoreError) {
        try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO definitions (workflow, version, hash, source) VALUES (?, ?, ?, ?)",
                           arguments: [d.workflow, d.version, d.hash, d.source])
        }
    }

    public func create(_ step: Step, response: [UInt8]) throws(StoreError) {
        try write { db in
            let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM cases WHERE id = ?", arguments: [step.after.id]) ?? false
            if exists { throw StoreError(.conflict, "case '\(step.after.id)' exists already; choose another id or send events to it") }
            try self.persist(step, eventID: nil, response: response, in: db, isNew: true)
        }
    }

    public func apply(caseID: String, eventID: String?, _ body: (CaseState) throws(EngineError) -> Step,
                      response: (Step) -> [UInt8]) throws(StoreError) -> ApplyOutcome {
        try write { db in
            if let eventID, let stored = try Data.fetchOne(db, sql: "SELECT response FROM applied_events WHERE case_id = ? AND event_id = ?",
                                                          arguments: [caseID, eventID]) {
                return .duplicate(Array(stored))
            }
            guard let snapshot = try Data.fetchOne(db, sql: "SELECT snapshot FROM cases WHERE id = ?", arguments: [caseID]) else {
                throw StoreError(.notFound, "no case '\(caseID)'")
            }
            let current = try self.decode(CaseState.self, snapshot)
            let step: Step
            do throws(EngineError) { step = try body(current) } catch {
                throw StoreError(.rejected, error.message, engine: EngineErrorBox(error))
            }
            let bytes = response(step)
            try self.persist(step, eventID: eventID, response: bytes, in: db, isNew: false)
            return .applied(step, bytes)
        }
    }

    public func startChild(_ child: ScheduledChild, step: Step, response: [UInt8]) throws(StoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM scheduled_children WHERE id = ?", arguments: [child.id])
            let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM cases WHERE id = ?", arguments: [step.after.id]) ?? false
            if !exists { try self.persist(step, eventID: nil, response: response, in: db, isNew: true) }
        }
    }

    public func discardTimer(caseID: String, timerID: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM timers WHERE id = ?", arguments: [timerID])
            guard let snapshot = try Data.fetchOne(db, sql: "SELECT snapshot FROM cases WHERE id = ?", arguments: [caseID]) else { return }
            var c = try self.decode(CaseState.self, snapshot)
            c.timers.removeAll { $0.id == timerID }
            try db.execute(sql: "UPDATE cases SET snapshot = ? WHERE id = ?", arguments: [try self.encode(c), caseID])
        }
    }

    /// Writes a step's snapshot, history, tasks, timers, children and event id.
    func persist(_ step: Step, eventID: String?, response: [UInt8], in db: Database, isNew: Bool) throws {
        let c = step.after
        let snapshot = try encode(c)
        if isNew {
            try db.execute(sql: """
                INSERT INTO cases (id, workflow, version, hash, state, closed, step, snapshot, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [c.id, c.workflow, c.version, c.definitionHash, c.state, c.isClosed, c.step, snapshot,
                                 c.createdAt.rfc3339, c.updatedAt.rfc3339])
        } else {
            try db.execute(sql: "UPDATE cases SET state = ?, closed = ?, step = ?, snapshot = ?, updated_at = ? WHERE id = ? AND step = ?",
                           arguments: [c.state, c.isClosed, c.step, snapshot, c.updatedAt.rfc3339, c.id, c.step - 1])
            if db.changesCount != 1 { throw StoreError(.conflict, "case '\(c.id)' changed concurrently; retry") }
        }
        try db.execute(sql: """
            INSERT INTO history (case_id, step, event, event_id, at, from_state, to_state, audit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [c.id, c.step, step.audit.event, eventID, step.audit.at.rfc3339, step.audit.from, c.state, try encode(step.audit)])
        for task in step.openedTasks {
            try db.execute(sql: "INSERT INTO tasks (id, case_id, queue, status, body) VALUES (?, ?, ?, 'open', ?)",
                           arguments: [task.id, c.id, task.queue, try encode(task)])
        }
        for task in step.cancelledTasks {
            try db.execute(sql: "UPDATE tasks SET status = 'cancelled', closed_at = ? WHERE id = ?", arguments: [step.audit.at.rfc3339, task.id])
        }
        if let done = step.completedTask {
            try db.execute(sql: "UPDATE tasks SET status = 'completed', outcome = ?, closed_at = ? WHERE id = ?",
                           arguments: [step.audit.event, step.audit.at.rfc3339, done.id])
        }
        // Timers: the snapshot is the truth; mirror it so the scheduler can find what is due.
        try db.execute(sql: "DELETE FROM timers WHERE case_id = ?", arguments: [c.id])
        for timer in c.timers {
            try db.execute(sql: "INSERT INTO timers (id, case_id, event, due_seconds, due_nanos, due) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [timer.id, c.id, timer.event, timer.due.seconds, timer.due.nanos, timer.due.rfc3339])
        }
        for (index, child) in step.children.enumerated() {
            try db.execute(sql: "INSERT OR IGNORE INTO scheduled_children (id, parent_id, start_seconds, start_nanos, request) VALUES (?, ?, ?, ?, ?)",
                           arguments: ["\(c.id)-\(child.workflow)-\(c.step)-\(index + 1)", c.id, child.startAt.seconds, child.startAt.nanos,
                                       try encode(ChildRecord(child))])
        }
        if let eventID {
            try db.execute(sql: "INSERT INTO applied_events (case_id, event_id, step, response) VALUES (?, ?, ?, ?)",
                           arguments: [c.id, eventID, c.step, Data(response)])
        }
    }
}

/// A child case request as stored.
struct ChildRecord: Codable {
    var workflow: String
    var data: [String: Value]
    var parentID: String
    var startAt: Timestamp

    init(_ r: ChildCaseRequest) {
        workflow = r.workflow; data = r.data; parentID = r.parentID; startAt = r.startAt
    }

    var request: ChildCaseRequest {
        ChildCaseRequest(workflow: workflow, data: data, parentID: parentID, startAt: startAt)
    }
}
