import CaseflowEngine
import CaseflowStore

/// An error of the case service with the HTTP status it maps to and a message that says what to fix.
public struct ServiceError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case badRequest = "bad_request"
        case notFound = "not_found"
        case conflict
        case rejected = "event_rejected"
        case invalidData = "invalid_data"
        case invalidDefinitions = "invalid_definitions"
        case unauthorized
        /// The caller may not do this to this resource (403).
        case forbidden
        /// The task is held by someone else (409); the message names the holder.
        case taskHeld = "task_held"
        /// A worker's lease on a task ran out or was taken over (409).
        case leaseLost = "lease_lost"
        case tooLarge = "too_large"
        case internalError = "internal"
        /// The database does not answer; send again later (503).
        case unavailable
    }

    public var kind: Kind
    public var message: String
    public var field: String?

    public init(_ kind: Kind, _ message: String, field: String? = nil) {
        self.kind = kind
        self.message = message
        self.field = field
    }

    public var description: String { message }

    /// Maps the engine's refusals: bad data is 422, rejected events 409, unknown things 404.
    init(_ error: EngineError) {
        switch error.kind {
        case .invalidData, .invalidPayload: self.init(.invalidData, error.message, field: error.field)
        case .eventRejected, .alwaysLimit, .evaluationFailed: self.init(.rejected, error.message)
        case .unknownWorkflow: self.init(.notFound, error.message)
        case .unknownTask: self.init(.rejected, error.message)
        case .taskHeld: self.init(.taskHeld, error.message)
        case .notCandidate: self.init(.forbidden, error.message)
        }
    }

    init(_ error: StoreError) {
        switch error.kind {
        case .notFound: self.init(.notFound, error.message)
        case .conflict: self.init(.conflict, error.message)
        case .rejected:
            if let engine = error.engine { self.init(engine.error) } else { self.init(.rejected, error.message) }
        case .database: self.init(.internalError, error.message)
        case .unavailable: self.init(.unavailable, error.message)
        case .leaseLost: self.init(.leaseLost, error.message)
        }
    }
}
