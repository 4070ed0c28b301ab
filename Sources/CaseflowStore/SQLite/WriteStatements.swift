import GRDB
import GRDBSQLite

/// The statements on the writer's path of every event, prepared once on the writer connection
/// and found by their case rather than by their SQL text: GRDB's statement cache hashes and
/// compares the whole text on every use, which cost more than binding the values. Public so that
/// the benchmark's raw writes run the very same statements.
public enum WriteSQL: Int, CaseIterable, Sendable {
    case caseExists, insertCase, updateCase, insertHistory, findEvent, caseStep
    case insertTask, cancelTask, completeTask, insertTimer, deleteTimer, countQueue, updateCustomer, updateTask
    case insertNotification, insertDelivery, putKPICase, putKPISLA

    public var text: String {
        switch self {
        case .caseExists: "SELECT 1 FROM cases WHERE id = ?"
        case .insertCase: """
            INSERT INTO cases (id, workflow, version, hash, state, closed, step, snapshot, created_at, updated_at, customer_id, parent_id,
                               created_seconds)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        case .updateCase: "UPDATE cases SET state = ?, closed = ?, step = ?, snapshot = ?, updated_at = ? WHERE id = ? AND step = ?"
        case .updateCustomer: "UPDATE cases SET customer_id = ? WHERE id = ?"
        case .insertHistory: """
            INSERT INTO history (case_id, step, event_id, request_kind, request_scope, request_digest, audit, response, answered_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        case .findEvent: "SELECT step, response, request_digest FROM history WHERE case_id = ? AND request_kind = ? AND request_scope = ? AND event_id = ?"
        case .caseStep: "SELECT step FROM cases WHERE id = ?"
        case .insertTask: "INSERT INTO tasks (id, case_id, queue, status, body, due_key, priority_key) VALUES (?, ?, ?, 'open', ?, ?, ?)"
        case .updateTask: "UPDATE tasks SET body = ?, assignee = ? WHERE id = ? AND status = 'open'"
        case .cancelTask: "UPDATE tasks SET status = 'cancelled', closed_at = ? WHERE id = ? AND status = 'open'"
        case .completeTask: "UPDATE tasks SET status = 'completed', outcome = ?, closed_at = ? WHERE id = ? AND status = 'open'"
        case .insertTimer: "INSERT INTO timers (id, case_id, event, due_seconds, due_nanos, due) VALUES (?, ?, ?, ?, ?, ?)"
        case .deleteTimer: "DELETE FROM timers WHERE id = ?"
        case .insertNotification: "INSERT INTO notifications (id, case_id, kind, created_ms, body) VALUES (?, ?, ?, ?, ?)"
        case .insertDelivery: """
            INSERT INTO deliveries (position, subscription, case_id, notification_id, kind, body, created_ms, next_ms, ready)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
                    NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.status = 'pending' AND e.subscription = ?2 AND e.case_id = ?3))
            """
        case .putKPICase: """
            INSERT INTO kpi_cases (case_id, workflow, opened_ms, closed_ms, queue, channel, tier, assignee, first_response_ms,
                                   first_response_business_s, resolved_ms, resolution_business_s, contacts, first_contact, reopens,
                                   confirmed, survey_of, csat, nps, answered_ms, recovered)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)
            ON CONFLICT (case_id) DO UPDATE SET closed_ms = ?4, queue = ?5, channel = ?6, tier = ?7, assignee = ?8,
                first_response_ms = ?9, first_response_business_s = ?10, resolved_ms = ?11, resolution_business_s = ?12, contacts = ?13,
                first_contact = ?14, reopens = ?15, confirmed = ?16, survey_of = ?17, csat = ?18, nps = ?19, answered_ms = ?20, recovered = ?21
            """
        case .putKPISLA: "INSERT INTO kpi_slas (case_id, sla, met, at_ms) VALUES (?, ?, ?, ?) ON CONFLICT (case_id, sla) DO NOTHING"
        case .countQueue: "INSERT INTO queue_counts (queue, open) VALUES (?, ?) ON CONFLICT (queue) DO UPDATE SET open = open + excluded.open"
        }
    }
}

/// The writer connection's prepared ``WriteSQL`` statements. Used only inside the pool's
/// write closures, which SQLite and GRDB run one at a time on the one writer connection; that
/// serialisation is what makes the unchecked `Sendable` sound.
final class WriteStatements: @unchecked Sendable {
    private var connection: ObjectIdentifier?
    private var prepared: [Statement?] = Array(repeating: nil, count: WriteSQL.allCases.count)

    /// The statement for `sql` on `db`, prepared on first use. (A pool keeps one writer
    /// connection for its life; should that ever change, the statements are prepared again.)
    func callAsFunction(_ sql: WriteSQL, _ db: Database) throws -> Statement {
        if connection != ObjectIdentifier(db) {
            prepared = Array(repeating: nil, count: WriteSQL.allCases.count)
            connection = ObjectIdentifier(db)
        }
        if let statement = prepared[sql.rawValue] { return statement }
        let statement = try db.makeStatement(sql: sql.text)
        prepared[sql.rawValue] = statement
        return statement
    }

    /// Clears the error a failed statement keeps: SQLite reports a step's failure again on the
    /// statement's next reset, which GRDB turns into an error, so the next transaction would
    /// fail on a statement that did nothing wrong in it.
    func clearErrors() {
        for statement in prepared.compactMap({ $0 }) { _ = sqlite3_reset(statement.sqliteStatement) }
    }
}
