import CaseflowEngine
import CaseflowExpr
import CaseflowStore
import Foundation
import Logging
import PostgresNIO

/// The shared store: one PostgreSQL database for any number of daemons, through postgres-nio's
/// connection pool. The database is the only thing the daemons share; they need no other way to
/// agree. A step locks its case's row (`SELECT … FOR UPDATE`) for its transaction, so two
/// daemons never write two steps from one state; request ids are looked up under that lock;
/// timers and scheduled child cases are claimed with `FOR UPDATE SKIP LOCKED`.
public final class PostgresStore: CaseStore {
    let client: PostgresClient
    let logger: Logger
    /// Recently written cases; an entry is used only while its step is the row's, so a case
    /// another daemon moved on is read again.
    let snapshots: SnapshotCache
    /// The audit dictionaries of the stored workflow versions.
    public let dictionaries = AuditDictionaries()
    /// The fields cases are found by, as the daemon's vocabulary declares them.
    public let searchKeys = SearchKeys()
    /// Where steps' notifications go.
    public let outbox = Outbox()
    /// How long one operation may take before the request is answered 503.
    let timeout: Duration
    /// How long an operation may wait for a connection: longer means the server is not there
    /// (or the machine is far too busy to serve anyone in time).
    let leaseTimeout = Duration.seconds(5)
    private let running: Task<Void, Never>

    /// Connects, checking the server, the credentials and the database first (within
    /// `connectTimeout`, with a message for each way it can fail), and brings the schema up to
    /// date.
    public static func connect(_ url: PostgresURL, logger: Logger, connectTimeout: Duration = .seconds(5),
                               timeout: Duration = .seconds(10), maxConnections: Int = 20,
                               cachedCases: Int = 20_000) async throws(StoreError) -> PostgresStore {
        let config = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user,
                                                      password: url.password, database: url.database, tls: .disable)
        // First the connection alone, within `connectTimeout`: postgres-nio's pool would retry
        // a refused password for ever, so the operator hears here what is wrong.
        let connection: PostgresConnection
        do {
            connection = try await withDeadline(connectTimeout) {
                try await PostgresConnection.connect(configuration: config, id: 0, logger: logger)
            }
        } catch {
            throw PostgresErrors.startup(error, url, timeout: connectTimeout)
        }
        // Then the schema, which may wait for another daemon migrating at the same time.
        do {
            try await withDeadline(.seconds(120)) { try await PostgresSchema.migrate(connection, logger: logger) }
            try? await connection.close()
        } catch let error as PostgresSchema.SchemaTooNew {
            try? await connection.close()
            throw StoreError(.database, "the database \(url) has schema version \(error.version), written by a newer Caseflow; run that version, or another database")
        } catch {
            try? await connection.close()
            throw StoreError(.database, "cannot prepare the tables of \(url): \(PostgresErrors.describe(error)); check that user '\(url.user)' may create tables in it")
        }
        var options = PostgresClient.Configuration(host: url.host, port: url.port, username: url.user,
                                                   password: url.password, database: url.database, tls: .disable)
        options.options.maximumConnections = max(2, maxConnections)
        options.options.connectTimeout = connectTimeout
        return PostgresStore(client: PostgresClient(configuration: options, backgroundLogger: logger), logger: logger,
                             timeout: timeout, cachedCases: cachedCases)
    }

    private init(client: PostgresClient, logger: Logger, timeout: Duration, cachedCases: Int) {
        self.client = client
        self.logger = logger
        self.timeout = timeout
        snapshots = SnapshotCache(capacity: cachedCases)
        running = Task { await client.run() }
    }

    /// Closes the pool's connections.
    public func close() async throws(StoreError) {
        running.cancel()
        await running.value
    }

    public func ping() async throws(StoreError) {
        try await read("ping", timeout: min(timeout, .seconds(2))) { c in
            try await c.query("SELECT 1", logger: self.logger)
        }
    }

    // MARK: Running statements

    /// Runs `body` on a pooled connection within the deadline.
    func read<T: Sendable>(_ what: String, timeout: Duration? = nil,
                           _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await withDeadline(lease: leaseTimeout, total: timeout ?? self.timeout) { leased in
                try await self.client.withConnection { c in
                    leased.mark()
                    return try await body(c)
                }
            }
        } catch {
            throw PostgresErrors.store(error, what)
        }
    }

    /// Runs `body` in a transaction within the deadline.
    func transaction<T: Sendable>(_ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await withDeadline(lease: leaseTimeout, total: timeout) { leased in
                try await self.client.withConnection { c in
                    leased.mark()
                    return try await c.withTransaction(logger: self.logger) { c in try await body(c) }
                }
            }
        } catch let error as PostgresTransactionError {
            throw PostgresErrors.store(error.closureError ?? error.beginError ?? error.commitError ?? error, what)
        } catch {
            throw PostgresErrors.store(error, what)
        }
    }

    // MARK: Definitions

    public func saveDefinition(_ d: StoredDefinition) async throws(StoreError) {
        let stored = try await transaction("write") { c -> StoredDefinition? in
            try await c.query("""
                INSERT INTO definitions (workflow, version, hash, source) VALUES (\(d.workflow), \(d.version), \(d.hash), \(d.source))
                ON CONFLICT (workflow, version) DO NOTHING
                """, logger: self.logger)
            return try await c.query("SELECT hash, source FROM definitions WHERE workflow = \(d.workflow) AND version = \(d.version)",
                                     logger: self.logger).decode((String, String).self).first { _ in true }
                .map { StoredDefinition(workflow: d.workflow, version: d.version, hash: $0.0, source: $0.1) }
        }
        guard let stored else { return }
        if stored.hash != d.hash { throw .versionChanged(d) }
        dictionaries.learn(stored)
    }

    public func definitions() async throws(StoreError) -> [StoredDefinition] {
        try await read("read") { c in
            var found: [StoredDefinition] = []
            let rows = try await c.query("SELECT workflow, version, hash, source FROM definitions ORDER BY workflow, version", logger: self.logger)
            for try await (workflow, version, hash, source) in rows.decode((String, Int, String, String).self) {
                found.append(StoredDefinition(workflow: workflow, version: version, hash: hash, source: source))
            }
            return found
        }.map { d in self.dictionaries.learn(d); return d }
    }

    public func definitionCount() async throws(StoreError) -> Int {
        try await read("read") { c in
            try await c.query("SELECT count(*) FROM definitions", logger: self.logger).decode(Int.self).first { _ in true } ?? 0
        }
    }
}

extension ByteBuffer {
    /// The bytes, for the stored forms' readers.
    var bytes: [UInt8] { Array(readableBytesView) }
}

extension Array where Element == UInt8 {
    /// As a bytea parameter (an `[UInt8]` would be sent as an array of "char").
    var bytea: ByteBuffer { ByteBuffer(bytes: self) }
}
