import CaseflowExpr

/// Something that happened to a case: an event from outside, a task outcome, a timer firing.
public struct Event: Sendable, Equatable {
    public var name: String
    /// The payload, by field name; checked against the event's declared fields.
    public var data: [String: Value]
    /// When it happened; expressions see it as `now`.
    public var at: Timestamp

    public init(_ name: String, data: [String: Value] = [:], at: Timestamp) {
        self.name = name
        self.data = data
        self.at = at
    }
}
