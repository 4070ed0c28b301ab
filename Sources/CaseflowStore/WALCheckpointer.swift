import Dispatch
import GRDB
import GRDBSQLite
import Synchronization

/// Copies the write-ahead log back into the database file on a thread of its own, in place of
/// SQLite's automatic checkpoint. That one runs inside the commit that fills the log, on the
/// store's single writer, and waits there for the file writes and two fsyncs: one batch in
/// seven stalled for milliseconds while every client waited. Here a commit only compares the
/// log's length with a threshold; a passive checkpoint on a connection of its own then runs
/// alongside the following commits (SQLite lets one checkpoint and one writer work at once).
///
/// Public so that the benchmark's raw SQLite writes, the store's limit, checkpoint the same way.
public final class WALCheckpointer: Sendable {
    /// Log length, in pages, from which a background checkpoint starts: SQLite's own default
    /// for its automatic checkpoint.
    public let threshold: Int32
    /// Log length from which the writer checkpoints itself, as SQLite would, should the
    /// background checkpoints fall behind: it keeps the log bounded.
    public let limit: Int32
    private let connection = Mutex<DatabaseQueue?>(nil)
    private let queue = DispatchQueue(label: "caseflow.wal-checkpoint")
    private let scheduled = Atomic<Bool>(false)
    private let completed = Atomic<Int>(0)

    public init(threshold: Int32 = 1000, limit: Int32 = 16_000) {
        self.threshold = threshold
        self.limit = max(threshold, limit)
    }

    /// Takes over checkpointing for a connection that writes: call it from the pool's
    /// `prepareDatabase`, whose closure keeps the checkpointer alive as long as the connection.
    /// Read-only connections never commit and are left alone.
    public func watch(_ db: Database) {
        guard !db.configuration.readonly else { return }
        // Installing a WAL hook replaces SQLite's automatic checkpoint, which is one itself.
        sqlite3_wal_hook(db.sqliteConnection, walHook, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Opens the checkpointing connection to the database at `path`, once the file exists in WAL
    /// mode. Until then, commits that fill the log are only counted.
    public func attach(path: String) throws {
        let queue = try DatabaseQueue(path: path)
        connection.withLock { $0 = queue }
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
        guard frames >= threshold, !scheduled.exchange(true, ordering: .acquiringAndReleasing) else { return }
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
