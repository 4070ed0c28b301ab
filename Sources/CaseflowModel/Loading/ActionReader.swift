import CaseflowExpr
import CaseflowSource
import CaseflowYAML

/// Reads `entry`, `exit`, `actions` and `on_breach` lists: each item is a mapping with exactly
/// one of `task`, `set`, `start` or `cancel_task`.
extension Reader {
    static let actionKinds = ["task", "set", "start", "cancel_task", "cancel_children"]
    static let taskKeys = ["task", "title", "queue", "due", "calendar", "priority", "outcomes", "keep", "data", "fields", "candidates"]
    static let startKeys = ["start", "after", "data", "on_done"]

    mutating func actions(_ node: YAMLNode?, _ what: String) -> [Action] {
        guard let node else { return [] }
        return sequence(node, what).compactMap { action($0, what) }
    }

    private mutating func action(_ node: YAMLNode, _ what: String) -> Action? {
        guard node.entries != nil else {
            bag.error(.wrongType, at: node.location, "an action in \(what) must be a mapping with one of \(Self.actionKinds.joined(separator: ", "))")
            return nil
        }
        let kinds = Self.actionKinds.filter { node[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first else {
            if kinds.isEmpty {
                let first = node.entries?.first?.key.string ?? ""
                bag.error(.unknownKey, at: node.location, "an action needs one of \(Self.actionKinds.joined(separator: ", "))",
                          suggestion: Suggestion.closest(to: first, among: Self.actionKinds))
            } else {
                bag.error(.badValue, at: node.location, "one action per list item: found \(kinds.joined(separator: " and ")); start a new '- ' item for each")
            }
            return nil
        }
        switch kind {
        case "task": return task(node).map(Action.task)
        case "set":
            checkKeys(node, allowed: ["set"], in: "a 'set' action")
            return .set(assignments(node["set"], "'set'"))
        case "start": return start(node).map(Action.start)
        case "cancel_children":
            checkKeys(node, allowed: ["cancel_children"], in: "a 'cancel_children' action")
            return located(node["cancel_children"], "the event each open child case receives").map(Action.cancelChildren)
        default:
            checkKeys(node, allowed: ["cancel_task"], in: "a 'cancel_task' action")
            return located(node["cancel_task"], "the task to cancel").map(Action.cancelTask)
        }
    }

    private mutating func task(_ node: YAMLNode) -> TaskDefinition? {
        checkKeys(node, allowed: Self.taskKeys, in: "a task")
        guard let name = string(node["task"], "the task name") else { return nil }
        return TaskDefinition(
            name: name, title: string(node["title"], "the title"), queue: string(node["queue"], "the queue"),
            due: expression(node["due"], "'due'"), calendar: located(node["calendar"], "the calendar"),
            priority: expression(node["priority"], "'priority'"),
            outcomes: names(node["outcomes"], "an outcome"),
            keep: bool(node["keep"], "'keep'") ?? false,
            data: assignments(node["data"], "'data'"),
            fields: names(node["fields"], "a case field"), candidates: names(node["candidates"], "a group or role"),
            location: node.location)
    }

    private mutating func start(_ node: YAMLNode) -> ChildCaseDefinition? {
        checkKeys(node, allowed: Self.startKeys, in: "a 'start' action")
        guard let workflow = located(node["start"], "the workflow to start") else { return nil }
        return ChildCaseDefinition(workflow: workflow, delay: duration(node["after"], "'after'"),
                                   data: assignments(node["data"], "'data'"), onDone: onDone(node["on_done"]), location: node.location)
    }

    /// `on_done: {event: NAME, fields: {event_field: child.field}}`.
    private mutating func onDone(_ node: YAMLNode?) -> ChildDoneDefinition? {
        guard let node, mapping(node, "'on_done'") != nil else { return nil }
        checkKeys(node, allowed: ["event", "fields"], in: "'on_done'")
        guard let event = located(require(node, "event", in: "'on_done'"), "the event the parent receives") else { return nil }
        var fields: [(name: String, field: Located<String>)] = []
        if let map = node["fields"] {
            guard let entries = map.entries else {
                bag.error(.wrongType, at: map.location, "'fields' of 'on_done' must be a mapping of event field to child case field, e.g. {score: revisit.csat}")
                return nil
            }
            for entry in entries {
                guard let name = string(entry.key, "an event field"), let field = located(entry.value, "a child case field") else { continue }
                fields.append((name, field))
            }
        }
        return ChildDoneDefinition(event: event, fields: fields, location: node.location)
    }
}
