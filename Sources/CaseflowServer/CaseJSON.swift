import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import CaseflowStore

/// A case as the API answers it: `{"id", "workflow", "version", "state", "data", "tasks", …}`.
struct CaseJSON: Encodable {
    let id: String
    let workflow: String
    let version: Int
    let state: String
    let closed: Bool
    let step: Int
    let data: [String: JSONValue]
    let tasks: [TaskJSON]
    let timers: [TimerJSON]
    let slas: [SLAJSON]
    let parent: String?
    let createdAt: String
    let updatedAt: String

    init(_ c: CaseState) {
        id = c.id; workflow = c.workflow; version = c.version; state = c.state; closed = c.isClosed; step = c.step
        data = c.data.mapValues(JSONValue.init)
        tasks = c.openTasks.map(TaskJSON.init)
        timers = c.timers.map(TimerJSON.init)
        slas = c.slas.map(SLAJSON.init)
        parent = c.parentID
        createdAt = c.createdAt.rfc3339
        updatedAt = c.updatedAt.rfc3339
    }
}

/// A stored task with its status, as `GET /v1/tasks` lists it.
struct StoredTaskJSON: Encodable {
    let id: String
    let caseID: String
    let name: String
    let queue: String?
    let status: String
    let due: String?
    let outcomes: [String]
    let outcome: String?
    let data: [String: JSONValue]

    init(_ t: StoredTask) {
        id = t.task.id; caseID = t.task.caseID; name = t.task.name; queue = t.task.queue; status = t.status
        due = t.task.due?.rfc3339; outcomes = t.task.outcomes; outcome = t.outcome; data = t.task.data.mapValues(JSONValue.init)
    }
}

/// One applied event of a case with its reasons, as `GET /v1/cases/{id}/history` lists it.
struct HistoryJSON: Encodable {
    let step: Int
    let event: String
    let eventID: String?
    let at: String
    let dueAt: String?
    let from: String?
    let to: String
    let reasons: [EvaluationJSON]
    let notes: [String]

    init(_ h: HistoryEntry) {
        step = h.step; event = h.event; eventID = h.eventID; at = h.at.rfc3339; dueAt = h.audit.dueAt?.rfc3339
        from = h.from; to = h.to; reasons = h.audit.evaluations.map(EvaluationJSON.init); notes = h.audit.notes
    }
}
