import CaseflowStore
import Logging
import PostgresNIO

/// Creating databases on a server, for tests and benchmarks that want a fresh one each.
public enum PostgresAdmin {
    /// Creates database `name` on the server `admin` points at (its user needs CREATEDB) and
    /// returns the URL of the new database.
    public static func createDatabase(_ name: String, admin: PostgresURL, logger: Logger) async throws(StoreError) -> PostgresURL {
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), !name.isEmpty else {
            throw StoreError(.database, "a database name of letters, digits and _ only, not '\(name)'")
        }
        let config = PostgresConnection.Configuration(host: admin.host, port: admin.port, username: admin.user,
                                                      password: admin.password, database: admin.database, tls: .disable)
        do {
            try await withDeadline(.seconds(30)) {
                let connection = try await PostgresConnection.connect(configuration: config, id: 0, logger: logger)
                defer { Task { try? await connection.close() } }
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
            }
        } catch {
            throw PostgresErrors.startup(error, admin, timeout: .seconds(30))
        }
        var url = admin
        url.database = name
        return url
    }
}
