import CaseflowEngine
import CaseflowExpr
import CaseflowJSON
@testable import CaseflowPostgres
import CaseflowStore
import CaseflowTestSupport
import Foundation
import Logging
import PostgresNIO
import Testing

/// A PostgreSQL database of schema 1, whose rows are JSON, upgrades to the compact history.
@Suite struct PostgresMigrationTests {
    @Test func jsonRowsOfSchemaOneReadBesideCompactOnesAndAreFoundByCustomer() async throws {
        let engine = try makeServiceEngine()
        let t0 = try mondayTen()
        var first = try engine.start(workflow: "service", id: "S-1", data: try serviceData(), at: t0)
        first.after.data["customer.id"] = .string("C-OLD-1")
        let start = first
        let logger = Logger(label: "test")
        let name = "m_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let url = try await PostgresAdmin.createDatabase(String(name), admin: try testPostgres(), logger: logger)
        let config = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user, password: url.password,
                                                      database: url.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: config, id: 1, logger: logger)
        #expect(try await PostgresSchema.migrate(connection, logger: logger, upTo: 1) == [1])
        let c = start.after
        try await connection.query("""
            INSERT INTO cases (id, workflow, version, hash, state, closed, step, snapshot, created_at, updated_at)
            VALUES (\(c.id), \(c.workflow), \(c.version), \(c.definitionHash), \(c.state), false, \(c.step),
                    \(ByteBuffer(bytes: JSONWriter.encode(c))), \(c.createdAt.rfc3339), \(c.updatedAt.rfc3339))
            """, logger: logger)
        try await connection.query("""
            INSERT INTO history (case_id, step, event, request_kind, request_scope, at, to_state, audit)
            VALUES ('S-1', 1, \(start.audit.event), 'event', '', \(start.audit.at.rfc3339), \(c.state), \(ByteBuffer(bytes: JSONWriter.encode(start.audit))))
            """, logger: logger)
        for task in start.openedTasks {
            try await connection.query("""
                INSERT INTO tasks (id, case_id, queue, status, body) VALUES (\(task.id), \(task.caseID), \(task.queue), 'open', \(ByteBuffer(bytes: JSONWriter.encode(task))))
                """, logger: logger)
        }
        try await connection.close()

        let store = try await PostgresStore.connect(url, logger: logger, connectTimeout: .seconds(30), maxConnections: 4)
        // A row of the JSON form, written before report facts were kept, reads without them.
        var written = start.after
        written.measures = nil
        #expect(try await store.loadCase("S-1") == written)
        #expect(try await store.cases(customer: "C-OLD-1") == ["S-1"])
        #expect(try await store.tasks(queue: nil, status: "open", limit: 10).map(\.task) == start.openedTasks)
        var counted: [String: Int] = [:]
        for t in start.openedTasks { counted[t.queue ?? "", default: 0] += 1 }
        #expect(try await store.openTasksByQueue() == counted)
        let next = try await send(store, engine, "S-1", "bump", at: try plus(t0, seconds: 60))
        #expect(try await store.history("S-1").map(\.audit) == [start.audit, next.audit])
        #expect(try await store.loadCase("S-1") == next.after)
        try await store.close()
    }
}
