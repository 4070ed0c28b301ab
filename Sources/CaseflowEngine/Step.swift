import CaseflowExpr
import CaseflowModel
import CaseflowSource

/// What one event did to a case: the new case, the tasks, timers and child cases it opened or
/// cancelled, and an audit record with every decision and its inputs.
///
/// The store writes a step in one transaction; the server and the CLI report it.
///
/// No part has a default: every place that makes a step names every part, so a part added
/// here that a run fills but `finish` forgets is a compile error, not a silently empty list.
public struct Step: Sendable {
    public var before: CaseState?
    public var after: CaseState
    public var openedTasks: [TaskInstance]
    public var cancelledTasks: [TaskInstance]
    /// Open tasks whose holder changed: claimed, released or assigned.
    public var updatedTasks: [TaskInstance]
    public var completedTask: TaskInstance?
    public var armedTimers: [TimerInstance]
    public var cancelledTimers: [TimerInstance]
    public var children: [ChildCaseRequest]
    public var slaChanges: [SLAChange]
    /// The case finished and reports to its parent: the event the parent receives, written in
    /// the same transaction as this step.
    public var childDone: ChildDone?
    /// The event each open child case of this case receives (`cancel_children:`), in the same
    /// transaction; children not started yet are dropped.
    public var cancelChildren: String?
    public var audit: AuditRecord
    /// The transitions taken, for coverage reports.
    public var taken: [TransitionRef]

    /// A step that changes the case alone: no task, timer, child or clock moves.
    static func caseOnly(before: CaseState, after: CaseState, cancelledTimers: [TimerInstance], audit: AuditRecord,
                         updatedTasks: [TaskInstance] = []) -> Step {
        Step(before: before, after: after, openedTasks: [], cancelledTasks: [], updatedTasks: updatedTasks, completedTask: nil, armedTimers: [],
             cancelledTimers: cancelledTimers, children: [], slaChanges: [], childDone: nil, cancelChildren: nil, audit: audit, taken: [])
    }
}

/// A child case to start, linked to its parent.
public struct ChildCaseRequest: Sendable, Equatable, Codable {
    public var workflow: String
    public var data: [String: Value]
    public var parentID: String
    /// When to start it (now, or after the `start` action's delay).
    public var startAt: Timestamp
    /// What it sends its parent when it finishes (`on_done:`), if anything.
    public var report: ChildReport?

    public init(workflow: String, data: [String: Value], parentID: String, startAt: Timestamp, report: ChildReport? = nil) {
        self.workflow = workflow
        self.data = data
        self.parentID = parentID
        self.startAt = startAt
        self.report = report
    }
}

/// What a child case sends its parent when it reaches a final state: the parent's event, and
/// the child fields copied into it by event field name.
public struct ChildReport: Sendable, Equatable, Codable {
    public var event: String
    /// Event field name → child case field.
    public var fields: [String: String]

    public init(event: String, fields: [String: String]) {
        self.event = event
        self.fields = fields
    }
}

/// A child case finished: the event its parent receives (with `state`, `child` and the fields
/// asked for), delivered in the same transaction as the child's last step.
public struct ChildDone: Sendable, Equatable {
    public var parentID: String
    public var childID: String
    public var event: Event

    public init(parentID: String, childID: String, event: Event) {
        self.parentID = parentID
        self.childID = childID
        self.event = event
    }
}

/// An SLA clock that started, paused, resumed, warned, breached or stopped in a step.
public struct SLAChange: Sendable, Equatable {
    public enum Kind: String, Sendable { case started, paused, resumed, warned, breached, met, stopped }
    public var sla: String
    public var kind: Kind
    public var deadline: Timestamp?
}

/// Identifies one transition of a workflow: the state, what triggers it, and its position.
public struct TransitionRef: Sendable, Hashable, CustomStringConvertible {
    public var state: String
    public var trigger: TransitionTrigger
    public var index: Int
    public var target: String?
    public var location: SourceLocation

    public var description: String {
        "\(state) —\(trigger.text)\(index > 0 ? "#\(index + 1)" : "")→ \(target ?? "(stay)")"
    }
}

/// Why a step went the way it did: the event, the states, and every expression evaluated with
/// its result and the values it read, so "why was this return denied?" has an answer.
public struct AuditRecord: Sendable, Equatable, Codable {
    public var event: String
    public var at: Timestamp
    /// For timers: the time the timer was due, when it fires late.
    public var dueAt: Timestamp?
    public var from: String?
    public var to: String
    public var evaluations: [Evaluation]
    /// Plain-language notes: "timer fired 2h late", "task review_request cancelled on exit".
    public var notes: [String]
    /// Who made the step happen; nil for steps of the daemon's own (timers, child starts) and
    /// when authentication is off and no person was named.
    public var actor: Actor? = nil

    public init(event: String, at: Timestamp, dueAt: Timestamp?, from: String?, to: String, evaluations: [Evaluation],
                notes: [String], actor: Actor?) {
        self.event = event
        self.at = at
        self.dueAt = dueAt
        self.from = from
        self.to = to
        self.evaluations = evaluations
        self.notes = notes
        self.actor = actor
    }
}

/// Who made a step happen: the name of the token the request came with and, for an
/// integration acting for someone, the person it named (an agent's login).
public struct Actor: Sendable, Equatable, Codable {
    public var token: String?
    public var person: String?

    public init(token: String?, person: String?) {
        self.token = token
        self.person = person
    }
}

/// One expression evaluated during a step.
public struct Evaluation: Sendable, Equatable, Codable {
    /// What the expression was for: `when`, `set decision.reason`, `due of review_request`, `rule cn/returns/seven_day_return`.
    public var purpose: String
    public var expression: String
    public var location: SourceLocation
    /// The value as CEL text, or nil when it failed.
    public var result: Value?
    public var error: String?
    /// The variables it read, in order, with their values.
    public var reads: [Read]
    /// For rules: the title and legal basis.
    public var title: String?
    public var basis: String?

    /// A variable read and its value (nil when unset).
    public struct Read: Sendable, Equatable, Codable {
        public var name: String
        public var value: Value?

        public init(name: String, value: Value?) {
            self.name = name
            self.value = value
        }
    }

    public init(purpose: String, expression: String, location: SourceLocation, result: Value?, error: String?, reads: [Read],
                title: String?, basis: String?) {
        self.purpose = purpose
        self.expression = expression
        self.location = location
        self.result = result
        self.error = error
        self.reads = reads
        self.title = title
        self.basis = basis
    }

    /// The reads with each name once, as first read (a value cannot change within one
    /// evaluation, so later reads repeat it).
    public var distinctReads: [Read] {
        // Expressions read a handful of names: a linear scan beats hashing them.
        var seen: [Read] = []
        seen.reserveCapacity(reads.count)
        for read in reads where !seen.contains(where: { $0.name == read.name }) { seen.append(read) }
        return seen
    }
}
