import CaseflowExpr
import CaseflowSource

/// Why the engine refused an operation. Nothing changes when it throws.
///
/// Each case says what was wrong and how to fix it; ``kind`` lets the HTTP layer choose a status
/// (rejected events are 409, bad data 422, unknown things 404).
public struct EngineError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The workflow or version is not loaded.
        case unknownWorkflow = "unknown_workflow"
        /// Case data does not fit the workflow's schema.
        case invalidData = "invalid_data"
        /// An event payload does not fit the event's declared fields.
        case invalidPayload = "invalid_payload"
        /// The current state does not take this event, or no transition's condition holds.
        case eventRejected = "event_rejected"
        /// A task id that is not open in this case, or an outcome it does not have.
        case unknownTask = "unknown_task"
        /// An expression failed while running (a missing optional field, say).
        case evaluationFailed = "evaluation_failed"
        /// `always` transitions kept firing past the bound.
        case alwaysLimit = "always_limit"
        /// The task is held by someone else: claimed by or assigned to them.
        case taskHeld = "task_held"
        /// The caller is none of the task's candidates.
        case notCandidate = "not_candidate"
    }

    public var kind: Kind
    public var message: String
    /// The field at fault, for data errors.
    public var field: String?
    /// The definition line involved, for evaluation errors.
    public var location: SourceLocation?

    public init(_ kind: Kind, _ message: String, field: String? = nil, location: SourceLocation? = nil) {
        self.kind = kind
        self.message = message
        self.field = field
        self.location = location
    }

    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}
