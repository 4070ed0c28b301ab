import Foundation

/// What a drawing of a workflow shows, whatever draws it (Mermaid, DOT or SVG): the states with
/// the tasks they open, every transition with its trigger and guard — events, `always`, timers
/// with their delays, the workflow-wide handlers — the child cases states start, and the SLA
/// clocks with their targets, pauses, warnings and breach actions.
public struct WorkflowDiagram: Sendable {
    public enum NodeKind: Sendable, Equatable {
        /// Where a case begins: an arrow into the initial state.
        case start
        case state
        case final
        /// Stands for every non-final state, the source of the workflow-wide `on` handlers.
        case anyState
        /// A child case of another workflow.
        case child
    }

    public struct Node: Sendable, Equatable {
        public var id: String
        public var name: String
        public var title: String?
        public var kind: NodeKind
        /// The work a state opens on entry: `task inspect (workshop)`.
        public var details: [String]
    }

    public enum EdgeKind: Sendable, Equatable {
        case initial, event, always, timer, workflowWide, startsChild
    }

    public struct Edge: Sendable, Equatable {
        public var from: String
        public var to: String
        public var label: String
        public var kind: EdgeKind
    }

    /// An SLA's clock, as lines of text.
    public struct Clock: Sendable, Equatable {
        public var name: String
        public var lines: [String]
    }

    public var workflow: String
    public var version: Int
    public var title: String?
    public var nodes: [Node]
    public var edges: [Edge]
    public var clocks: [Clock]

    /// The id of the node standing for every non-final state.
    public static let anyStateID = "__any"
    public static let startID = "__start"

    public init(_ w: Workflow) {
        workflow = w.id
        version = w.version
        title = w.title
        nodes = [Node(id: Self.startID, name: "start", title: nil, kind: .start, details: [])]
        edges = [Edge(from: Self.startID, to: w.initial.value, label: "", kind: .initial)]
        clocks = []
        for state in w.states {
            nodes.append(Node(id: state.name, name: state.name, title: state.title, kind: state.isFinal ? .final : .state,
                              details: state.entry.compactMap(Self.detail)))
        }
        for state in w.states {
            for h in state.handlers { for t in h.transitions { addTransition(from: state.name, trigger: h.event, t, kind: .event) } }
            for t in state.always { addTransition(from: state.name, trigger: "always", t, kind: .always) }
            for timer in state.timers {
                var trigger = WorkflowGraph.shorten(timer.label, limit: 40)
                if let calendar = timer.calendar?.value, timer.at == nil { trigger += " (\(calendar))" }
                addTransition(from: state.name, trigger: trigger, timer.transition, kind: .timer)
            }
            addChildren(of: state.entry, from: state.name)
        }
        if !w.globalHandlers.isEmpty {
            nodes.append(Node(id: Self.anyStateID, name: "any non-final state", title: nil, kind: .anyState, details: []))
            for h in w.globalHandlers {
                for t in h.transitions { addTransition(from: Self.anyStateID, trigger: h.event, t, kind: .workflowWide) }
            }
        }
        for sla in w.slas {
            clocks.append(Clock(name: sla.name, lines: Self.describe(sla)))
            // A child started on a breach hangs from the states that start the clock.
            for start in sla.start where w.state(start.value) != nil { addChildren(of: sla.onBreach, from: start.value) }
        }
    }

    private mutating func addTransition(from source: String, trigger: String, _ t: Transition, kind: EdgeKind) {
        var label = trigger
        if let when = t.when { label += " [\(WorkflowGraph.shorten(when.text, limit: 40))]" }
        edges.append(Edge(from: source, to: t.target?.value ?? source, label: label, kind: kind))
        addChildren(of: t.actions, from: source)
    }

    private mutating func addChildren(of actions: [Action], from source: String) {
        for case .start(let child) in actions {
            let id = "child:" + child.workflow.value
            if !nodes.contains(where: { $0.id == id }) {
                nodes.append(Node(id: id, name: child.workflow.value, title: "child case", kind: .child, details: []))
            }
            let label = child.delay.map { "starts after \($0.shortText)" } ?? "starts"
            let edge = Edge(from: source, to: id, label: label, kind: .startsChild)
            if !edges.contains(edge) { edges.append(edge) }
        }
    }

    private static func detail(_ action: Action) -> String? {
        switch action {
        case .task(let task): return "task \(task.name)" + (task.queue.map { " (\($0))" } ?? "")
        case .start(let child): return "starts \(child.workflow.value)"
        case .cancelChildren(let event): return "cancels children (\(event.value))"
        case .set, .cancelTask: return nil
        }
    }

    private static func describe(_ sla: SLADefinition) -> [String] {
        var lines: [String] = []
        if let title = sla.title { lines.append(title) }
        var target = "target " + WorkflowGraph.shorten(sla.target.text)
        if let calendar = sla.calendar?.value { target += " (business time, \(calendar))" }
        lines.append(target)
        lines.append("from " + sla.start.map(\.value).joined(separator: ", ") + " to " + sla.stop.map(\.value).joined(separator: ", "))
        if !sla.pause.isEmpty { lines.append("paused in " + sla.pause.map(\.value).joined(separator: ", ")) }
        if let warn = sla.warnBefore { lines.append("warns \(warn.shortText) before") }
        let breach = sla.onBreach.compactMap(detail)
        if !breach.isEmpty { lines.append("on breach: " + breach.joined(separator: ", ")) }
        return lines
    }
}
