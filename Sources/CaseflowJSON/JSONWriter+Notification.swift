import CaseflowEngine
import CaseflowExpr

/// The wire form of notifications, shared by the feed and the webhooks: one JSON object per
/// notification (keys sorted), and the feed's page of them.
extension JSONWriter {
    /// A notification as JSON, with the case fields among `fields` (null for one the case lacks).
    public static func notification(_ n: CaseNotification, fields: [String]) -> [UInt8] {
        written(capacity: 512) { $0.notification(n, fields: fields) }
    }

    /// A page of the feed: each stored notification with its cursor, and the cursor to ask
    /// after next (`{"items":[{"cursor":"7","notification":{…}}],"next":"7"}`).
    public static func feedPage(_ items: [(position: Int64, body: [UInt8])], next: Int64) -> [UInt8] {
        written(capacity: 64 + items.reduce(0) { $0 + $1.body.count + 40 }) { w in
            w.beginObject()
            w.key("items"); w.beginArray()
            for item in items {
                w.beginObject()
                w.key("cursor"); w.string(String(item.position))
                w.key("notification"); w.storedJSON(item.body)
                w.endObject()
            }
            w.endArray()
            w.key("next"); w.string(String(next))
            w.endObject()
        }
    }

    /// JSON written before (a stored notification), as the next value.
    mutating func storedJSON(_ bytes: [UInt8]) {
        separate()
        bytes.withUnsafeBufferPointer { append($0) }
    }

    mutating func notification(_ n: CaseNotification, fields: [String]) {
        beginObject()
        if let actor = n.actor { key("actor"); self.actor(actor) }
        key("at"); timestamp(n.at)
        key("case"); string(n.caseID)
        if let deadline = n.deadline { key("deadline"); timestamp(deadline) }
        key("event"); string(n.event)
        if !fields.isEmpty {
            key("fields"); beginObject()
            for name in fields.sorted() {
                key(escaping: name)
                plainValue(n.fields[name])
            }
            endObject()
        }
        if n.kind == .stateEntered, let from = n.from { key("from"); string(from) }
        key("id"); string(n.id)
        key("kind"); string(n.kind.rawValue)
        if let parent = n.parentID { key("parent"); string(parent) }
        if let sla = n.sla { key("sla"); string(sla) }
        key("state"); string(n.state)
        key("step"); int(n.step)
        if let task = n.task {
            key("task"); beginObject()
            if let assignee = task.assignee { key("assignee"); string(assignee) }
            if let due = task.due { key("due"); timestamp(due) }
            key("id"); string(task.id)
            key("name"); string(task.name)
            if task.priority != 0 { key("priority"); int(task.priority) }
            if let queue = task.queue { key("queue"); string(queue) }
            if let title = task.title { key("title"); string(title) }
            endObject()
        }
        key("version"); int(n.version)
        key("workflow"); string(n.workflow)
        endObject()
    }
}
