import Foundation

/// Draws a workflow as a state diagram: Mermaid (renders on GitHub and in many editors) or
/// Graphviz DOT. Edges carry their trigger — an event, `always` or `after DELAY` — and guard.
public enum WorkflowGraph {
    public enum Format: String, Sendable, CaseIterable {
        case mermaid, dot
    }

    public static func render(_ workflow: Workflow, as format: Format) -> String {
        switch format {
        case .mermaid: return mermaid(workflow)
        case .dot: return dot(workflow)
        }
    }

    /// One edge per transition of each state (the workflow-level `on` is drawn once, as a note).
    struct Edge {
        let from: String
        let to: String
        let label: String
    }

    static func edges(_ w: Workflow) -> [Edge] {
        var edges: [Edge] = []
        for state in w.states {
            func add(_ trigger: String, _ t: Transition) {
                var label = trigger
                if let when = t.when { label += " [\(shorten(when.text))]" }
                edges.append(Edge(from: state.name, to: t.target?.value ?? state.name, label: label))
            }
            for h in state.handlers { for t in h.transitions { add(h.event, t) } }
            for t in state.always { add("always", t) }
            for timer in state.timers { add(timer.label, timer.transition) }
        }
        return edges
    }

    static func globalNote(_ w: Workflow) -> String? {
        guard !w.globalHandlers.isEmpty else { return nil }
        return "from any non-final state: " + w.globalHandlers.flatMap { h in
            h.transitions.map { "\(h.event) → \($0.target?.value ?? "(stay)")" }
        }.joined(separator: ", ")
    }

    /// Guards on one line, at most 48 characters.
    static func shorten(_ text: String) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return oneLine.count > 48 ? String(oneLine.prefix(45)) + "..." : oneLine
    }

    static func mermaid(_ w: Workflow) -> String {
        var out = "stateDiagram-v2\n"
        if let title = w.title { out += "    %% \(w.id) v\(w.version): \(title)\n" }
        out += "    [*] --> \(w.initial.value)\n"
        for edge in edges(w) {
            // Mermaid ends a label at ':' and ';', so those are written as entity codes.
            let label = edge.label.replacingOccurrences(of: ":", with: "#58;").replacingOccurrences(of: ";", with: "#59;")
            out += "    \(edge.from) --> \(edge.to): \(label)\n"
        }
        for state in w.states where state.isFinal { out += "    \(state.name) --> [*]\n" }
        if let note = globalNote(w), let anchor = w.states.first(where: { !$0.isFinal })?.name {
            out += "    note right of \(anchor)\n        \(note.replacingOccurrences(of: ":", with: "#58;"))\n    end note\n"
        }
        return out
    }

    static func dot(_ w: Workflow) -> String {
        func quote(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        var out = "digraph \(quote(w.id)) {\n    rankdir=LR;\n    node [shape=box, style=rounded];\n"
        out += "    \"__start\" [shape=point];\n    \"__start\" -> \(quote(w.initial.value));\n"
        for state in w.states {
            let label = state.title.map { "\(state.name)\\n\($0)" } ?? state.name
            out += "    \(quote(state.name)) [label=\"\(label.replacingOccurrences(of: "\"", with: "\\\""))\"\(state.isFinal ? ", peripheries=2" : "")];\n"
        }
        for edge in edges(w) {
            out += "    \(quote(edge.from)) -> \(quote(edge.to)) [label=\(quote(edge.label))\(edge.label.hasPrefix("always") ? ", style=dashed" : "")];\n"
        }
        if let note = globalNote(w) { out += "    \"__note\" [shape=note, label=\(quote(note))];\n" }
        return out + "}\n"
    }
}
