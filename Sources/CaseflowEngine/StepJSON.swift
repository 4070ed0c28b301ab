import CaseflowExpr
import CaseflowModel

/// A step as JSON, the shape `caseflow simulate --format json` prints and the HTTP API returns:
/// the new state, open tasks, what changed, and the reasons. (The daemon writes the same bytes
/// faster with `CaseflowJSON`; its tests hold the two to each other.)
public struct StepJSON: Encodable, Sendable {
    public let event: String
    public let at: String
    public let dueAt: String?
    public let from: String?
    public let state: String
    public let closed: Bool
    public let step: Int
    public let tasks: [TaskJSON]
    public let opened: [String]
    public let cancelled: [String]
    public let completed: String?
    public let timers: [TimerJSON]
    public let children: [ChildJSON]
    public let slas: [SLAJSON]
    public let reasons: [EvaluationJSON]
    public let notes: [String]
    /// Who made the step happen, when known.
    public let actor: Actor?

    public init(_ s: Step) {
        event = s.audit.event
        at = s.audit.at.rfc3339
        dueAt = s.audit.dueAt?.rfc3339
        from = s.audit.from
        state = s.after.state
        closed = s.after.isClosed
        step = s.after.step
        tasks = s.after.openTasks.map(TaskJSON.init)
        opened = s.openedTasks.map(\.id)
        cancelled = s.cancelledTasks.map(\.id)
        completed = s.completedTask?.id
        timers = s.after.timers.map(TimerJSON.init)
        children = s.children.map { ChildJSON(workflow: $0.workflow, startAt: $0.startAt.rfc3339, data: $0.data.mapValues(JSONValue.init)) }
        slas = s.after.slas.map(SLAJSON.init)
        reasons = s.audit.evaluations.map(EvaluationJSON.init)
        notes = s.audit.notes
        actor = s.audit.actor
    }
}

/// A case as the API answers it: `{"id", "workflow", "version", "state", "data", "tasks", …}`.
/// The daemon writes it with `CaseflowJSON`; this type is the shape those bytes are held to.
public struct CaseJSON: Encodable, Sendable {
    public let id: String
    public let workflow: String
    public let version: Int
    public let state: String
    public let closed: Bool
    public let step: Int
    public let data: [String: JSONValue]
    public let tasks: [TaskJSON]
    public let timers: [TimerJSON]
    public let slas: [SLAJSON]
    public let parent: String?
    public let createdAt: String
    public let updatedAt: String
    /// Who made the last step happen, when known.
    public let updatedBy: Actor?

    public init(_ c: CaseState) {
        id = c.id; workflow = c.workflow; version = c.version; state = c.state; closed = c.isClosed; step = c.step
        data = c.data.mapValues(JSONValue.init)
        tasks = c.openTasks.map(TaskJSON.init)
        timers = c.timers.map(TimerJSON.init)
        slas = c.slas.map(SLAJSON.init)
        parent = c.parentID
        createdAt = c.createdAt.rfc3339
        updatedAt = c.updatedAt.rfc3339
        updatedBy = c.updatedBy
    }
}

/// An open task as JSON.
public struct TaskJSON: Encodable, Sendable {
    public let id: String
    public let name: String
    public let title: String?
    public let queue: String?
    public let due: String?
    public let priority: Int64
    public let outcomes: [String]
    public let state: String
    public let data: [String: JSONValue]
    public let assignee: String?
    public let candidates: [String]?

    public init(_ t: TaskInstance) {
        id = t.id; name = t.name; title = t.title; queue = t.queue; due = t.due?.rfc3339
        priority = t.priority; outcomes = t.outcomes; state = t.state; data = t.data.mapValues(JSONValue.init)
        assignee = t.assignee; candidates = t.candidates
    }
}

/// A pending timer as JSON.
public struct TimerJSON: Encodable, Sendable {
    public let id: String
    public let event: String
    public let due: String
    public init(_ t: TimerInstance) { id = t.id; event = t.event; due = t.due.rfc3339 }
}

/// A requested child case as JSON.
public struct ChildJSON: Encodable, Sendable {
    public let workflow: String
    public let startAt: String
    public let data: [String: JSONValue]
}

/// An SLA clock as JSON.
public struct SLAJSON: Encodable, Sendable {
    public let name: String
    public let status: String
    public let deadline: String?
    public let breached: Bool
    public init(_ c: SLAClock) { name = c.name; status = c.status.rawValue; deadline = c.deadline?.rfc3339; breached = c.breached }
}

/// One evaluated expression with its result and the values it read.
public struct EvaluationJSON: Encodable, Sendable {
    public let purpose: String
    public let expression: String
    public let location: String
    public let result: JSONValue?
    public let error: String?
    public let reads: [String: JSONValue]
    public let title: String?
    public let basis: String?

    public init(_ e: Evaluation) {
        purpose = e.purpose; expression = e.expression; location = e.location.description
        result = e.result.map(JSONValue.init); error = e.error; title = e.title; basis = e.basis
        reads = Dictionary(uniqueKeysWithValues: e.distinctReads.map { ($0.name, JSONValue($0.value)) })
    }
}
