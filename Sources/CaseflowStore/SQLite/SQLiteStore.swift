import CaseflowEngine
import CaseflowExpr
import CaseflowJSON
import Foundation
import GRDB
import Synchronization

/// The embedded store: one SQLite file in WAL mode through GRDB. Writes are serialised by
/// SQLite; reads run concurrently with them.
public final class SQLiteStore: CaseStore {
    let pool: DatabasePool
    /// One read-only connection for the snapshots that preparing a write needs when a case is
    /// not cached: a single SELECT, for which the pool's hand-out of a reader cost half as much
    /// again as the read and decoding. (API reads use the pool, whose readers run in parallel.)
    let snapshotReader: DatabaseQueue
    /// Recently written cases, so an event on a live case does not read and decode its snapshot.
    let snapshots: SnapshotCache
    /// The writer connection's statements for the path of every event.
    let statements = WriteStatements()
    /// Checkpoints the log off the writer's thread.
    let checkpointer: WALCheckpointer
    /// The audit dictionaries of the stored workflow versions.
    public let dictionaries = AuditDictionaries()
    /// The fields cases are found by, as the daemon's vocabulary declares them.
    public let searchKeys = SearchKeys()
    /// Where steps' notifications go.
    public let outbox = Outbox()

    /// Opens (creating if needed) the database file and runs pending migrations.
    /// - Parameters:
    ///   - cachedCases: how many recently written cases to keep decoded in memory.
    ///   - checkpointer: when the log is copied back into the file (SQLite's usual length by
    ///     default; tests choose shorter ones).
    public init(path: String, cachedCases: Int = 20_000, checkpointer: WALCheckpointer = WALCheckpointer()) throws(StoreError) {
        snapshots = SnapshotCache(capacity: cachedCases)
        self.checkpointer = checkpointer
        let config = Self.configuration(checkpointer: checkpointer)
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try SQLiteSchema.migrator.migrate(pool)
            try checkpointer.attach(path: path)
            var readOnly = config
            readOnly.readonly = true
            snapshotReader = try DatabaseQueue(path: path, configuration: readOnly)
        } catch {
            throw StoreError(.database, "cannot open the database at \(path): \(error); check that its folder exists and is writable, or pass another --database")
        }
    }

    /// The configuration of every connection the store opens, with `checkpointer` taking over
    /// the checkpoints of those that write. Public so that the benchmark's raw SQLite writes, the
    /// limit the store is measured against, run with the same settings.
    public static func configuration(checkpointer: WALCheckpointer) -> Configuration {
        var config = Configuration()
        config.prepareDatabase { db in
            try tune(db)
            checkpointer.watch(db)
        }
        config.busyMode = .timeout(5)
        return config
    }

    private static func tune(_ db: Database) throws {
        // WAL with synchronous=NORMAL: a commit survives a process crash; only a power loss
        // can drop the last commits, never corrupt the file.
        try db.execute(sql: "PRAGMA synchronous = NORMAL")
        // Temporary structures (sorts, statement journals) stay in memory rather than in files;
        // and a batch touches more pages than SQLite's default 2 MB cache holds, which would
        // spill them early.
        try db.execute(sql: "PRAGMA temp_store = MEMORY")
        // Space freed by an update or delete is zeroed, so erased personal data does not stay
        // readable in the file's free space.
        try db.execute(sql: "PRAGMA secure_delete = ON")
        try db.execute(sql: "PRAGMA cache_size = -32000")
    }

    /// Copies the whole write-ahead log into the database file and empties the log, waiting for
    /// readers if it must (up to the busy timeout): for a clean stop, so that the file alone
    /// holds everything and the next start has no log to replay. Background checkpoints stop
    /// first; the store can still write afterwards, with the writer's own checkpoint at the
    /// checkpointer's limit as the only one.
    public func checkpointForShutdown() throws(StoreError) {
        checkpointer.stop()
        do {
            try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch {
            throw .writeFailed(error)
        }
    }

    /// Runs a GRDB write, turning its errors into store errors.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .writeFailed(error)
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .readFailed(error)
        }
    }

    public func ping() async throws(StoreError) {
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    public func close() async throws(StoreError) {
        try checkpointForShutdown()
    }

}

