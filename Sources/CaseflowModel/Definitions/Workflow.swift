import CaseflowExpr
import CaseflowSource
import CaseflowYAML

/// One after-sales process as a state machine: its case schema, events, states and SLAs.
///
/// Loaded from one `workflows/*.yaml` file; every part keeps its source location so checks
/// and run-time errors can point at the line that defines it.
public struct Workflow: Sendable {
    public var id: String
    public var version: Int
    public var title: String?
    /// Default zone for calendar-day functions.
    public var timezone: String?
    /// Rule set ids this workflow may reference as `rules.*` and `values.*`.
    public var ruleSets: [Located<String>]
    /// The case schema: the fields declared under `case:` (vocabulary fields with the
    /// vocabulary's type, narrowed as written), then the vocabulary fields the workflow and its
    /// rule sets read or set without declaring them. ``Definitions/resolvingVocabulary()`` makes it.
    public var fields: [FieldDefinition]
    /// Events from outside, with the payload fields each may carry.
    public var events: [EventDefinition]
    public var initial: Located<String>
    /// States in file order.
    public var states: [State]
    /// Transitions that apply in every non-final state.
    public var globalHandlers: [EventHandler]
    public var slas: [SLADefinition]
    /// What the workflow's moments mean for the service-quality report (`kpi:`), if said.
    public var kpi: KPIDeclaration? = nil
    public var location: SourceLocation
    /// The file the workflow came from.
    public var file: String
    /// The fields as written under `case:`, in file order (a vocabulary field may lack its type).
    public var declaredFields: [FieldDefinition] = []
    /// The vocabulary the schema was resolved against: a case may carry any of its fields,
    /// which are kept with their vocabulary types.
    public var vocabulary: [FieldDefinition] = []

    /// The state with a name, if declared.
    public func state(_ name: String) -> State? { states.first { $0.name == name } }
    public func field(_ name: String) -> FieldDefinition? { fields.first { $0.name == name } }
    public func event(_ name: String) -> EventDefinition? { events.first { $0.name == name } }
}

/// A value together with where it was written.
public struct Located<T: Sendable & Hashable>: Sendable, Hashable {
    public var value: T
    public var location: SourceLocation
    public init(_ value: T, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

/// An event the outside world may send, with its payload schema.
public struct EventDefinition: Sendable {
    public var name: String
    public var fields: [FieldDefinition]
    public var location: SourceLocation
}

/// One state: what happens on entry and exit, which events it takes, its eventless and timed
/// transitions.
public struct State: Sendable {
    public var name: String
    public var title: String?
    public var isFinal: Bool
    public var entry: [Action]
    public var exit: [Action]
    /// Event handlers in file order.
    public var handlers: [EventHandler]
    /// Eventless transitions, tried in order after entry.
    public var always: [Transition]
    /// Timers armed on entry and cancelled on exit.
    public var timers: [TimerDefinition]
    public var location: SourceLocation

    public func handler(_ event: String) -> EventHandler? { handlers.first { $0.event == event } }
}

/// The transitions one event may take in a state, tried in order: the first whose `when` holds.
public struct EventHandler: Sendable {
    public var event: String
    public var transitions: [Transition]
    /// Where the event name is written.
    public var location: SourceLocation
}

/// A move to a target state (or a stay, when `target` is nil) with a guard and effects.
public struct Transition: Sendable {
    public var target: Located<String>?
    public var when: ExpressionSource?
    /// Field assignments, in order.
    public var assignments: [Assignment]
    public var actions: [Action]
    public var location: SourceLocation
}

/// `field: expression` in a `set`.
public struct Assignment: Sendable {
    public var field: Located<String>
    public var value: ExpressionSource
}

/// An `after` timer: when it fires, it is an event like any other.
public struct TimerDefinition: Sendable {
    /// The delay after entering the state, in business time or working days when `calendar`
    /// is set…
    public var delay: Delay?
    /// …or the time it fires, a timestamp expression evaluated on entry (a legal deadline such
    /// as `period_end(repair.started_at, 30, "cn")`). Exactly one of the two is set.
    public var at: ExpressionSource?
    public var calendar: Located<String>?
    public var transition: Transition
    public var location: SourceLocation

    /// `after 48h` or `at period_end(…)`, for diagrams and reports.
    public var label: String {
        if let at { return "at " + at.text.split(whereSeparator: \.isNewline).joined(separator: " ") }
        return "after " + (delay?.shortText ?? "?")
    }
}
