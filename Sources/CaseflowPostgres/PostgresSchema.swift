import CaseflowStore
import Logging
import NIOCore
import PostgresNIO

/// The PostgreSQL schema, as numbered migrations. Each runs once per database, in order, in one
/// transaction with the others pending; daemons starting together take an advisory lock first,
/// so one of them migrates and the rest find the work done.
///
/// The tables are SQLite's, with three differences: a `seq` column gives cases and tasks their
/// listing order (SQLite's rowid), a workflow version is keyed by workflow and version alone,
/// and timers and scheduled child cases carry the claim (`lease_until`) a daemon takes on them.
enum PostgresSchema {
    static let migrations: [(version: Int, name: String, sql: [String])] = [
        (1, "cases", [
            """
            CREATE TABLE definitions (
                workflow TEXT NOT NULL, version INTEGER NOT NULL, hash TEXT NOT NULL, source TEXT NOT NULL,
                PRIMARY KEY (workflow, version))
            """,
            """
            CREATE TABLE cases (
                id TEXT PRIMARY KEY, seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
                workflow TEXT NOT NULL, version INTEGER NOT NULL, hash TEXT NOT NULL,
                state TEXT NOT NULL, closed BOOLEAN NOT NULL, step INTEGER NOT NULL,
                snapshot BYTEA NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            "CREATE INDEX cases_by_state ON cases (workflow, state, seq)",
            "CREATE INDEX cases_by_workflow ON cases (workflow, seq)",
            """
            CREATE TABLE history (
                case_id TEXT NOT NULL, step INTEGER NOT NULL, event TEXT NOT NULL, event_id TEXT,
                request_kind TEXT NOT NULL, request_scope TEXT NOT NULL, request_digest BYTEA,
                at TEXT NOT NULL, from_state TEXT, to_state TEXT NOT NULL, audit BYTEA NOT NULL, response BYTEA,
                PRIMARY KEY (case_id, step))
            """,
            """
            CREATE UNIQUE INDEX history_by_request ON history (case_id, request_kind, request_scope, event_id)
                WHERE event_id IS NOT NULL
            """,
            """
            CREATE TABLE tasks (
                id TEXT PRIMARY KEY, seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, case_id TEXT NOT NULL,
                queue TEXT, status TEXT NOT NULL, outcome TEXT, closed_at TEXT, body BYTEA NOT NULL)
            """,
            "CREATE INDEX open_tasks_by_queue ON tasks (queue, seq) WHERE status = 'open'",
            "CREATE INDEX tasks_by_status ON tasks (status, seq)",
            """
            CREATE TABLE timers (
                id TEXT PRIMARY KEY, case_id TEXT NOT NULL, event TEXT NOT NULL,
                due_seconds BIGINT NOT NULL, due_nanos BIGINT NOT NULL, due TEXT NOT NULL,
                lease_until BIGINT NOT NULL DEFAULT 0)
            """,
            "CREATE INDEX timers_by_due ON timers (due_seconds, due_nanos)",
            """
            CREATE TABLE scheduled_children (
                id TEXT PRIMARY KEY, parent_id TEXT NOT NULL, start_seconds BIGINT NOT NULL, start_nanos BIGINT NOT NULL,
                request BYTEA NOT NULL, lease_until BIGINT NOT NULL DEFAULT 0)
            """,
            "CREATE INDEX children_by_start ON scheduled_children (start_seconds, start_nanos)",
        ]),
        // As SQLite's v7: answers to request ids carry the time they were stored (to be
        // forgotten after the retention), open tasks are counted per queue as steps change
        // them, and every list filter has an index in listing (seq) order.
        (2, "compact-and-indexed", [
            "ALTER TABLE history ADD COLUMN answered_at BIGINT",
            "UPDATE history SET answered_at = extract(epoch FROM now())::bigint WHERE response IS NOT NULL",
            "CREATE INDEX history_answers ON history (answered_at) WHERE response IS NOT NULL",
            "CREATE TABLE queue_counts (queue TEXT PRIMARY KEY, open BIGINT NOT NULL)",
            "INSERT INTO queue_counts SELECT COALESCE(queue, ''), count(*) FILTER (WHERE status = 'open') FROM tasks GROUP BY 1",
            "CREATE INDEX cases_in_state ON cases (state, seq)",
            "DROP INDEX open_tasks_by_queue",
            "CREATE INDEX tasks_by_queue ON tasks (queue, seq)",
            "CREATE INDEX tasks_by_queue_status ON tasks (queue, status, seq)",
            "CREATE INDEX closed_cases ON cases (workflow, updated_at) WHERE closed",
            "CREATE INDEX children_by_parent ON scheduled_children (parent_id)",
            // Retention removes a case's tasks by case (SQLite finds them by their ids' prefix,
            // which PostgreSQL's collations do not order bytewise).
            "CREATE INDEX tasks_by_case ON tasks (case_id)",
            // A history row no longer repeats its audit record's event, time and states.
            "ALTER TABLE history DROP COLUMN event, DROP COLUMN at, DROP COLUMN from_state, DROP COLUMN to_state",
            // A customer's cases, for their history and for erasure of their personal data (json,
            // not jsonb, to read old snapshots: jsonb refuses a \u0000 that a string may hold).
            "ALTER TABLE cases ADD COLUMN customer_id TEXT",
            """
            UPDATE cases SET customer_id = convert_from(snapshot, 'UTF8')::json -> 'data' -> 'customer.id' ->> 'string'
            WHERE get_byte(snapshot, 0) = 123
            """,
            "CREATE INDEX cases_by_customer ON cases (customer_id, seq) WHERE customer_id IS NOT NULL",
        ]),
        // As SQLite's v8: a child case's parent, who holds a task, its due time and priority as sort keys (filled in
        // from the bodies by `backfills`), a machine worker's lease, and an index per listing.
        (3, "desk", [
            """
            ALTER TABLE tasks ADD COLUMN assignee TEXT,
                ADD COLUMN due_key BIGINT NOT NULL DEFAULT \(TaskSortKey.none),
                ADD COLUMN priority_key BIGINT NOT NULL DEFAULT \(TaskSortKey.none),
                ADD COLUMN lease_owner TEXT, ADD COLUMN lease_token TEXT, ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0
            """,
            "ALTER TABLE cases ADD COLUMN parent_id TEXT, ADD COLUMN created_seconds BIGINT",
            "UPDATE cases SET created_seconds = floor(extract(epoch FROM created_at::timestamptz))::bigint",
            "CREATE INDEX cases_by_parent ON cases (parent_id, seq) WHERE parent_id IS NOT NULL",
            "CREATE INDEX cases_by_created ON cases (created_seconds, seq)",
            "CREATE INDEX open_cases ON cases (seq) WHERE NOT closed",
            """
            CREATE TABLE case_keys (name TEXT NOT NULL, value TEXT NOT NULL, case_id TEXT NOT NULL,
                PRIMARY KEY (name, value, case_id))
            """,
            "CREATE INDEX case_keys_by_case ON case_keys (case_id)",
            "CREATE TABLE search_keys (name TEXT PRIMARY KEY, field TEXT NOT NULL)",
            "CREATE INDEX tasks_by_assignee ON tasks (assignee, status, seq) WHERE assignee IS NOT NULL",
            "CREATE INDEX open_tasks_by_due ON tasks (due_key, seq) WHERE status = 'open'",
            "CREATE INDEX open_tasks_by_queue_due ON tasks (queue, due_key, seq) WHERE status = 'open'",
            "CREATE INDEX open_tasks_by_priority ON tasks (priority_key, seq) WHERE status = 'open'",
            "CREATE INDEX open_tasks_by_queue_priority ON tasks (queue, priority_key, seq) WHERE status = 'open'",
            "CREATE INDEX free_tasks_by_queue ON tasks (queue, seq) WHERE status = 'open' AND assignee IS NULL",
        ]),
        // As SQLite's v9, the outbox. A notification's position is handed out by one counter
        // row, which a batch updates last, just before it commits, and holds until then: so
        // positions follow commit order with no gaps (a feed reader past position N has seen
        // every notification up to N), where a sequence would hand out numbers that commit out
        // of order.
        (4, "outbox", [
            "CREATE TABLE notification_clock (one_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (one_row), position BIGINT NOT NULL)",
            "INSERT INTO notification_clock VALUES (true, 0)",
            """
            CREATE TABLE notifications (
                position BIGINT PRIMARY KEY, id TEXT NOT NULL, case_id TEXT NOT NULL, kind TEXT NOT NULL,
                created_ms BIGINT NOT NULL, body BYTEA NOT NULL)
            """,
            "CREATE INDEX notifications_by_time ON notifications (created_ms)",
            """
            CREATE TABLE deliveries (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, position BIGINT NOT NULL, subscription TEXT NOT NULL,
                case_id TEXT NOT NULL, notification_id TEXT NOT NULL, kind TEXT NOT NULL, body BYTEA NOT NULL,
                status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, created_ms BIGINT NOT NULL,
                next_ms BIGINT NOT NULL, lease_ms BIGINT NOT NULL DEFAULT 0, last_error TEXT, ready BOOLEAN NOT NULL DEFAULT false)
            """,
            "CREATE INDEX ready_deliveries ON deliveries (subscription, next_ms) WHERE status = 'pending' AND ready",
            "CREATE INDEX pending_deliveries_by_case ON deliveries (subscription, case_id, position) WHERE status = 'pending'",
            "CREATE INDEX deliveries_by_status ON deliveries (status, subscription, id)",
        ]),
        // The service-quality facts: a row per case, rewritten by the steps that change it, and
        // a row per SLA result.
        (5, "kpi", [
            """
            CREATE TABLE kpi_cases (
                case_id TEXT PRIMARY KEY, workflow TEXT NOT NULL, opened_ms BIGINT NOT NULL, closed_ms BIGINT,
                queue TEXT, channel TEXT, tier TEXT, assignee TEXT, first_response_ms BIGINT, first_response_business_s BIGINT,
                resolved_ms BIGINT, resolution_business_s BIGINT, contacts BIGINT NOT NULL, first_contact BOOLEAN,
                reopens BIGINT NOT NULL, confirmed BOOLEAN, survey_of TEXT, csat BIGINT, nps BIGINT,
                answered_ms BIGINT, recovered BOOLEAN NOT NULL)
            """,
            "CREATE TABLE kpi_slas (case_id TEXT NOT NULL, sla TEXT NOT NULL, met BOOLEAN NOT NULL, at_ms BIGINT NOT NULL, PRIMARY KEY (case_id, sla))",
            "CREATE INDEX kpi_slas_by_time ON kpi_slas (at_ms)",
        ]),
    ]

    /// Work a migration needs that SQL cannot do, run in its transaction after its SQL:
    /// reading compact task bodies for their sort keys.
    static let backfills: [Int: @Sendable (PostgresConnection, Logger) async throws -> Void] = [
        3: { c, logger in
            var ids: [String] = [], due: [Int64] = [], priority: [Int64] = []
            for try await (id, caseID, body) in try await c.query("SELECT id, case_id, body FROM tasks", logger: logger)
                .decode((String, String, ByteBuffer).self) {
                let task = try StoredForms.task(Array(buffer: body), id: id, caseID: caseID)
                ids.append(id); due.append(TaskSortKey.due(task)); priority.append(TaskSortKey.priority(task))
            }
            if !ids.isEmpty {
                try await c.query("""
                    UPDATE tasks SET due_key = u.due, priority_key = u.priority
                    FROM unnest(\(ids)::text[], \(due)::int8[], \(priority)::int8[]) AS u(id, due, priority) WHERE tasks.id = u.id
                    """, logger: logger)
            }
            // A child case's parent, from the snapshots.
            var children: [String] = [], parents: [String] = []
            for try await (id, snapshot) in try await c.query("SELECT id, snapshot FROM cases", logger: logger).decode((String, ByteBuffer).self) {
                if let parent = try StoredForms.caseState(Array(buffer: snapshot), caseID: id).parentID { children.append(id); parents.append(parent) }
            }
            if !children.isEmpty {
                try await c.query("""
                    UPDATE cases SET parent_id = u.parent FROM unnest(\(children)::text[], \(parents)::text[]) AS u(id, parent) WHERE cases.id = u.id
                    """, logger: logger)
            }
        },
    ]

    /// A number of Caseflow's own for the advisory lock its migrations take.
    static let lockKey: Int64 = 0x6361_7365_666c_6f77 // "caseflow"

    /// Brings the database up to the newest schema (or to `upTo`, for tests of upgrades);
    /// returns the versions it applied.
    @discardableResult
    static func migrate(_ connection: PostgresConnection, logger: Logger, upTo last: Int? = nil) async throws -> [Int] {
        try await connection.withTransaction(logger: logger) { c in
            try await c.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            try await c.query("""
                CREATE TABLE IF NOT EXISTS caseflow_schema (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger: logger)
            var applied: Set<Int> = []
            for try await version in try await c.query("SELECT version FROM caseflow_schema", logger: logger).decode(Int.self) {
                applied.insert(version)
            }
            if let newest = applied.max(), newest > (migrations.last?.version ?? 0) {
                throw SchemaTooNew(version: newest)
            }
            var ran: [Int] = []
            for m in migrations where !applied.contains(m.version) && m.version <= (last ?? Int.max) {
                for statement in m.sql { try await c.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                try await backfills[m.version]?(c, logger)
                try await c.query("INSERT INTO caseflow_schema (version, name) VALUES (\(m.version), \(m.name))", logger: logger)
                ran.append(m.version)
            }
            return ran
        }
    }

    /// The database was written by a newer Caseflow.
    struct SchemaTooNew: Error {
        var version: Int
    }
}
