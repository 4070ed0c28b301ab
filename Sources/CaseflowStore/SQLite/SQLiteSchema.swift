import Foundation
import GRDB

/// The SQLite schema, as GRDB migrations: each runs once per database file, in order.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-cases") { db in
            try db.execute(sql: """
                CREATE TABLE definitions (
                    workflow TEXT NOT NULL, version INTEGER NOT NULL, hash TEXT NOT NULL, source TEXT NOT NULL,
                    PRIMARY KEY (workflow, version, hash));
                CREATE TABLE cases (
                    id TEXT PRIMARY KEY, workflow TEXT NOT NULL, version INTEGER NOT NULL, hash TEXT NOT NULL,
                    state TEXT NOT NULL, closed INTEGER NOT NULL, step INTEGER NOT NULL,
                    snapshot BLOB NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
                CREATE INDEX cases_by_state ON cases (workflow, state);
                CREATE TABLE history (
                    case_id TEXT NOT NULL, step INTEGER NOT NULL, event TEXT NOT NULL, event_id TEXT,
                    at TEXT NOT NULL, from_state TEXT, to_state TEXT NOT NULL, audit BLOB NOT NULL,
                    PRIMARY KEY (case_id, step));
                CREATE TABLE tasks (
                    id TEXT PRIMARY KEY, case_id TEXT NOT NULL, queue TEXT, status TEXT NOT NULL,
                    outcome TEXT, closed_at TEXT, body BLOB NOT NULL);
                CREATE INDEX tasks_by_queue ON tasks (queue, status);
                CREATE INDEX tasks_by_case ON tasks (case_id, status);
                CREATE TABLE timers (
                    id TEXT PRIMARY KEY, case_id TEXT NOT NULL, event TEXT NOT NULL,
                    due_seconds INTEGER NOT NULL, due_nanos INTEGER NOT NULL, due TEXT NOT NULL);
                CREATE INDEX timers_by_due ON timers (due_seconds, due_nanos);
                CREATE TABLE applied_events (
                    case_id TEXT NOT NULL, event_id TEXT NOT NULL, step INTEGER NOT NULL, response BLOB NOT NULL,
                    PRIMARY KEY (case_id, event_id));
                CREATE TABLE scheduled_children (
                    id TEXT PRIMARY KEY, parent_id TEXT NOT NULL, start_seconds INTEGER NOT NULL, start_nanos INTEGER NOT NULL,
                    request BLOB NOT NULL);
                CREATE INDEX children_by_start ON scheduled_children (start_seconds, start_nanos);
                """)
        }
        // The answer to an event with an id moves into its history row: one row and one partial
        // index instead of a second table with its own key, on the path of every event.
        migrator.registerMigration("v2-responses-in-history") { db in
            try db.execute(sql: """
                ALTER TABLE history ADD COLUMN response BLOB;
                UPDATE history SET response = (
                    SELECT a.response FROM applied_events a WHERE a.case_id = history.case_id AND a.event_id = history.event_id)
                WHERE event_id IS NOT NULL;
                CREATE UNIQUE INDEX history_by_event ON history (case_id, event_id) WHERE event_id IS NOT NULL;
                DROP TABLE applied_events;
                """)
        }
        // Nothing reads tasks by case; the index only cost two updates per closed task.
        migrator.registerMigration("v3-no-tasks-by-case") { db in
            try db.execute(sql: "DROP INDEX tasks_by_case")
        }
        // Worklists read open tasks by queue; an index of open tasks only loses a task's entry
        // when it closes, where one over (queue, status) had to move it on every close.
        migrator.registerMigration("v4-open-tasks-by-queue") { db in
            try db.execute(sql: """
                DROP INDEX tasks_by_queue;
                CREATE INDEX open_tasks_by_queue ON tasks (queue) WHERE status = 'open';
                """)
        }
        // Request ids get a kind (event, completion, timer) and a scope (the task of a
        // completion) of their own, and a digest of what the request asked. Before, a completion
        // was stored as the event id 'complete:TASK:ID' and a timer as 'timer:ID', so a client's
        // event id could stand for either. Old completions are split back into task and id by
        // the case's task-id form (CASE-task-N); old rows keep no digest.
        migrator.registerMigration("v5-request-kinds") { db in
            try db.execute(sql: """
                ALTER TABLE history ADD COLUMN request_kind TEXT NOT NULL DEFAULT 'event';
                ALTER TABLE history ADD COLUMN request_scope TEXT NOT NULL DEFAULT '';
                ALTER TABLE history ADD COLUMN request_digest BLOB;
                UPDATE history SET request_kind = 'timer', event_id = substr(event_id, 7)
                WHERE substr(event_id, 1, 6) = 'timer:';
                UPDATE history SET
                    request_kind = 'complete',
                    request_scope = case_id || '-task-' || substr(substr(event_id, 16 + length(case_id)), 1,
                        instr(substr(event_id, 16 + length(case_id)), ':') - 1),
                    event_id = substr(substr(event_id, 16 + length(case_id)),
                        instr(substr(event_id, 16 + length(case_id)), ':') + 1)
                WHERE substr(event_id, 1, 15 + length(case_id)) = 'complete:' || case_id || '-task-'
                  AND instr(substr(event_id, 16 + length(case_id)), ':') > 1;
                DROP INDEX history_by_event;
                CREATE UNIQUE INDEX history_by_request ON history (case_id, request_kind, request_scope, event_id)
                    WHERE event_id IS NOT NULL;
                """)
        }
        // Timers and child cases due are claimed for a while by the daemon that fires them (the
        // same claims as on PostgreSQL, where several daemons share the tables); a workflow
        // version is one content, whatever its hash.
        migrator.registerMigration("v6-claims") { db in
            try db.execute(sql: """
                ALTER TABLE timers ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE scheduled_children ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
                CREATE UNIQUE INDEX definitions_by_version ON definitions (workflow, version);
                """)
        }
        // Compact history (the rows' forms change without a migration: each row says its form);
        // a history row no longer repeats its audit record's event, time and states in columns
        // of their own, which nothing read; a case's customer has a column and an index, to
        // find a customer's cases (history, erasure of their personal data).
        // Answers to request ids carry the time they were stored, so they can be forgotten
        // after the retention (`--keep-answers`); open tasks are counted per queue as steps
        // change them, so /metrics reads a few rows, not the tasks; every list filter has an
        // index in listing (rowid) order, so a page never sorts or scans the table.
        migrator.registerMigration("v7-compact-and-indexed") { db in
            try db.execute(sql: """
                ALTER TABLE history ADD COLUMN answered_at INTEGER;
                UPDATE history SET answered_at = CAST(strftime('%s', 'now') AS INTEGER) WHERE response IS NOT NULL;
                CREATE INDEX history_answers ON history (answered_at) WHERE response IS NOT NULL;
                CREATE TABLE queue_counts (queue TEXT PRIMARY KEY, open INTEGER NOT NULL) WITHOUT ROWID;
                INSERT INTO queue_counts SELECT COALESCE(queue, ''), SUM(status = 'open') FROM tasks GROUP BY 1;
                CREATE INDEX cases_by_workflow ON cases (workflow);
                CREATE INDEX cases_in_state ON cases (state);
                DROP INDEX open_tasks_by_queue;
                CREATE INDEX tasks_by_queue ON tasks (queue);
                CREATE INDEX tasks_by_queue_status ON tasks (queue, status);
                CREATE INDEX tasks_by_status ON tasks (status);
                CREATE INDEX closed_cases ON cases (workflow, updated_at) WHERE closed = 1;
                CREATE INDEX children_by_parent ON scheduled_children (parent_id);
                ALTER TABLE history DROP COLUMN event;
                ALTER TABLE history DROP COLUMN at;
                ALTER TABLE history DROP COLUMN from_state;
                ALTER TABLE history DROP COLUMN to_state;
                ALTER TABLE cases ADD COLUMN customer_id TEXT;
                UPDATE cases SET customer_id = json_extract(CAST(snapshot AS TEXT), '$.data."customer.id".string')
                WHERE hex(substr(snapshot, 1, 1)) = '7B';
                CREATE INDEX cases_by_customer ON cases (customer_id) WHERE customer_id IS NOT NULL;
                """)
        }
        // The desk: a child case's parent, its creation time as a number and its search values
        // (filled in when the daemon starts with the vocabulary's `search:` fields); who holds a task (claimed or assigned), its due time and priority as sort
        // keys (a task without one sorts last), and the lease of a machine worker that took it
        // from its queue. Every listing filter and order has an index in its order. The sort
        // keys of existing tasks are read from their bodies, which SQL cannot decode.
        migrator.registerMigration("v8-desk") { db in
            let none = TaskSortKey.none
            try db.execute(sql: """
                ALTER TABLE tasks ADD COLUMN assignee TEXT;
                ALTER TABLE tasks ADD COLUMN due_key INTEGER NOT NULL DEFAULT \(none);
                ALTER TABLE tasks ADD COLUMN priority_key INTEGER NOT NULL DEFAULT \(none);
                ALTER TABLE tasks ADD COLUMN lease_owner TEXT;
                ALTER TABLE tasks ADD COLUMN lease_token TEXT;
                ALTER TABLE tasks ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE cases ADD COLUMN parent_id TEXT;
                ALTER TABLE cases ADD COLUMN created_seconds INTEGER;
                UPDATE cases SET created_seconds = CAST(strftime('%s', created_at) AS INTEGER);
                CREATE TABLE case_keys (name TEXT NOT NULL, value TEXT NOT NULL, case_id TEXT NOT NULL,
                    PRIMARY KEY (name, value, case_id)) WITHOUT ROWID;
                CREATE INDEX case_keys_by_case ON case_keys (case_id);
                CREATE TABLE search_keys (name TEXT PRIMARY KEY, field TEXT NOT NULL) WITHOUT ROWID;
                CREATE INDEX cases_by_created ON cases (created_seconds);
                CREATE INDEX open_cases ON cases (closed) WHERE closed = 0;
                """)
            // A child case's parent, for the parent's list of children and for reporting back;
            // it is in the snapshots only.
            for row in try Row.fetchAll(db, sql: "SELECT id, snapshot FROM cases") {
                let c = try StoredForms.caseState(Array(row["snapshot"] as Data), caseID: row["id"])
                if let parent = c.parentID {
                    try db.execute(sql: "UPDATE cases SET parent_id = ? WHERE id = ?", arguments: [parent, c.id])
                }
            }
            let rows = try Row.fetchAll(db, sql: "SELECT id, case_id, body FROM tasks")
            for row in rows {
                let task = try StoredForms.task(Array(row["body"] as Data), id: row["id"], caseID: row["case_id"])
                try db.execute(sql: "UPDATE tasks SET due_key = ?, priority_key = ? WHERE id = ?",
                               arguments: [TaskSortKey.due(task), TaskSortKey.priority(task), task.id])
            }
            try db.execute(sql: """
                CREATE INDEX tasks_by_assignee ON tasks (assignee, status) WHERE assignee IS NOT NULL;
                CREATE INDEX open_tasks_by_due ON tasks (due_key) WHERE status = 'open';
                CREATE INDEX open_tasks_by_queue_due ON tasks (queue, due_key) WHERE status = 'open';
                CREATE INDEX open_tasks_by_priority ON tasks (priority_key) WHERE status = 'open';
                CREATE INDEX open_tasks_by_queue_priority ON tasks (queue, priority_key) WHERE status = 'open';
                CREATE INDEX free_tasks_by_queue ON tasks (queue) WHERE status = 'open' AND assignee IS NULL;
                CREATE INDEX cases_by_parent ON cases (parent_id) WHERE parent_id IS NOT NULL;
                """)
        }
        // The outbox: every step's notifications in the order steps commit (the feed; the
        // position never goes back, even when old rows are forgotten), and one delivery per
        // subscription that wants each, until it is delivered or given up. Per case and
        // subscription, only the first pending delivery may be sent: it is marked `ready`, so a
        // claim reads ready rows through an index rather than testing every pending one.
        migrator.registerMigration("v9-outbox") { db in
            try db.execute(sql: """
                CREATE TABLE notifications (
                    position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, case_id TEXT NOT NULL, kind TEXT NOT NULL,
                    created_ms INTEGER NOT NULL, body BLOB NOT NULL);
                CREATE INDEX notifications_by_time ON notifications (created_ms);
                CREATE TABLE deliveries (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, position INTEGER NOT NULL, subscription TEXT NOT NULL, case_id TEXT NOT NULL,
                    notification_id TEXT NOT NULL, kind TEXT NOT NULL, body BLOB NOT NULL, status TEXT NOT NULL DEFAULT 'pending',
                    attempts INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL, next_ms INTEGER NOT NULL,
                    lease_ms INTEGER NOT NULL DEFAULT 0, last_error TEXT, ready INTEGER NOT NULL DEFAULT 0);
                CREATE INDEX ready_deliveries ON deliveries (subscription, next_ms) WHERE status = 'pending' AND ready = 1;
                CREATE INDEX pending_deliveries_by_case ON deliveries (subscription, case_id, position) WHERE status = 'pending';
                CREATE INDEX deliveries_by_status ON deliveries (status, subscription, id);
                """)
        }
        // The service-quality facts: a row per case (rewritten by the steps that change it) and a
        // row per SLA result, kept in case order so a report reads both in one pass.
        migrator.registerMigration("v10-kpi") { db in
            try db.execute(sql: """
                CREATE TABLE kpi_cases (
                    case_id TEXT PRIMARY KEY, workflow TEXT NOT NULL, opened_ms INTEGER NOT NULL, closed_ms INTEGER,
                    queue TEXT, channel TEXT, tier TEXT, assignee TEXT, first_response_ms INTEGER, first_response_business_s INTEGER,
                    resolved_ms INTEGER, resolution_business_s INTEGER, contacts INTEGER NOT NULL, first_contact INTEGER,
                    reopens INTEGER NOT NULL, confirmed INTEGER, survey_of TEXT, csat INTEGER, nps INTEGER,
                    answered_ms INTEGER, recovered INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE kpi_slas (
                    case_id TEXT NOT NULL, sla TEXT NOT NULL, met INTEGER NOT NULL, at_ms INTEGER NOT NULL,
                    PRIMARY KEY (case_id, sla)) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
