import CaseflowExpr
import CaseflowModel
import CaseflowSource
import CaseflowYAML

/// Reads scenario files, reporting every problem with its place in the file.
public enum ScenarioReader {
    /// A scenario file that cannot be read, located.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var location: SourceLocation
        public var message: String
        public var description: String { "\(location): error: \(message)" }
    }

    static let scenarioKeys = ["scenario", "workflow", "id", "case", "start_at", "expect", "steps", "description"]
    static let stepKeys = ["at", "event", "data", "complete", "outcome", "advance_to", "expect", "description", "child"]
    static let expectKeys = ["state", "tasks", "due", "data", "closed", "children", "child_states", "sla", "rules", "rejected"]

    public static func read(_ root: YAMLNode) throws(Problem) -> Scenario {
        try keys(root, scenarioKeys, "a scenario")
        let name = try text(root, "scenario")
        let steps = try (root["steps"]?.items ?? []).map { (node) throws(Problem) in try step(node) }
        return Scenario(name: name, workflow: try text(root, "workflow"), caseID: try root["id"].map { (n) throws(Problem) in try string(n, "id") } ?? "scenario-case",
                        data: data(root["case"]), dataLocations: locations(root["case"]), dataLocation: root["case"]?.location,
                        startAt: try time(root, "start_at"),
                        expect: try root["expect"].map { (n) throws(Problem) in try expectation(n) },
                        steps: steps, location: root.location)
    }

    static func step(_ node: YAMLNode) throws(Problem) -> ScenarioStep {
        try keys(node, stepKeys, "a step")
        let action: ScenarioStep.Action
        let at: Timestamp
        if let event = node["event"] {
            action = .event(try string(event, "event"), data(node["data"]))
            at = try time(node, "at")
        } else if let task = node["complete"] {
            action = .complete(task: try string(task, "complete"), outcome: try text(node, "outcome"), data: data(node["data"]))
            at = try time(node, "at")
        } else if node["advance_to"] != nil {
            action = .advance
            at = try time(node, "advance_to")
        } else {
            throw Problem(location: node.location, message: "a step needs 'event', 'complete' (with 'outcome') or 'advance_to'")
        }
        var step = ScenarioStep(action: action, at: at, expect: try node["expect"].map { (n) throws(Problem) in try expectation(n) }, location: node.location)
        step.child = try node["child"].map { (n) throws(Problem) in try string(n, "child") }
        return step
    }

    static func expectation(_ node: YAMLNode) throws(Problem) -> Expectation {
        try keys(node, expectKeys, "'expect'")
        var e = Expectation(location: node.location)
        e.state = try node["state"].map { (n) throws(Problem) in try string(n, "state") }
        e.tasks = node["tasks"].map(names)
        e.children = node["children"].map(names)
        for entry in node["child_states"]?.entries ?? [] {
            guard let key = entry.key.string, let value = entry.value.string else {
                throw Problem(location: entry.value.location, message: "'child_states' maps child workflows to states, e.g. {fix: fixed}")
            }
            e.childStates[key] = value
        }
        e.closed = node["closed"]?.bool
        for entry in node["due"]?.entries ?? [] {
            guard let key = entry.key.string, let value = entry.value.string, let t = Timestamp(rfc3339: value) else {
                throw Problem(location: entry.value.location, message: "'due' maps task names to RFC 3339 times")
            }
            e.due[key] = t
        }
        e.data = data(node["data"])
        for entry in node["sla"]?.entries ?? [] {
            if let key = entry.key.string, let value = entry.value.string { e.slas[key] = value }
        }
        for entry in node["rules"]?.entries ?? [] {
            guard let key = entry.key.string, let value = entry.value.bool else {
                throw Problem(location: entry.value.location, message: "'rules' maps rule names to true or false")
            }
            e.rules[key] = value
        }
        if let r = node["rejected"] {
            if let b = r.bool { e.rejected = b ? .any : nil } else if let s = r.string { e.rejected = .containing(s) }
        }
        return e
    }

    static func keys(_ node: YAMLNode, _ allowed: [String], _ what: String) throws(Problem) {
        guard let entries = node.entries else {
            throw Problem(location: node.location, message: "\(what) must be a mapping")
        }
        for entry in entries {
            guard let key = entry.key.string, !allowed.contains(key) else { continue }
            let hint = Suggestion.closest(to: key, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
            throw Problem(location: entry.key.location, message: "unknown key '\(key)' in \(what)\(hint); allowed: \(allowed.joined(separator: ", "))")
        }
    }

    static func text(_ node: YAMLNode, _ key: String) throws(Problem) -> String {
        guard let value = node[key] else { throw Problem(location: node.location, message: "missing '\(key)'") }
        return try string(value, key)
    }

    static func string(_ node: YAMLNode, _ what: String) throws(Problem) -> String {
        guard let s = node.string, !node.isNull else { throw Problem(location: node.location, message: "'\(what)' must be text") }
        return s
    }

    static func time(_ node: YAMLNode, _ key: String) throws(Problem) -> Timestamp {
        let s = try text(node, key)
        guard let t = Timestamp(rfc3339: s) else {
            throw Problem(location: node[key]?.location ?? node.location, message: "'\(key)' must be an RFC 3339 time with a zone, e.g. 2026-03-09T10:00:00+08:00")
        }
        return t
    }

    static func names(_ node: YAMLNode) -> [String] {
        node.items?.compactMap(\.string) ?? node.string.map { [$0] } ?? []
    }

    /// Where each value of a data mapping is written, by dotted name: `order.delivered_at` for
    /// `order.delivered_at: …` and for `order: {delivered_at: …}` alike (nested mappings are
    /// followed at most 32 deep, as case data nests).
    static func locations(_ node: YAMLNode?, prefix: String = "", depth: Int = 0) -> [String: SourceLocation] {
        guard let entries = node?.entries, depth < 32 else { return [:] }
        var found: [String: SourceLocation] = [:]
        for entry in entries {
            guard let key = entry.key.string else { continue }
            let name = prefix + key
            found[name] = entry.value.location
            found.merge(locations(entry.value, prefix: name + ".", depth: depth + 1)) { first, _ in first }
        }
        return found
    }

    static func data(_ node: YAMLNode?) -> [String: Value] {
        guard let node, node.entries != nil else { return [:] }
        // As written: the engine flattens nested objects against the schema (map fields stay whole).
        return CaseData.entries(YAMLValue.untyped(node))
    }
}
