import CaseflowExpr
import CaseflowSource
import CaseflowYAML

/// An ops-written test of a workflow: a case's data, when it starts, and what must hold after
/// each event, task completion or passage of time. Read from `workflows/tests/*.yaml`.
public struct Scenario: Sendable {
    public var name: String
    public var workflow: String
    public var caseID: String
    public var data: [String: Value]
    /// Where each field of `data` is written, by dotted name (nested objects too), so an error
    /// in the data points at its line; and where `case:` is, for errors of no one field.
    public var dataLocations: [String: SourceLocation]
    public var dataLocation: SourceLocation?
    public var startAt: Timestamp
    public var expect: Expectation?
    public var steps: [ScenarioStep]
    public var location: SourceLocation
}

/// One thing that happens in a scenario, and what must hold afterwards.
public struct ScenarioStep: Sendable {
    public enum Action: Sendable {
        /// An event from outside, with its payload.
        case event(String, [String: Value])
        /// A worker completes the open task with this name.
        case complete(task: String, outcome: String, data: [String: Value])
        /// Time passes: every timer due by then fires, in due order.
        case advance
    }
    public var action: Action
    /// The workflow of the child case the event or completion is for (`child: fix`): its
    /// latest open one. Nil: the scenario's own case.
    public var child: String? = nil
    public var at: Timestamp
    public var expect: Expectation?
    public var location: SourceLocation
}

/// What must hold after a step. Every part is optional; only what is given is checked.
public struct Expectation: Sendable {
    public var state: String?
    /// The names of the open tasks, in any order.
    public var tasks: [String]?
    /// Due times of open tasks, by task name.
    public var due: [String: Timestamp] = [:]
    /// Case fields and their values (converted by the schema: timestamps from strings).
    public var data: [String: Value] = [:]
    public var closed: Bool?
    /// Workflows of child cases requested by this step.
    public var children: [String]?
    /// States of child cases by workflow (their latest case of it): `child_states: {fix: fixed}`.
    public var childStates: [String: String] = [:]
    /// SLA statuses by name: running, paused, met, breached.
    public var slas: [String: String] = [:]
    /// Results of rules evaluated in this step, by rule name.
    public var rules: [String: Bool] = [:]
    /// The step must be refused; a text must appear in the reason.
    public var rejected: Rejection?
    public var location: SourceLocation

    public enum Rejection: Sendable {
        case any
        case containing(String)
    }
}
