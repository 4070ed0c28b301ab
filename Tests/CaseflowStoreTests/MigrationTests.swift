import Foundation
import GRDB
import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowEngine
import CaseflowJSON
@testable import CaseflowStore

/// A database written by an earlier version of the schema opens, and keeps its promises.
@Suite struct MigrationTests {
    @Test func answersStoredBeforeResponsesMovedIntoHistoryAreStillReturned() async throws {
        let db = try TempDatabase()
        let engine = try makeServiceEngine()
        let t0 = try mondayTen()
        let start = try engine.start(workflow: "service", id: "S-1", data: try serviceData(), at: t0)
        let bumped = try engine.apply(Event("bump", at: try plus(t0, seconds: 60)), to: start.after)
        // A file at the first schema, with a case whose event `e-1` was applied back then.
        let path = db.directory.appendingPathComponent("v1.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v1-cases")
        try await queue.write { db in
            let c = bumped.after
            try db.execute(sql: """
                INSERT INTO cases (id, workflow, version, hash, state, closed, step, snapshot, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
                """, arguments: [c.id, c.workflow, c.version, c.definitionHash, c.state, c.step, Data(JSONWriter.encode(c)),
                                 c.createdAt.rfc3339, c.updatedAt.rfc3339])
            for (step, eventID) in [(start, nil), (bumped, "e-1")] as [(Step, String?)] {
                try db.execute(sql: "INSERT INTO history (case_id, step, event, event_id, at, from_state, to_state, audit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: ["S-1", step.after.step, step.audit.event, eventID, step.audit.at.rfc3339, step.audit.from,
                                           step.after.state, Data(JSONWriter.encode(step.audit))])
            }
            try db.execute(sql: "INSERT INTO applied_events (case_id, event_id, step, response) VALUES ('S-1', 'e-1', 2, ?)",
                           arguments: [Data("the first answer".utf8)])
        }
        try queue.close()

        let store = try SQLiteStore(path: path)
        let later = try plus(t0, seconds: 120)
        let again = try await store.apply(caseID: "S-1", eventID: "e-1", { (c: CaseState) throws(EngineError) -> Step in
            try engine.apply(Event("bump", at: later), to: c)
        }, response: responseBytes)
        guard case .duplicate(let bytes) = again else { Issue.record("not a duplicate: \(again)"); return }
        #expect(String(decoding: bytes, as: UTF8.self) == "the first answer")
        #expect(try await store.loadCase("S-1")?.step == 2)
        #expect(try await store.history("S-1").map(\.eventID) == [nil, "e-1"])
        // New events still apply and are remembered.
        let next = try await send(store, engine, "S-1", "bump", at: try plus(t0, seconds: 180), eventID: "e-2")
        #expect(next.after.step == 3)
    }

    /// A database of schema v6, whose rows are JSON, upgrades to the compact history: its
    /// JSON snapshots and audit records still read, beside the compact rows of new steps; its
    /// cases are found by customer (the column is filled from the JSON snapshots).
    @Test func jsonRowsOfSchemaV6ReadBesideCompactOnesAndAreFoundByCustomer() async throws {
        let db = try TempDatabase()
        let engine = try makeServiceEngine()
        let t0 = try mondayTen()
        var first = try engine.start(workflow: "service", id: "S-1", data: try serviceData(), at: t0)
        first.after.data["customer.id"] = .string("C-OLD-1")
        let start = first
        let path = db.directory.appendingPathComponent("v6.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v6-claims")
        try await queue.write { db in
            let c = start.after
            try db.execute(sql: """
                INSERT INTO cases (id, workflow, version, hash, state, closed, step, snapshot, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
                """, arguments: [c.id, c.workflow, c.version, c.definitionHash, c.state, c.step, Data(JSONWriter.encode(c)),
                                 c.createdAt.rfc3339, c.updatedAt.rfc3339])
            try db.execute(sql: "INSERT INTO history (case_id, step, event, at, from_state, to_state, audit) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: ["S-1", 1, start.audit.event, start.audit.at.rfc3339, start.audit.from, c.state, Data(JSONWriter.encode(start.audit))])
            for task in start.openedTasks {
                try db.execute(sql: "INSERT INTO tasks (id, case_id, queue, status, body) VALUES (?, ?, ?, 'open', ?)",
                               arguments: [task.id, task.caseID, task.queue, Data(JSONWriter.encode(task))])
            }
        }
        try queue.close()

        let store = try SQLiteStore(path: path)
        // A row of the JSON form, written before report facts were kept, reads without them.
        var written = start.after
        written.measures = nil
        #expect(try await store.loadCase("S-1") == written)
        #expect(try await store.cases(customer: "C-OLD-1") == ["S-1"])
        #expect(try await store.tasks(queue: nil, status: "open", limit: 10).map(\.task) == start.openedTasks)
        let next = try await send(store, engine, "S-1", "bump", at: try plus(t0, seconds: 60))
        let history = try await store.history("S-1")
        #expect(history.map(\.audit) == [start.audit, next.audit])
        #expect(try await store.loadCase("S-1") == next.after)
        let raw = try await DatabaseQueue(path: path).read { db in try Data.fetchAll(db, sql: "SELECT audit FROM history ORDER BY step") }
        #expect(raw.map { $0.first } == [UInt8(ascii: "{"), 0xC3])
    }

    /// Before request kinds had columns, a completion was stored as the event id
    /// 'complete:TASK:ID' and a timer as 'timer:ID'; the upgrade splits them into kind, task and
    /// id, so their repeats are still found, and a client event with the same id is its own.
    @Test func completionAndTimerIdsOfTheOldFormAreSplitByTheUpgrade() async throws {
        let db = try TempDatabase()
        let engine = try makeServiceEngine()
        let t0 = try mondayTen()
        try await createCase(db.store, engine, id: "S-1:a", at: t0)
        try await send(db.store, engine, "S-1:a", "bump", at: try plus(t0, seconds: 60), eventID: "e-1")
        try await send(db.store, engine, "S-1:a", "bump", at: try plus(t0, seconds: 90), eventID: "e-2")
        // Write the rows back in the old form and take the database back before the upgrade.
        let queue = try DatabaseQueue(path: db.path)
        try await queue.write { db in
            try db.execute(sql: "DROP INDEX history_by_request")
            try db.execute(sql: "UPDATE history SET event_id = 'complete:S-1:a-task-7:r:1' WHERE event_id = 'e-1'")
            try db.execute(sql: "UPDATE history SET event_id = 'timer:S-1:a-timer-2' WHERE event_id = 'e-2'")
            try db.execute(sql: "ALTER TABLE history DROP COLUMN request_kind")
            try db.execute(sql: "ALTER TABLE history DROP COLUMN request_scope")
            try db.execute(sql: "ALTER TABLE history DROP COLUMN request_digest")
            try db.execute(sql: "CREATE UNIQUE INDEX history_by_event ON history (case_id, event_id) WHERE event_id IS NOT NULL")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v5-request-kinds'")
        }
        try queue.close()

        let store = try SQLiteStore(path: db.path)
        let rows = try await DatabaseQueue(path: db.path).read { db in
            try Row.fetchAll(db, sql: "SELECT request_kind, request_scope, event_id FROM history WHERE event_id IS NOT NULL ORDER BY step")
                .map { [$0["request_kind"] as String, $0["request_scope"] as String, $0["event_id"] as String] }
        }
        #expect(rows == [["complete", "S-1:a-task-7", "r:1"], ["timer", "", "S-1:a-timer-2"]])
        let later = try plus(t0, seconds: 120)
        let repeated = try await store.apply(caseID: "S-1:a", request: RequestKey(.completion, scope: "S-1:a-task-7", id: "r:1"), { (c: CaseState) throws(EngineError) -> Step in
            try engine.apply(Event("bump", at: later), to: c)
        }, response: responseBytes)
        guard case .duplicate = repeated else { Issue.record("not a duplicate: \(repeated)"); return }
        let event = try await store.apply(caseID: "S-1:a", eventID: "r:1", { (c: CaseState) throws(EngineError) -> Step in
            try engine.apply(Event("bump", at: later), to: c)
        }, response: responseBytes)
        guard case .applied = event else { Issue.record("an event with a completion's id was not applied: \(event)"); return }
    }

    @Test func anEventWhoseAnswerWasLostIsStillNotAppliedTwice() async throws {
        // A history row with an event id but no answer (a file edited by hand): a repeat of
        // the id is a duplicate that says so, not a second application.
        let db = try TempDatabase()
        let engine = try makeServiceEngine()
        let t0 = try mondayTen()
        try await createCase(db.store, engine, id: "S-1", at: t0)
        try await send(db.store, engine, "S-1", "bump", at: try plus(t0, seconds: 60), eventID: "e-1")
        let queue = try DatabaseQueue(path: db.path)
        try await queue.write { db in try db.execute(sql: "UPDATE history SET response = NULL WHERE event_id = 'e-1'") }
        try queue.close()
        let later = try plus(t0, seconds: 120)
        let again = try await db.store.apply(caseID: "S-1", eventID: "e-1", { (c: CaseState) throws(EngineError) -> Step in
            try engine.apply(Event("bump", at: later), to: c)
        }, response: responseBytes)
        guard case .duplicate(let bytes) = again else { Issue.record("not a duplicate: \(again)"); return }
        #expect(String(decoding: bytes, as: UTF8.self).contains("applied before, as step 2"))
        #expect(try await db.store.loadCase("S-1")?.step == 2)
    }

    @Test func tasksOfAnEarlierSchemaAreListedThroughTheOpenTasksIndex() async throws {
        let db = try TempDatabase()
        let engine = try makeServiceEngine()
        let t0 = try mondayTen()
        // Each service case opens triage (desk), call_customer (phone) and file_note (no queue).
        let opened = try ["S-1", "S-2"].flatMap { id in
            try engine.start(workflow: "service", id: id, data: try serviceData(), at: t0).openedTasks
        }
        let path = db.directory.appendingPathComponent("v3.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v3-no-tasks-by-case")
        try await queue.write { db in
            for task in opened {
                let status = task.caseID == "S-2" && task.queue == "desk" ? "completed" : "open"
                try db.execute(sql: "INSERT INTO tasks (id, case_id, queue, status, body) VALUES (?, ?, ?, ?, ?)",
                               arguments: [task.id, task.caseID, task.queue, status, Data(JSONWriter.encode(task))])
            }
        }
        try queue.close()
        func ids(_ queue: String?, _ status: String) -> [String] {
            opened.filter { (queue == nil || $0.queue == queue) && ($0.caseID == "S-2" && $0.queue == "desk" ? "completed" : "open") == status }.map(\.id)
        }
        let store = try SQLiteStore(path: path)
        #expect(try await store.tasks(queue: "desk", status: "open", limit: 10).map(\.task.id) == ids("desk", "open"))
        #expect(try await store.tasks(queue: "desk", status: "completed", limit: 10).map(\.task.id) == ids("desk", "completed"))
        #expect(try await store.tasks(queue: nil, status: "open", limit: 10).map(\.task.id) == ids(nil, "open"))
        #expect(ids("desk", "open").count == 1 && ids(nil, "open").count == 5)
        #expect(try await store.openTasksByQueue() == ["desk": 1, "phone": 2, "": 2])
        // Every filter of both lists reads an index in listing order: no scan, no sort.
        let reader = try DatabaseQueue(path: path)
        var queries = [SQLiteStore.tasksQuery(queue: nil, status: nil, after: 3, limit: 10), SQLiteStore.casesQuery(workflow: nil, state: nil, after: 3, limit: 10)]
        for queue in ["desk", nil] { for status in ["open", "completed", nil] where queue != nil || status != nil {
            queries.append(SQLiteStore.tasksQuery(queue: queue, status: status, after: 3, limit: 10))
        } }
        for workflow in ["service", nil] { for state in ["open", nil] where workflow != nil || state != nil {
            queries.append(SQLiteStore.casesQuery(workflow: workflow, state: state, after: 3, limit: 10))
        } }
        // Worklists: open tasks by due time or priority, in a queue or all, and a holder's tasks.
        let position = ListPosition(key: 1_772_500_000, position: 3)
        for order in [TaskOrder.due, .priority] { for queue in ["desk", nil] {
            queries.append(SQLiteStore.tasksQuery(TaskFilter(queue: queue, status: "open", order: order), after: position, limit: 10))
        } }
        queries.append(SQLiteStore.tasksQuery(TaskFilter(status: "open", assignee: "li"), after: position, limit: 10))
        for (sql, arguments) in queries {
            let plan = try await reader.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String? ?? "" }
            }
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(sql): \(plan)")
            let filtered = sql.contains("queue =") || sql.contains("status =") || sql.contains("workflow =") || sql.contains("state =") || sql.contains("assignee =")
            #expect(plan.contains { $0.contains(filtered ? "USING INDEX" : "USING INTEGER PRIMARY KEY") || $0.contains("USING COVERING INDEX") }, "\(sql): \(plan)")
        }
    }
}
