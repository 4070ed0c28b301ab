import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import CaseflowStore

/// A stored task with its status, as `GET /v1/tasks` lists it.
struct StoredTaskJSON: Encodable {
    let id: String
    let caseID: String
    let name: String
    let title: String?
    let queue: String?
    let status: String
    let priority: Int64
    let openedAt: String
    let due: String?
    /// Open and past its due time at the moment of the answer.
    let overdue: Bool
    let assignee: String?
    let candidates: [String]?
    let outcomes: [String]
    let outcome: String?
    let data: [String: JSONValue]

    init(_ t: StoredTask, now: Timestamp) {
        id = t.task.id; caseID = t.task.caseID; name = t.task.name; title = t.task.title; queue = t.task.queue; status = t.status
        priority = t.task.priority; openedAt = t.task.openedAt.rfc3339
        due = t.task.due?.rfc3339; overdue = t.status == "open" && (t.task.due.map { $0 < now } ?? false)
        assignee = t.task.assignee; candidates = t.task.candidates
        outcomes = t.task.outcomes; outcome = t.outcome; data = t.task.data.mapValues(JSONValue.init)
    }
}

/// One applied event of a case with its reasons, as `GET /v1/cases/{id}/history` lists it.
struct HistoryJSON: Encodable {
    let step: Int
    let event: String
    let eventID: String?
    /// `event`, `complete` or `timer`: what kind of request `eventID` is the id of.
    let requestKind: String?
    let at: String
    let dueAt: String?
    let from: String?
    let to: String
    let reasons: [EvaluationJSON]
    let notes: [String]
    /// Who made the step happen, when known: the token's name and the person behind it.
    let actor: Actor?

    init(_ h: HistoryEntry) {
        step = h.step; event = h.event; eventID = h.eventID; requestKind = h.requestKind?.rawValue; at = h.at.rfc3339; dueAt = h.audit.dueAt?.rfc3339
        from = h.from; to = h.to; reasons = h.audit.evaluations.map(EvaluationJSON.init); notes = h.audit.notes
        actor = h.audit.actor
    }
}
