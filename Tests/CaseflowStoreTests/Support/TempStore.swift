import CaseflowPostgres
import CaseflowStore
import Foundation
import Synchronization
import Logging
import Testing

/// The stores every conformance test runs on.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// The PostgreSQL server the tests use: `CASEFLOW_TEST_POSTGRES` names it (scripts/test starts a
/// throwaway one with scripts/postgres). Without it the PostgreSQL tests fail, saying so; they
/// never skip.
func testPostgres() throws -> PostgresURL {
    guard let text = ProcessInfo.processInfo.environment["CASEFLOW_TEST_POSTGRES"], !text.isEmpty else {
        throw StoreError(.database, "CASEFLOW_TEST_POSTGRES is not set: the PostgreSQL tests need a server; run scripts/test, or eval \"$(scripts/postgres start)\" first")
    }
    return try PostgresURL(parsing: text)
}

/// A fresh store of one kind, never shared between tests: a SQLite file in its own directory,
/// or a new database on the test server.
final class TempStore: @unchecked Sendable {
    let kind: StoreKind
    let store: any CaseStore
    private let sqlite: TempDatabase?
    let postgres: PostgresURL?
    /// The SQLite file, for a SQLite store.
    var sqlitePath: String? { sqlite?.path }
    /// Stores opened by `reopen`, closed with this one.
    private let opened = Mutex<[any CaseStore]>([])

    init(_ kind: StoreKind) async throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            let db = try TempDatabase()
            sqlite = db
            postgres = nil
            store = db.store
        case .postgres:
            let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
            let url = try await PostgresAdmin.createDatabase(String(name), admin: try testPostgres(), logger: Logger(label: "test"))
            sqlite = nil
            postgres = url
            store = try await PostgresStore.connect(url, logger: Logger(label: "test"), connectTimeout: .seconds(30), maxConnections: 8)
        }
    }

    /// A second store on the same database: as after a restart, or as a second daemon.
    func reopen() async throws -> any CaseStore {
        if let sqlite { return try sqlite.reopen() }
        guard let postgres else { throw StoreError(.database, "no database") }
        let store = try await PostgresStore.connect(postgres, logger: Logger(label: "test"), connectTimeout: .seconds(30), maxConnections: 8)
        opened.withLock { $0.append(store) }
        return store
    }

    /// PostgreSQL pools hold connections open until closed; the server allows a few hundred.
    deinit {
        guard kind == .postgres else { return }
        let stores = [store] + opened.withLock { $0 }
        Task { for s in stores { try? await s.close() } }
    }
}
