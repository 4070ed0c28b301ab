import CaseflowEngine
import CaseflowExpr

/// The storage forms of a case and what it holds, the same JSON as their `Codable` conformances.
extension JSONWriter {
    mutating func caseState(_ c: CaseState) {
        beginObject()
        key("createdAt"); timestamp(c.createdAt)
        key("data"); storedData(c.data)
        key("definitionHash"); string(c.definitionHash)
        key("id"); string(c.id)
        key("isClosed"); bool(c.isClosed)
        key("openTasks"); array(c.openTasks) { $0.task($1) }
        if let parent = c.parentID { key("parentID"); string(parent) }
        if let report = c.report {
            key("report"); beginObject()
            key("event"); string(report.event)
            key("fields"); beginObject()
            for (name, field) in report.fields.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) { key(escaping: name); string(field) }
            endObject()
            endObject()
        }
        key("sequence"); int(c.sequence)
        key("slas"); array(c.slas) { $0.slaClock($1) }
        key("state"); string(c.state)
        key("step"); int(c.step)
        key("timers"); array(c.timers) { $0.timer($1) }
        key("updatedAt"); timestamp(c.updatedAt)
        if let by = c.updatedBy { key("updatedBy"); actor(by) }
        key("version"); int(c.version)
        key("workflow"); string(c.workflow)
        endObject()
    }

    mutating func task(_ t: TaskInstance) {
        beginObject()
        if let assignee = t.assignee { key("assignee"); string(assignee) }
        if let candidates = t.candidates { key("candidates"); strings(candidates) }
        key("caseID"); string(t.caseID)
        key("data"); storedData(t.data)
        if let due = t.due { key("due"); timestamp(due) }
        key("id"); string(t.id)
        key("keep"); bool(t.keep)
        key("name"); string(t.name)
        key("openedAt"); timestamp(t.openedAt)
        key("outcomes"); strings(t.outcomes)
        key("priority"); int(t.priority)
        if let queue = t.queue { key("queue"); string(queue) }
        key("state"); string(t.state)
        if let title = t.title { key("title"); string(title) }
        endObject()
    }

    mutating func timer(_ t: TimerInstance) {
        beginObject()
        key("caseID"); string(t.caseID)
        key("due"); timestamp(t.due)
        key("event"); string(t.event)
        key("id"); string(t.id)
        if let state = t.state { key("state"); string(state) }
        endObject()
    }

    mutating func slaClock(_ c: SLAClock) {
        beginObject()
        key("breached"); bool(c.breached)
        if let deadline = c.deadline { key("deadline"); timestamp(deadline) }
        key("name"); string(c.name)
        if let remaining = c.remaining { key("remaining"); int(remaining) }
        key("startedAt"); timestamp(c.startedAt)
        key("status"); string(c.status.rawValue)
        if let stopped = c.stoppedAt { key("stoppedAt"); timestamp(stopped) }
        key("warned"); bool(c.warned)
        endObject()
    }

    mutating func audit(_ a: AuditRecord) {
        beginObject()
        if let actor = a.actor { key("actor"); self.actor(actor) }
        key("at"); timestamp(a.at)
        if let due = a.dueAt { key("dueAt"); timestamp(due) }
        key("evaluations"); array(a.evaluations) { $0.evaluation($1) }
        key("event"); string(a.event)
        if let from = a.from { key("from"); string(from) }
        key("notes"); strings(a.notes)
        key("to"); string(a.to)
        endObject()
    }

    mutating func actor(_ a: Actor) {
        beginObject()
        if let person = a.person { key("person"); string(person) }
        if let token = a.token { key("token"); string(token) }
        endObject()
    }

    mutating func evaluation(_ e: Evaluation) {
        beginObject()
        if let basis = e.basis { key("basis"); string(basis) }
        if let error = e.error { key("error"); string(error) }
        key("expression"); string(e.expression)
        key("location"); beginObject()
        key("column"); int(e.location.column)
        key("file"); string(e.location.file)
        key("line"); int(e.location.line)
        endObject()
        key("purpose"); string(e.purpose)
        key("reads"); beginArray()
        for read in e.reads {
            beginObject()
            key("name"); string(read.name)
            if let value = read.value { key("value"); storedValue(value) }
            endObject()
        }
        endArray()
        if let result = e.result { key("result"); storedValue(result) }
        if let title = e.title { key("title"); string(title) }
        endObject()
    }
}

extension JSONWriter {
    /// Runs `body` on a new writer and returns what it wrote.
    static func written(capacity: Int, _ body: (inout JSONWriter) -> Void) -> [UInt8] {
        var w = JSONWriter(capacity: capacity)
        body(&w)
        return w.bytes
    }

    /// The storage JSON of a case snapshot.
    public static func encode(_ c: CaseState) -> [UInt8] { written(capacity: 2048) { $0.caseState(c) } }

    /// The storage JSON of an audit record.
    public static func encode(_ a: AuditRecord) -> [UInt8] { written(capacity: 2048) { $0.audit(a) } }

    /// The storage JSON of a task.
    public static func encode(_ t: TaskInstance) -> [UInt8] { written(capacity: 512) { $0.task(t) } }
}
