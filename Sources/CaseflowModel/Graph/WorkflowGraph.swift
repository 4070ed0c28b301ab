import Foundation

/// Draws a workflow as a state diagram: Mermaid (renders on GitHub and in many editors),
/// Graphviz DOT, or SVG drawn here with no external tool. All three show what
/// ``WorkflowDiagram`` collects: transitions with their triggers and guards, timers with their
/// delays, the workflow-wide handlers as transitions from "any non-final state", the child
/// cases states start, and the SLA clocks.
public enum WorkflowGraph {
    public enum Format: String, Sendable, CaseIterable {
        case mermaid, dot, svg
    }

    public static func render(_ workflow: Workflow, as format: Format) -> String {
        let diagram = WorkflowDiagram(workflow)
        switch format {
        case .mermaid: return mermaid(diagram)
        case .dot: return dot(diagram)
        case .svg: return SVGDiagram.render(diagram)
        }
    }

    /// An expression on one line, at most `limit` characters.
    static func shorten(_ text: String, limit: Int = 48) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return oneLine.count > limit ? String(oneLine.prefix(limit - 3)) + "..." : oneLine
    }

    static func mermaid(_ d: WorkflowDiagram) -> String {
        // Mermaid ends a label at ':' and ';', so those are written as entity codes.
        func text(_ s: String) -> String { s.replacingOccurrences(of: ":", with: "#58;").replacingOccurrences(of: ";", with: "#59;") }
        func id(_ node: String) -> String {
            node == WorkflowDiagram.startID ? "[*]" : node == WorkflowDiagram.anyStateID ? "any_state" : node.replacingOccurrences(of: ":", with: "_")
        }
        var out = "stateDiagram-v2\n"
        out += "    %% \(d.workflow) v\(d.version)\(d.title.map { ": " + $0 } ?? "")\n"
        for node in d.nodes {
            switch node.kind {
            case .anyState: out += "    state \"any non-final state\" as any_state\n"
            case .child: out += "    state \"\(node.name) (child case)\" as \(id(node.id))\n"
            default: break
            }
        }
        for edge in d.edges {
            out += "    \(id(edge.from)) --> \(id(edge.to))" + (edge.label.isEmpty ? "" : ": \(text(edge.label))") + "\n"
        }
        for node in d.nodes where node.kind == .final { out += "    \(node.id) --> [*]\n" }
        if !d.clocks.isEmpty, let anchor = d.edges.first(where: { $0.kind == .initial })?.to {
            out += "    note right of \(anchor)\n"
            for clock in d.clocks { out += "        SLA \(clock.name)#58; \(clock.lines.map(text).joined(separator: " · "))\n" }
            out += "    end note\n"
        }
        return out
    }

    static func dot(_ d: WorkflowDiagram) -> String {
        func escape(_ s: String) -> String { s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") }
        func quote(_ s: String) -> String { "\"" + escape(s) + "\"" }
        /// Lines joined by DOT's own line break, `\n`, after escaping each.
        func lines(_ parts: [String]) -> String { "\"" + parts.map(escape).joined(separator: "\\n") + "\"" }
        var out = "digraph \(quote(d.workflow)) {\n    rankdir=LR;\n    node [shape=box, style=rounded];\n"
        for node in d.nodes {
            let label = lines([node.name] + (node.title.map { [$0] } ?? []) + node.details)
            let shape: String
            switch node.kind {
            case .start: shape = "shape=point"
            case .state: shape = ""
            case .final: shape = ", peripheries=2"
            case .anyState: shape = ", style=dashed"
            case .child: shape = ", shape=component"
            }
            out += node.kind == .start ? "    \(quote(node.id)) [shape=point];\n" : "    \(quote(node.id)) [label=\(label)\(shape)];\n"
        }
        for edge in d.edges {
            let style: String
            switch edge.kind {
            case .always: style = ", style=dashed"
            case .timer: style = ", color=darkorange"
            case .workflowWide: style = ", color=purple"
            case .startsChild: style = ", style=dotted"
            case .initial, .event: style = ""
            }
            out += "    \(quote(edge.from)) -> \(quote(edge.to)) [label=\(quote(edge.label))\(style)];\n"
        }
        for clock in d.clocks {
            out += "    \(quote("sla:" + clock.name)) [shape=note, label=\(lines(["SLA " + clock.name] + clock.lines))];\n"
        }
        return out + "}\n"
    }
}
