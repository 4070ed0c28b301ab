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
    let encoder: JSONEncoder
    let decoder = JSONDecoder()
    /// Recently written cases, so an event on a live case does not read and decode its snapshot.
    let snapshots: SnapshotCache
    /// The writer connection's statements for the path of every event.
    let statements = WriteStatements()
    /// Checkpoints the log off the writer's thread.
    let checkpointer: WALCheckpointer

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
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
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
        // A batch redone with a savepoint per step journals original pages, in memory rather
        // than a temporary file; and a batch touches more pages than SQLite's default 2 MB
        // cache holds, which would spill them early.
        try db.execute(sql: "PRAGMA temp_store = MEMORY")
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
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .writeFailed(error)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw .readFailed(error)
        }
    }

    func encode(_ value: some Encodable) throws -> Data {
        try encoder.encode(value)
    }

    func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        try decoder.decode(type, from: data)
    }

    /// A case snapshot, read directly when it has the usual form, else by `JSONDecoder`.
    func decodeCase(_ data: Data) throws -> CaseState {
        try SnapshotReader.caseState(Array(data)) ?? decoder.decode(CaseState.self, from: data)
    }
}

/// The last committed state of recently active cases. An entry is used only while its step
/// number equals the row's, so a case written since by another process is read from its
/// snapshot again. (Every change of a snapshot, even dropping a timer, takes a new step.)
///
/// Two generations approximate least-recently-used cheaply: entries go into the young one;
/// when it is full it becomes the old one (the previous old one is dropped), and a case found
/// in the old one moves back to the young. Cases active in the last `capacity` steps or so
/// stay; no bookkeeping per lookup.
final class SnapshotCache: Sendable {
    private struct Generations {
        var young: [String: CaseState] = [:]
        var old: [String: CaseState] = [:]
    }
    private let entries = Mutex(Generations())
    private let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    func lookup(_ id: String) -> CaseState? {
        var dropped: [[String: CaseState]] = []
        let found = entries.withLock { g -> CaseState? in
            if let c = g.young[id] { return c }
            guard let c = g.old.removeValue(forKey: id) else { return nil }
            Self.insert(c, into: &g, capacity: capacity, dropping: &dropped)
            return c
        }
        Self.release(&dropped)
        return found
    }

    func remember(_ cases: some Sequence<CaseState>) {
        var dropped: [[String: CaseState]] = []
        entries.withLock { g in
            // Two writers may report out of order; the later step wins.
            for c in cases where (g.young[c.id]?.step ?? g.old[c.id]?.step ?? Int.min) < c.step {
                g.old.removeValue(forKey: c.id)
                Self.insert(c, into: &g, capacity: capacity, dropping: &dropped)
            }
        }
        Self.release(&dropped)
    }

    /// Inserts into the young generation; when a full young one becomes the old one, the old
    /// one it replaces goes into `dropped`.
    private static func insert(_ c: CaseState, into g: inout Generations, capacity: Int, dropping dropped: inout [[String: CaseState]]) {
        if g.young.count >= capacity, g.young[c.id] == nil {
            if !g.old.isEmpty { dropped.append(g.old) }
            g.old = g.young
            g.young = Dictionary(minimumCapacity: capacity)
        }
        g.young[c.id] = c
    }

    /// Frees dropped generations (thousands of cases) on a background thread: not under the
    /// lock, and not on the caller's, which is often the store's single writer. The caller's
    /// array is emptied first, so the background block holds the last reference.
    private static func release(_ dropped: inout [[String: CaseState]]) {
        guard !dropped.isEmpty else { return }
        let generations = dropped
        dropped = []
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(generations) {} }
    }
}
