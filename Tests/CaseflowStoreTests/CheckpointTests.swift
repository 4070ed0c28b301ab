import Foundation
import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowEngine
import CaseflowStore

/// The write-ahead log is copied back into the database file by the store's background
/// checkpointer, and stays bounded while the writer keeps committing.
@Suite struct CheckpointTests {
    @Test func backgroundCheckpointsKeepTheLogBoundedAndLoseNothing() async throws {
        let engine = try makeServiceEngine()
        let t0 = try mondayTen()
        let db = try TempDatabase()
        // Short lengths, so that a few hundred commits cross both many times. The bound leaves
        // room for a slow background pass (the log grows while it runs, and the writer's own
        // checkpoint gives way to it), and is still under the 1,000 pages and more that SQLite's
        // own automatic checkpoint would let the log reach.
        let checkpointer = WALCheckpointer(threshold: 20, limit: 100)
        let store = try SQLiteStore(path: db.path + ".bounded", checkpointer: checkpointer)
        let wal = db.path + ".bounded-wal"
        let pageSize = 4096, frame = 24 + pageSize, bound = 32 + 900 * frame
        var largest = 0
        for n in 0..<400 {
            try await createCase(store, engine, id: "S-\(n)", at: t0)
            largest = max(largest, try Self.size(of: wal))
        }
        #expect(largest > Int(checkpointer.threshold) * frame, "the log never reached the threshold; the test shows nothing")
        #expect(largest <= bound, "the log grew to \(largest) bytes, past \(bound)")

        // The background thread ran: it copied the log at least once.
        let clock = ContinuousClock(), deadline = clock.now + .seconds(10)
        while checkpointer.checkpoints == 0, clock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(checkpointer.checkpoints > 0)

        // Every case is there, through this store and through a new one on the file.
        let reopened = try SQLiteStore(path: db.path + ".bounded")
        for reader in [store, reopened] {
            #expect(try await reader.cases(workflow: "service", state: nil, limit: 1000).count == 400)
        }
    }

    static func size(of path: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        return (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
