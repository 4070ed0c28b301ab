import CaseflowStore
import CSQLite
import GRDB
import Testing

/// The store runs on the SQLite compiled into the program, not on the system's: Debian 12's
/// 3.40.1 has the WAL-reset race that the background checkpointer could hit.
@Suite struct SQLiteVersionTests {
    @Test func grdbConnectionsRunTheCompiledInSQLite() async throws {
        let compiled = String(cString: caseflow_sqlite_compiled_version())
        let running = try await DatabaseQueue().read { try String.fetchOne($0, sql: "SELECT sqlite_version()") }
        #expect(running == compiled)
        // 3.51.3 is the first release with the WAL-reset fix.
        let parts = compiled.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count == 3 && (parts[0], parts[1], parts[2]) >= (3, 51, 3), "SQLite \(compiled) has the WAL-reset race")
        #expect(WALCheckpointer.isSupported)
        // Built without memory statistics, whose global mutex every allocation would take.
        let options = try await DatabaseQueue().read { try String.fetchAll($0, sql: "PRAGMA compile_options") }
        #expect(options.contains("DEFAULT_MEMSTATUS=0"))
    }
}
