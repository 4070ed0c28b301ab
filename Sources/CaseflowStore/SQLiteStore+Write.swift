import CaseflowEngine
import CaseflowExpr
import CaseflowJSON
import Foundation
import GRDB

/// Writes: a batch of steps in one transaction, each step in a savepoint holding everything it
/// changed.
extension SQLiteStore {
    public func saveDefinition(_ d: StoredDefinition) throws(StoreError) {
        try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO definitions (workflow, version, hash, source) VALUES (?, ?, ?, ?)",
                           arguments: [d.workflow, d.version, d.hash, d.source])
        }
    }

    public func commit(_ writes: [StoreWrite]) throws(StoreError) -> [Result<ApplyOutcome, StoreError>] {
        do {
            return try write { db in try self.run(writes, in: db) }
        } catch {
            // The cache took the batch's states before the commit; they must not outlive it.
            snapshots.forget(writes.map(\.caseID))
            throw error
        }
    }

    /// Runs each write in its own savepoint: a refused write is rolled back alone.
    func run(_ writes: [StoreWrite], in db: Database) throws -> [Result<ApplyOutcome, StoreError>] {
        // Cases written earlier in this batch, so a second event on one case needs no decoding.
        var written: [String: CaseState] = [:]
        var results: [Result<ApplyOutcome, StoreError>] = []
        results.reserveCapacity(writes.count)
        for w in writes {
            var outcome: ApplyOutcome?
            do {
                try db.inSavepoint {
                    outcome = try self.perform(w, in: db, written: written)
                    return .commit
                }
            } catch let error as StoreError {
                results.append(.failure(error))
                continue
            }
            guard let outcome else { throw StoreError(.database, "a write produced no outcome") }
            if case .applied(let step, _) = outcome { written[step.after.id] = step.after }
            results.append(.success(outcome))
        }
        // Cached while the writer lock is held, so no other write of this store slips in between.
        snapshots.remember(written.values)
        return results
    }

    func perform(_ w: StoreWrite, in db: Database, written: [String: CaseState]) throws -> ApplyOutcome {
        switch w {
        case .create(let step, let response):
            let exists = try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM cases WHERE id = ?"), arguments: [step.after.id]) ?? false
            if exists { throw StoreError(.conflict, "case '\(step.after.id)' exists already; choose another id or send events to it") }
            try persist(step, eventID: nil, response: response, in: db, previous: nil)
            return .applied(step, response)
        case .apply(let caseID, let eventID, let body, let response):
            if let eventID, let stored = try Data.fetchOne(
                db.cachedStatement(sql: "SELECT response FROM applied_events WHERE case_id = ? AND event_id = ?"),
                arguments: [caseID, eventID]) {
                return .duplicate(Array(stored))
            }
            let current = try currentCase(caseID, in: db, written: written)
            let step: Step
            do throws(EngineError) { step = try body(current) } catch {
                throw StoreError(.rejected, error.message, engine: EngineErrorBox(error))
            }
            let bytes = response(step)
            try persist(step, eventID: eventID, response: bytes, in: db, previous: current)
            return .applied(step, bytes)
        }
    }

    /// The stored case: from this batch or the cache when its step matches the row, otherwise
    /// decoded from the snapshot (after a restart, or when another process wrote the case).
    func currentCase(_ id: String, in db: Database, written: [String: CaseState]) throws -> CaseState {
        guard let step = try Int.fetchOne(db.cachedStatement(sql: "SELECT step FROM cases WHERE id = ?"), arguments: [id]) else {
            throw StoreError(.notFound, "no case '\(id)'")
        }
        if let c = written[id] ?? snapshots.lookup(id), c.step == step { return c }
        guard let snapshot = try Data.fetchOne(db.cachedStatement(sql: "SELECT snapshot FROM cases WHERE id = ?"), arguments: [id]) else {
            throw StoreError(.notFound, "no case '\(id)'")
        }
        return try decode(CaseState.self, snapshot)
    }

    public func startChild(_ child: ScheduledChild, step: Step, response: [UInt8]) throws(StoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM scheduled_children WHERE id = ?", arguments: [child.id])
            let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM cases WHERE id = ?", arguments: [step.after.id]) ?? false
            if !exists { try self.persist(step, eventID: nil, response: response, in: db, previous: nil) }
        }
    }

    public func discardTimer(caseID: String, timerID: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM timers WHERE id = ?", arguments: [timerID])
            guard let snapshot = try Data.fetchOne(db, sql: "SELECT snapshot FROM cases WHERE id = ?", arguments: [caseID]) else { return }
            var c = try self.decode(CaseState.self, snapshot)
            c.timers.removeAll { $0.id == timerID }
            // The step stays: the cached copy (with the timer) must not be mistaken for this one.
            self.snapshots.forget([caseID])
            try db.execute(sql: "UPDATE cases SET snapshot = ? WHERE id = ?", arguments: [Data(JSONWriter.encode(c)), caseID])
        }
    }

    /// Writes a step's snapshot, history, tasks, timers, children and event id.
    func persist(_ step: Step, eventID: String?, response: [UInt8], in db: Database, previous: CaseState?) throws {
        let isNew = previous == nil
        let c = step.after
        let snapshot = Data(JSONWriter.encode(c))
        let at = step.audit.at.rfc3339
        if isNew {
            try db.cachedStatement(sql: """
                INSERT INTO cases (id, workflow, version, hash, state, closed, step, snapshot, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [c.id, c.workflow, c.version, c.definitionHash, c.state, c.isClosed, c.step, snapshot,
                                         c.createdAt.rfc3339, c.updatedAt.rfc3339])
        } else {
            try db.cachedStatement(sql: "UPDATE cases SET state = ?, closed = ?, step = ?, snapshot = ?, updated_at = ? WHERE id = ? AND step = ?")
                .execute(arguments: [c.state, c.isClosed, c.step, snapshot, c.updatedAt.rfc3339, c.id, c.step - 1])
            if db.changesCount != 1 { throw StoreError(.conflict, "case '\(c.id)' changed concurrently; retry") }
        }
        try db.cachedStatement(sql: "INSERT INTO history (case_id, step, event, event_id, at, from_state, to_state, audit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .execute(arguments: [c.id, c.step, step.audit.event, eventID, at, step.audit.from, c.state, Data(JSONWriter.encode(step.audit))])
        for task in step.openedTasks {
            try db.cachedStatement(sql: "INSERT INTO tasks (id, case_id, queue, status, body) VALUES (?, ?, ?, 'open', ?)")
                .execute(arguments: [task.id, c.id, task.queue, Data(JSONWriter.encode(task))])
        }
        for task in step.cancelledTasks {
            try db.cachedStatement(sql: "UPDATE tasks SET status = 'cancelled', closed_at = ? WHERE id = ?").execute(arguments: [at, task.id])
        }
        if let done = step.completedTask {
            try db.cachedStatement(sql: "UPDATE tasks SET status = 'completed', outcome = ?, closed_at = ? WHERE id = ?")
                .execute(arguments: [step.audit.event, at, done.id])
        }
        try mirrorTimers(before: previous?.timers ?? [], after: c, in: db)
        for (index, child) in step.children.enumerated() {
            try db.execute(sql: "INSERT OR IGNORE INTO scheduled_children (id, parent_id, start_seconds, start_nanos, request) VALUES (?, ?, ?, ?, ?)",
                           arguments: ["\(c.id)-\(child.workflow)-\(c.step)-\(index + 1)", c.id, child.startAt.seconds, child.startAt.nanos,
                                       try encode(ChildRecord(child))])
        }
        if let eventID {
            try db.cachedStatement(sql: "INSERT INTO applied_events (case_id, event_id, step, response) VALUES (?, ?, ?, ?)")
                .execute(arguments: [c.id, eventID, c.step, Data(response)])
        }
    }

    /// The timers table mirrors the snapshot's timers (the snapshot is the truth) so the
    /// scheduler can find what is due: rows of timers the step removed go, new ones come.
    func mirrorTimers(before: [TimerInstance], after c: CaseState, in db: Database) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO timers (id, case_id, event, due_seconds, due_nanos, due) VALUES (?, ?, ?, ?, ?, ?)")
        for t in before where !c.timers.contains(t) {
            try db.cachedStatement(sql: "DELETE FROM timers WHERE id = ?").execute(arguments: [t.id])
        }
        for t in c.timers where !before.contains(t) {
            try insert.execute(arguments: [t.id, c.id, t.event, t.due.seconds, t.due.nanos, t.due.rfc3339])
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
