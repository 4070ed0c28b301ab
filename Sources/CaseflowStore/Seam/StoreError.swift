/// Why the store refused or failed an operation. A failed write leaves nothing behind: every
/// write is one transaction.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// No case (or task) with that id.
        case notFound = "not_found"
        /// A case with that id exists already, or a concurrent change won.
        case conflict
        /// The engine refused the step (its error is in `engine`).
        case rejected
        /// The database could not be opened, read or written.
        case database
        /// The database does not answer (a server that is down or unreachable); the request may
        /// be sent again once it is back.
        case unavailable
        /// A worker's lease on a task ran out or was taken over by another worker.
        case leaseLost = "lease_lost"
    }

    public var kind: Kind
    public var message: String
    /// The engine's reason, when the engine refused the step.
    public var engine: EngineErrorBox?

    public init(_ kind: Kind, _ message: String, engine: EngineErrorBox? = nil) {
        self.kind = kind
        self.message = message
        self.engine = engine
    }

    public var description: String { message }

    /// The database server does not answer.
    public static func unavailable(_ detail: String) -> StoreError {
        StoreError(.unavailable, "the database does not answer (\(detail)); the request was not carried out, send it again when /healthz says the database is back")
    }

    /// A read of the database failed, saying what SQLite said and what to check.
    static func readFailed(_ error: any Error) -> StoreError {
        StoreError(.database, "database read failed: \(error); check that the database file is readable and intact (sqlite3 FILE 'PRAGMA integrity_check')")
    }

    /// A write to the database failed, saying what SQLite said and what to check.
    static func writeFailed(_ error: any Error) -> StoreError {
        StoreError(.database, "database write failed: \(error); check free disk space and that the file is writable")
    }
}

import CaseflowEngine

/// Carries the engine's error through the store unchanged.
public struct EngineErrorBox: Sendable {
    public let error: EngineError
    public init(_ error: EngineError) { self.error = error }
}
