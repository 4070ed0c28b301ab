import CaseflowStore
import Logging
import PostgresNIO
import Synchronization

/// PostgreSQL's and postgres-nio's errors as store errors that say what to do.
enum PostgresErrors {
    /// The SQLSTATE a server error carries (`28P01`, `3D000` …), if it is one.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// The server's own message, if the error came from it.
    static func serverMessage(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.message]
    }

    /// Whether the error means the server cannot be reached (rather than that it refused a
    /// statement): requests then get 503 and the daemon waits for it to come back.
    static func isConnectionLoss(_ error: any Error) -> Bool {
        if error is DeadlinePassed { return true }
        guard let e = error as? PSQLError else { return false }
        switch e.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed, .queryCancelled:
            return true
        default:
            // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 08xxx connection exceptions.
            guard let state = e.serverInfo?[.sqlState] else { return false }
            return state.hasPrefix("08") || state.hasPrefix("57P")
        }
    }

    /// A failed statement or transaction of a running store.
    static func store(_ error: any Error, _ what: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if isConnectionLoss(error) { return .unavailable("PostgreSQL: \(describe(error))") }
        return StoreError(.database, "database \(what) failed: \(describe(error)); check the PostgreSQL server's log")
    }

    /// What went wrong in a line: the server's SQLSTATE and message, or postgres-nio's code.
    static func describe(_ error: any Error) -> String {
        if error is DeadlinePassed { return "no answer in time" }
        guard let e = error as? PSQLError else { return "\(error)" }
        if let info = e.serverInfo, let message = info[.message] {
            return "\(message) (SQLSTATE \(info[.sqlState] ?? "?"))"
        }
        if let underlying = e.underlying { return "\(e.code): \(underlying)" }
        return "\(e.code)"
    }

    /// Why the first connection at start-up failed, for the operator: a wrong password, a
    /// missing database and a server that does not answer each get their own advice.
    static func startup(_ error: any Error, _ url: PostgresURL, timeout: Duration) -> StoreError {
        let at = "\(url.host):\(url.port)"
        let message: String
        switch sqlState(error) {
        case "28P01"?:
            message = "PostgreSQL at \(at) refused the password of user '\(url.user)'; check the password in --database (or CASEFLOW_DATABASE)"
        case "28000"?:
            message = "PostgreSQL at \(at) does not let user '\(url.user)' in (\(serverMessage(error) ?? "no pg_hba.conf entry or no such role")); check the user name, or the server's pg_hba.conf"
        case "3D000"?:
            message = "PostgreSQL at \(at) has no database '\(url.database)'; create it (createdb -h \(url.host) -p \(url.port) -U \(url.user) \(url.database)) or name another in --database"
        default:
            if error is DeadlinePassed {
                message = "PostgreSQL at \(at) did not answer within \(timeout); check the host and port in --database, that the server runs, and that no firewall drops the connection"
            } else if let e = error as? PSQLError, e.code == .connectionError {
                message = "no PostgreSQL answers at \(at) (\(describe(error))); check the host and port in --database and that the server runs"
            } else {
                message = "cannot connect to PostgreSQL at \(at) as '\(url.user)': \(describe(error))"
            }
        }
        return StoreError(.unavailable, message)
    }
}

/// An operation on the database took longer than it may.
struct DeadlinePassed: Error {}

/// Runs `body`, giving up after `timeout` with ``DeadlinePassed`` (and cancelling it).
/// postgres-nio waits for a connection as long as it takes, and a server that is down would
/// hold every request; a deadline turns that into a 503 the client can act on.
func withDeadline<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw DeadlinePassed()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw DeadlinePassed() }
        return first
    }
}

/// Whether an operation got its connection; see ``withDeadline(lease:total:_:)``.
final class Leased: Sendable {
    private let flag = Mutex(false)
    func mark() { flag.withLock { $0 = true } }
    var isSet: Bool { flag.withLock { $0 } }
}

/// Runs `body`, giving up with ``DeadlinePassed`` when it has not got a connection (called
/// ``Leased/mark()``) within `lease`, or has not finished within `total`. While the server is
/// down the pool keeps trying to connect and a request would wait the whole `total`; the short
/// first deadline answers 503 within a couple of seconds instead.
func withDeadline<T: Sendable>(lease: Duration, total: Duration, _ body: @escaping @Sendable (Leased) async throws -> T) async throws -> T {
    let leased = Leased()
    return try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body(leased) }
        group.addTask {
            try await Task.sleep(for: min(lease, total))
            if !leased.isSet { throw DeadlinePassed() }
            try await Task.sleep(for: total - min(lease, total))
            throw DeadlinePassed()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw DeadlinePassed() }
        return first
    }
}
