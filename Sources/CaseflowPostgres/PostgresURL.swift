import CaseflowStore
import Foundation

/// Where a PostgreSQL database is, from `postgres://USER:PASSWORD@HOST:PORT/DB` (or
/// `postgresql://`), the form `--database` and `CASEFLOW_DATABASE` take. User and password may
/// be percent-encoded. Connections are not encrypted (`?sslmode=disable`, the only option): run
/// the database on the same host or a private network, or behind a TLS tunnel.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    /// Whether `text` names a PostgreSQL database rather than a SQLite file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(host: String, port: Int = 5432, user: String, password: String?, database: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    public init(parsing text: String) throws(StoreError) {
        let example = "postgres://USER:PASSWORD@HOST:5432/DATABASE"
        guard Self.isPostgres(text), let url = URLComponents(string: text) else {
            throw StoreError(.database, "--database: '\(Self.hidingPassword(text))' is not a PostgreSQL URL; write \(example)")
        }
        guard let host = url.host, !host.isEmpty else {
            throw StoreError(.database, "--database: the URL names no host; write \(example)")
        }
        guard let user = url.percentEncodedUser.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            throw StoreError(.database, "--database: the URL names no user; write \(example)")
        }
        let database = String(url.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreError(.database, "--database: the URL names no database after the host (…:\(url.port ?? 5432)/DATABASE); write \(example)")
        }
        for item in url.queryItems ?? [] where !(item.name == "sslmode" && item.value == "disable") {
            throw StoreError(.database, "--database: the URL option '\(item.name)=\(item.value ?? "")' is not supported; the one option is sslmode=disable (connections are not encrypted: keep the database on a private network or behind a TLS tunnel)")
        }
        self.init(host: host, port: url.port ?? 5432, user: user,
                  password: url.percentEncodedPassword.flatMap { $0.removingPercentEncoding }, database: database)
    }

    /// The URL without its password, for logs and messages.
    public var description: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    /// `text` with any password in it replaced, for messages about a URL that did not parse.
    static func hidingPassword(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let scheme = text.range(of: "://"),
              let colon = text[scheme.upperBound..<at].firstIndex(of: ":") else { return text }
        return String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
    }
}
