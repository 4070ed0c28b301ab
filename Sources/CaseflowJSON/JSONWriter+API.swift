import CaseflowEngine
import CaseflowExpr

/// The API's answers (``StepJSON``, ``CaseJSON``) written directly from the engine's values,
/// the same JSON the `Encodable` types produce.
extension JSONWriter {
    /// What `POST /v1/cases/{id}/events` answers: the same JSON as `StepJSON(step)`.
    public static func response(_ s: Step) -> [UInt8] { written(capacity: 4096) { $0.step(s) } }

    /// What `POST /v1/cases` and `GET /v1/cases/{id}` answer: the same JSON as `CaseJSON(c)`.
    public static func response(_ c: CaseState) -> [UInt8] { written(capacity: 2048) { $0.caseJSON(c) } }

    /// `GET /v1/cases/{id}`: the case with its child cases.
    public static func response(_ c: CaseState, children: [ChildLink]) -> [UInt8] {
        written(capacity: 2048 + 96 * children.count) { $0.caseJSON(c, children: children) }
    }

    /// What `GET /v1/cases` answers: the same JSON as `cases.map(CaseJSON.init)`.
    public static func response(_ cases: [CaseState]) -> [UInt8] {
        written(capacity: 2048 * max(1, cases.count)) { $0.array(cases) { $0.caseJSON($1) } }
    }

    mutating func step(_ s: Step) {
        beginObject()
        if let actor = s.audit.actor { key("actor"); self.actor(actor) }
        key("at"); timestamp(s.audit.at)
        key("cancelled"); array(s.cancelledTasks) { $0.string($1.id) }
        key("children"); array(s.children) { w, child in
            w.beginObject()
            w.key("data"); w.plainData(child.data)
            w.key("startAt"); w.timestamp(child.startAt)
            w.key("workflow"); w.string(child.workflow)
            w.endObject()
        }
        key("closed"); bool(s.after.isClosed)
        if let done = s.completedTask { key("completed"); string(done.id) }
        if let due = s.audit.dueAt { key("dueAt"); timestamp(due) }
        key("event"); string(s.audit.event)
        if let from = s.audit.from { key("from"); string(from) }
        key("notes"); strings(s.audit.notes)
        key("opened"); array(s.openedTasks) { $0.string($1.id) }
        key("reasons"); array(s.audit.evaluations) { $0.reason($1) }
        key("slas"); slaList(s.after.slas)
        key("state"); string(s.after.state)
        key("step"); int(s.after.step)
        key("tasks"); taskList(s.after.openTasks)
        key("timers"); timerList(s.after.timers)
        endObject()
    }

    mutating func caseJSON(_ c: CaseState, children: [ChildLink]? = nil) {
        beginObject()
        // Only a case that has children lists them, so a case without answers as when created.
        if let children, !children.isEmpty {
            key("children"); array(children) { w, child in
                w.beginObject()
                w.key("closed"); w.bool(child.closed)
                w.key("id"); w.string(child.id)
                if let at = child.startsAt { w.key("startsAt"); w.timestamp(at) }
                if let state = child.state { w.key("state"); w.string(state) }
                w.key("workflow"); w.string(child.workflow)
                w.endObject()
            }
        }
        key("closed"); bool(c.isClosed)
        key("createdAt"); timestamp(c.createdAt)
        key("data"); plainData(c.data)
        key("id"); string(c.id)
        if let parent = c.parentID { key("parent"); string(parent) }
        key("slas"); slaList(c.slas)
        key("state"); string(c.state)
        key("step"); int(c.step)
        key("tasks"); taskList(c.openTasks)
        key("timers"); timerList(c.timers)
        key("updatedAt"); timestamp(c.updatedAt)
        if let by = c.updatedBy { key("updatedBy"); actor(by) }
        key("version"); int(c.version)
        key("workflow"); string(c.workflow)
        endObject()
    }

    // The API's shapes of tasks, timers and clocks: fewer fields than their storage forms
    // (JSONWriter+Case.swift), and a public contract of their own.

    mutating func taskList(_ tasks: [TaskInstance]) {
        array(tasks) { w, t in
            w.beginObject()
            if let assignee = t.assignee { w.key("assignee"); w.string(assignee) }
            if let candidates = t.candidates { w.key("candidates"); w.strings(candidates) }
            w.key("data"); w.plainData(t.data)
            if let due = t.due { w.key("due"); w.timestamp(due) }
            w.key("id"); w.string(t.id)
            w.key("name"); w.string(t.name)
            w.key("outcomes"); w.strings(t.outcomes)
            w.key("priority"); w.int(t.priority)
            if let queue = t.queue { w.key("queue"); w.string(queue) }
            w.key("state"); w.string(t.state)
            if let title = t.title { w.key("title"); w.string(title) }
            w.endObject()
        }
    }

    mutating func timerList(_ timers: [TimerInstance]) {
        array(timers) { w, t in
            w.beginObject()
            w.key("due"); w.timestamp(t.due)
            w.key("event"); w.string(t.event)
            w.key("id"); w.string(t.id)
            w.endObject()
        }
    }

    mutating func slaList(_ clocks: [SLAClock]) {
        array(clocks) { w, c in
            w.beginObject()
            w.key("breached"); w.bool(c.breached)
            if let deadline = c.deadline { w.key("deadline"); w.timestamp(deadline) }
            w.key("name"); w.string(c.name)
            w.key("status"); w.string(c.status.rawValue)
            w.endObject()
        }
    }

    /// One evaluation as a reason: reads become an object, the first read of a name wins.
    mutating func reason(_ e: Evaluation) {
        beginObject()
        if let basis = e.basis { key("basis"); string(basis) }
        if let error = e.error { key("error"); string(error) }
        key("expression"); string(e.expression)
        key("location"); location(e.location.file, e.location.line, e.location.column)
        key("purpose"); string(e.purpose)
        key("reads"); beginObject()
        var reads = e.distinctReads
        if reads.count > 1 { reads.sort { utf8Precedes($0.name, $1.name) } }
        for read in reads { key(escaping: read.name); plainValue(read.value) }
        endObject()
        if let result = e.result { key("result"); plainValue(result) }
        if let title = e.title { key("title"); string(title) }
        endObject()
    }
}

/// A child case as its parent's answer lists it: started (with its state), or scheduled to
/// start at `startsAt`.
public struct ChildLink: Sendable, Equatable {
    public var id: String
    public var workflow: String
    public var state: String?
    public var closed: Bool
    public var startsAt: Timestamp?

    public init(id: String, workflow: String, state: String?, closed: Bool, startsAt: Timestamp?) {
        self.id = id
        self.workflow = workflow
        self.state = state
        self.closed = closed
        self.startsAt = startsAt
    }
}
