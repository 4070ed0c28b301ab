import Dispatch
import GRDB
import GRDBSQLite
import Synchronization

/// Copies the write-ahead log back into the database file on a thread of its own, in place of
/// SQLite's automatic checkpoint. That one runs inside the commit that fills the log, on the
/// store's single writer, and waits there for the file writes and two fsyncs: one batch in
/// fifteen stalled for milliseconds while every client waited. Here a commit only compares the
/// log's length with `threshold`; past it, a passive checkpoint on a connection of its own runs
/// alongside the following commits (SQLite lets one checkpoint and one writer work at once), and
/// the first commit after it is done starts another while the log stays long.
///
/// Under a steady load the log cannot start over, since a checkpoint never catches up with the
/// commits that keep arriving; at `limit` pages the writer therefore checkpoints the rest itself,
/// as SQLite would, and the next commit starts the log over. Passes back to back leave it the
/// least to copy. A reader that holds an old snapshot keeps the log from starting over, here as
/// with SQLite's own checkpoint.
///
/// A checkpoint on a second connection must not run on SQLite before 3.51.3 (its WAL-reset race
/// can lose pages). Caseflow links its own SQLite 3.54.1 (the `CSQLite` target); on an older
/// SQLite the checkpointer stands aside and SQLite's automatic checkpoint stays in place.
///
/// One checkpointer serves one database. Public so that the benchmark's raw SQLite writes, the
/// store's limit, checkpoint the same way.
public final class WALCheckpointer: Sendable {
    /// Log length, in pages, from which background checkpoints run: SQLite's own length for
    /// its automatic checkpoint.
    public let threshold: Int32
    /// Log length from which the writer checkpoints the rest itself, so that the log can start
    /// over: it bounds the log (but for readers holding old snapshots).
    public let limit: Int32
    private let connection = Mutex<DatabaseQueue?>(nil)
    private let queue = DispatchQueue(label: "caseflow.wal-checkpoint")
    private let scheduled = Atomic<Bool>(false)
    private let stopped = Atomic<Bool>(false)
    private let completed = Atomic<Int>(0)

    /// Whether the linked SQLite has the WAL-reset fix (3.51.3), without which a checkpoint on a
    /// second connection is not safe.
    public static var isSupported: Bool { sqlite3_libversion_number() >= 3_051_003 }

    public init(threshold: Int32 = 1000, limit: Int32 = 16_000) {
        self.threshold = threshold
        self.limit = max(threshold, limit)
    }

    /// Takes over checkpointing for a connection that writes: call it from the pool's
    /// `prepareDatabase`, whose closure, kept in the connection's configuration, keeps the
    /// checkpointer alive while the connection can commit.
    /// Read-only connections never commit and are left alone.
    public func watch(_ db: Database) {
        guard !db.configuration.readonly, Self.isSupported else { return }
        // Installing a WAL hook replaces SQLite's automatic checkpoint, which is one itself.
        sqlite3_wal_hook(db.sqliteConnection, walHook, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Opens the checkpointing connection to the database at `path`, once the file exists in WAL
    /// mode. Until then, passes find no connection and do nothing (the writer's own checkpoint
    /// at `limit` still bounds the log).
    public func attach(path: String) throws(StoreError) {
        guard Self.isSupported else { return }
        do {
            let queue = try DatabaseQueue(path: path)
            connection.withLock { $0 = queue }
        } catch {
            throw StoreError(.database, "cannot open a checkpointing connection to \(path): \(error)")
        }
    }

    /// Stops starting passes and waits for a running one to finish, so that a final checkpoint
    /// (which would otherwise find the checkpoint lock taken and give up at once) can run.
    func stop() {
        stopped.store(true, ordering: .releasing)
        queue.sync {}
    }

    /// How many background checkpoints have run.
    public var checkpoints: Int { completed.load(ordering: .relaxed) }

    /// Called by SQLite on the writer's thread after every commit, with the log's length.
    fileprivate func committed(frames: Int32, on db: OpaquePointer?) {
        if frames >= limit {
            // What SQLite's automatic checkpoint would do; busy if the background one is at it.
            sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            return
        }
        guard frames >= threshold, !stopped.load(ordering: .acquiring),
              !scheduled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        queue.async { [self] in
            checkpoint()
            scheduled.store(false, ordering: .releasing)
        }
    }

    /// A passive checkpoint: it copies what no reader still needs and never waits for one.
    /// A failure leaves the pages in the log, where they stay correct; the next checkpoint
    /// retries, and the writer's own at `limit` bounds the log meanwhile.
    private func checkpoint() {
        guard let db = connection.withLock({ $0 }) else { return }
        if (try? db.writeWithoutTransaction({ try $0.checkpoint(.passive) })) != nil {
            completed.add(1, ordering: .relaxed)
        }
    }
}

/// SQLite's WAL hook, a C function: its context is the unretained checkpointer, which the
/// connection's configuration keeps alive.
private func walHook(_ context: UnsafeMutableRawPointer?, _ db: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ frames: Int32) -> Int32 {
    guard let context else { return SQLITE_OK }
    Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue().committed(frames: frames, on: db)
    return SQLITE_OK
}
