import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import CaseflowPostgres
import CaseflowStore
import Foundation
import GRDB
import Logging
import PostgresNIO

/// `caseflow-bench populate`: writes millions of return cases straight into a store's tables
/// (SQLite or PostgreSQL), for the read benchmark. The rows are the store's own forms of real
/// steps of the shipped return workflow — an open case waiting for pickup (19.9 %), one in
/// inspection (0.1 %, a rare state), and a cancelled one (80 %, with two history rows and a
/// cancelled task) — written by SQL in the database itself, so five million take minutes.
/// Each row has its own id and customer (`C-n` for n mod 1,000,000: five cases a customer);
/// the snapshot bytes of a kind are shared (a case read back shows its template's id in its
/// body), which costs reads what any snapshot of that size costs.
enum Populate {
    struct Template {
        var open: EncodedStep, inspecting: EncodedStep, cancelled: EncodedStep, start: EncodedStep
    }

    static func templates(_ engine: Engine, dictionaries: AuditDictionaries) throws -> Template {
        guard let t0 = Timestamp(rfc3339: "2026-03-09T23:59:00+08:00"), let t1 = Timestamp(rfc3339: "2026-03-11T10:00:00+08:00") else {
            throw StoreError(.database, "bad template time")
        }
        let data: [String: Value] = [
            "customer.id": .string("C-0"), "customer.name": .string("Template Customer"), "order.id": .string("SO-1"),
            "order.channel": .string("online"), "order.delivered_at": .string("2026-03-02T10:00:00+08:00"),
            "product.category": .string("phone"), "request.condition": .string("intact"),
            "request.submitted_at": .string("2026-03-09T23:59:00+08:00"),
        ]
        let start = try engine.start(workflow: "return", id: "G-0", data: data, at: t0)
        let received = try engine.apply(Event("goods_received", data: ["received_at": .timestamp(t1)], at: t1), to: start.after)
        let cancelled = try engine.apply(Event("cancel", at: t1), to: start.after)
        let encode = { (s: Step) in EncodedStep(s, response: [], dictionaries: dictionaries, outbox: nil) }
        return Template(open: encode(start), inspecting: encode(received), cancelled: encode(cancelled), start: encode(start))
    }

    /// The bundle of every definition file, as a daemon stores a version.
    static func bundles(_ definitions: Definitions, engine: Engine) throws -> [StoredDefinition] {
        let files = definitions.files.mapValues(\.text)
        let source = String(decoding: try JSONEncoder().encode(files), as: UTF8.self)
        return engine.workflows.values.joined().map { StoredDefinition(workflow: $0.id, version: $0.version, hash: $0.hash, source: source) }
    }

    static func run(database: String, cases: Int) throws -> [String] {
        let loaded = DefinitionLoader().load(paths: ["workflows", "rules"])
        let engine = try Engine(definitions: loaded.definitions)
        let bundles = try bundles(loaded.definitions, engine: engine)
        let clock = ContinuousClock(), started = clock.now
        if PostgresURL.isPostgres(database) {
            try postgres(PostgresURL(parsing: database), engine: engine, bundles: bundles, cases: cases)
        } else {
            try sqlite(database, engine: engine, bundles: bundles, cases: cases)
        }
        let seconds = Double((clock.now - started).components.seconds)
        return [String(format: "populate: %d return cases written in %.0f s", cases, seconds)]
    }

    /// The case rows by kind, in SQL: `i` is the case's number.
    static let kind = "CASE WHEN i % 10 < 8 THEN 2 WHEN i % 1000 = 9 THEN 1 ELSE 0 END"

    static func sqlite(_ path: String, engine: Engine, bundles: [StoredDefinition], cases: Int) throws {
        let store = try SQLiteStore(path: path)
        for b in bundles { try waitFor { try await store.saveDefinition(b) } }
        let t = try templates(engine, dictionaries: store.dictionaries)
        try waitFor { try await store.close() }
        let db = try DatabaseQueue(path: path, configuration: SQLiteStore.configuration(checkpointer: WALCheckpointer()))
        let c = t.open.step.after
        let rows: [[DatabaseValueConvertible?]] = [t.open, t.inspecting, t.cancelled].map { e in
            [e.step.after.state, e.step.after.isClosed, e.step.after.step, Data(e.snapshot), e.updatedAt]
        }
        for first in stride(from: 0, to: cases, by: 100_000) {
            let last = min(cases, first + 100_000) - 1
            try db.inTransaction { db in
                let series = "WITH RECURSIVE n(i) AS (SELECT \(first) UNION ALL SELECT i + 1 FROM n WHERE i < \(last))"
                try db.execute(sql: """
                    \(series) INSERT INTO cases (id, workflow, version, hash, state, closed, step, snapshot, created_at, updated_at, customer_id)
                    SELECT 'G-' || i, 'return', ?, ?, CASE \(kind) WHEN 0 THEN ? WHEN 1 THEN ? ELSE ? END,
                           CASE \(kind) WHEN 2 THEN 1 ELSE 0 END, CASE \(kind) WHEN 0 THEN 1 ELSE 2 END,
                           CASE \(kind) WHEN 0 THEN ? WHEN 1 THEN ? ELSE ? END, ?, CASE \(kind) WHEN 0 THEN ? ELSE ? END, 'C-' || (i % 1000000)
                    FROM n
                    """, arguments: [c.version, c.definitionHash, rows[0][0], rows[1][0], rows[2][0], rows[0][3], rows[1][3], rows[2][3],
                                     c.createdAt.rfc3339, rows[0][4], rows[2][4]])
                try db.execute(sql: """
                    \(series) INSERT INTO history (case_id, step, request_kind, request_scope, audit)
                    SELECT 'G-' || i, 1, 'event', '', ? FROM n
                    UNION ALL SELECT 'G-' || i, 2, 'event', '', CASE \(kind) WHEN 1 THEN ? ELSE ? END FROM n WHERE \(kind) > 0
                    """, arguments: [Data(t.start.audit), Data(t.inspecting.audit), Data(t.cancelled.audit)])
                try db.execute(sql: """
                    \(series) INSERT INTO tasks (id, case_id, queue, status, outcome, closed_at, body)
                    SELECT 'G-' || i || '-task-1', 'G-' || i, 'logistics', CASE \(kind) WHEN 0 THEN 'open' ELSE 'cancelled' END,
                           NULL, CASE \(kind) WHEN 0 THEN NULL ELSE ? END, ? FROM n
                    UNION ALL SELECT 'G-' || i || '-task-2', 'G-' || i, 'warehouse', 'open', NULL, NULL, ? FROM n WHERE \(kind) = 1
                    """, arguments: [rows[2][4], Data(t.open.tasks[0]), Data(t.inspecting.tasks[0])])
                return .commit
            }
        }
        try db.write { db in
            try db.execute(sql: "DELETE FROM queue_counts")
            try db.execute(sql: "INSERT INTO queue_counts SELECT COALESCE(queue, ''), SUM(status = 'open') FROM tasks GROUP BY 1")
        }
        try db.writeWithoutTransaction { db in
            try db.execute(sql: "ANALYZE")
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    static func postgres(_ url: PostgresURL, engine: Engine, bundles: [StoredDefinition], cases: Int) throws {
        let logger = Logger(label: "populate")
        try waitFor {
            let store = try await PostgresStore.connect(url, logger: logger, connectTimeout: .seconds(30), timeout: .seconds(600))
            for b in bundles { try await store.saveDefinition(b) }
            let t = try templates(engine, dictionaries: store.dictionaries)
            try await store.close()
            let config = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user, password: url.password,
                                                          database: url.database, tls: .disable)
            let connection = try await PostgresConnection.connect(configuration: config, id: 1, logger: logger)
            let c = t.open.step.after
            let (open, inspecting, cancelled) = (t.open, t.inspecting, t.cancelled)
            let bytes = { (b: [UInt8]) in ByteBuffer(bytes: b) }
            for first in stride(from: 0, to: cases, by: 250_000) {
                let last = min(cases, first + 250_000) - 1
                try await connection.query("BEGIN", logger: logger)
                try await connection.query("""
                    INSERT INTO cases (id, workflow, version, hash, state, closed, step, snapshot, created_at, updated_at, customer_id)
                    SELECT 'G-' || i, 'return', \(c.version), \(c.definitionHash),
                           CASE \(unescaped: kind) WHEN 0 THEN \(open.step.after.state) WHEN 1 THEN \(inspecting.step.after.state) ELSE \(cancelled.step.after.state) END,
                           \(unescaped: kind) = 2, CASE \(unescaped: kind) WHEN 0 THEN 1 ELSE 2 END,
                           CASE \(unescaped: kind) WHEN 0 THEN \(bytes(open.snapshot)) WHEN 1 THEN \(bytes(inspecting.snapshot)) ELSE \(bytes(cancelled.snapshot)) END,
                           \(c.createdAt.rfc3339), CASE \(unescaped: kind) WHEN 0 THEN \(open.updatedAt) ELSE \(cancelled.updatedAt) END,
                           'C-' || (i % 1000000)
                    FROM generate_series(\(first), \(last)) AS i
                    """, logger: logger)
                try await connection.query("""
                    INSERT INTO history (case_id, step, request_kind, request_scope, audit)
                    SELECT 'G-' || i, 1, 'event', '', \(bytes(t.start.audit)) FROM generate_series(\(first), \(last)) AS i
                    UNION ALL SELECT 'G-' || i, 2, 'event', '', CASE \(unescaped: kind) WHEN 1 THEN \(bytes(inspecting.audit)) ELSE \(bytes(cancelled.audit)) END
                    FROM generate_series(\(first), \(last)) AS i WHERE \(unescaped: kind) > 0
                    """, logger: logger)
                try await connection.query("""
                    INSERT INTO tasks (id, case_id, queue, status, closed_at, body)
                    SELECT 'G-' || i || '-task-1', 'G-' || i, 'logistics', CASE \(unescaped: kind) WHEN 0 THEN 'open' ELSE 'cancelled' END,
                           CASE \(unescaped: kind) WHEN 0 THEN NULL ELSE \(cancelled.updatedAt) END, \(bytes(open.tasks[0]))
                    FROM generate_series(\(first), \(last)) AS i
                    UNION ALL SELECT 'G-' || i || '-task-2', 'G-' || i, 'warehouse', 'open', NULL, \(bytes(inspecting.tasks[0]))
                    FROM generate_series(\(first), \(last)) AS i WHERE \(unescaped: kind) = 1
                    """, logger: logger)
                try await connection.query("COMMIT", logger: logger)
            }
            try await connection.query("DELETE FROM queue_counts", logger: logger)
            try await connection.query("INSERT INTO queue_counts SELECT COALESCE(queue, ''), count(*) FILTER (WHERE status = 'open') FROM tasks GROUP BY 1",
                                       logger: logger)
            try await connection.query("VACUUM ANALYZE", logger: logger)
            try await connection.close()
        }
    }
}
