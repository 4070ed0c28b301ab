/// The idempotency key of a request that changes a case: the kind of request, what it acts on
/// within the case, and the id its sender gave it.
///
/// Kinds never meet: an event sent with the id `r1`, the completion `r1` of a task and a timer
/// are three keys, stored in separate columns rather than spelt into one string, so no id a
/// client chooses can stand for another kind of request. The fingerprint says what the request
/// asked; a repeat of a key with a different fingerprint is refused rather than answered with
/// the first request's answer.
public struct RequestKey: Sendable, Hashable {
    public enum Kind: String, Sendable {
        /// An event sent to the case (`POST /v1/cases/{id}/events`).
        case event
        /// A task's completion (`POST /v1/tasks/{id}/complete`); scoped by the task.
        case completion = "complete"
        /// A timer that fired; scoped by nothing, its id is the timer's.
        case timer
    }

    public var kind: Kind
    /// What the request acts on within its kind: the task for a completion, empty otherwise.
    public var scope: String
    /// The id the sender chose (or the timer's id).
    public var id: String
    /// A digest of what the request asked (its event or outcome, data and time as sent), or
    /// nil for a key that carries none (timers, and requests stored before digests were kept).
    public var fingerprint: [UInt8]?

    public init(_ kind: Kind, scope: String = "", id: String, fingerprint: [UInt8]? = nil) {
        self.kind = kind
        self.scope = scope
        self.id = id
        self.fingerprint = fingerprint
    }

    /// An event id without a fingerprint.
    public static func event(_ id: String) -> RequestKey { RequestKey(.event, id: id) }

    /// What to call the key in messages: "event id 'x'", "completion id 'x' of task 'T'".
    var described: String {
        switch kind {
        case .event: "event id '\(id)'"
        case .completion: "completion id '\(id)' of task '\(scope)'"
        case .timer: "timer '\(id)'"
        }
    }
}
