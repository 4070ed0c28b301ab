import CaseflowExpr
import CaseflowSource
import CaseflowYAML

/// Something a state or transition does: open a task, set fields, start a child case, cancel a task.
public enum Action: Sendable {
    case task(TaskDefinition)
    case set([Assignment])
    case start(ChildCaseDefinition)
    case cancelTask(Located<String>)
    /// Sends each open child case this event (`cancel_children: cancel`) and drops the children
    /// not started yet.
    case cancelChildren(Located<String>)

    public var location: SourceLocation {
        switch self {
        case .task(let t): return t.location
        case .set(let a): return a.first?.field.location ?? SourceLocation(file: "", line: 0, column: 0)
        case .start(let c): return c.location
        case .cancelTask(let n), .cancelChildren(let n): return n.location
        }
    }
}

/// A work order for a person or a system: which queue, when it is due, and how it may end.
public struct TaskDefinition: Sendable {
    public var name: String
    public var title: String?
    public var queue: String?
    /// A duration expression: how long after opening the task is due.
    public var due: ExpressionSource?
    /// Business calendar in which `due` counts.
    public var calendar: Located<String>?
    /// An int expression; 1 is the most urgent (P1), as help desks number them.
    public var priority: ExpressionSource?
    /// Events a worker may complete the task with; each must be handled in the state.
    public var outcomes: [Located<String>]
    /// Keep the task open when the case leaves the state.
    public var keep: Bool
    /// Extra data computed for the worker.
    public var data: [Assignment]
    /// Case fields the worker needs, copied into the task's data when it opens
    /// (`fields: [order.id, refund.amount]`).
    public var fields: [Located<String>]
    /// Who may claim it: token groups or roles (`candidates: [finance, supervisor]`); anyone
    /// who may claim tasks when empty.
    public var candidates: [Located<String>]
    public var location: SourceLocation
}

/// A child case of another workflow, linked to this one: a revisit after a repair, say.
public struct ChildCaseDefinition: Sendable {
    public var workflow: Located<String>
    /// Start after this delay instead of at once.
    public var delay: CELDuration?
    /// Field values of the child, computed from this case.
    public var data: [Assignment]
    /// The event this case receives when the child reaches a final state (`on_done:`).
    public var onDone: ChildDoneDefinition?
    public var location: SourceLocation
}

/// `on_done:` of a `start:`: the parent's event the finished child sends, like XState's
/// `onDone` of an invoked actor or BPMN's call activity returning. The event carries `state`
/// (the child's final state), `child` (its id) and the child fields `fields` names, each
/// under the event field name given.
public struct ChildDoneDefinition: Sendable {
    public var event: Located<String>
    /// Event field name → child case field, in file order.
    public var fields: [(name: String, field: Located<String>)]
    public var location: SourceLocation
}

/// A service promise with a clock: a target, when it starts, stops and pauses, a warning, and
/// what happens on breach. A breach is sticky.
public struct SLADefinition: Sendable {
    public var name: String
    public var title: String?
    /// A duration expression (e.g. 4h for VIP customers, else 24h).
    public var target: ExpressionSource
    public var calendar: Located<String>?
    /// States whose entry, or events whose arrival, start the clock.
    public var start: [Located<String>]
    /// States or events that stop it (the promise is kept if before the deadline).
    public var stop: [Located<String>]
    /// States in which the clock does not run (waiting for the customer).
    public var pause: [Located<String>]
    /// How long before the deadline a warning fires.
    public var warnBefore: CELDuration?
    /// Actions run when the deadline passes.
    public var onBreach: [Action]
    public var location: SourceLocation
}
