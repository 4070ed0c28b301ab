import CaseflowModel
import CaseflowSource
import CaseflowYAML

/// Which transitions of a workflow no scenario took. A transition is identified by where it is
/// written, so a workflow-level `on` handler counts once, whichever state it was taken from.
public struct Coverage: Sendable {
    public struct Item: Sendable {
        public var location: SourceLocation
        public var label: String
    }

    public var workflow: String
    public var all: [Item]
    public var missed: [Item]

    public init(_ workflow: Workflow, taken: Set<SourceLocation>) {
        self.workflow = workflow.id
        var items: [Item] = []
        var seen: Set<SourceLocation> = []
        func add(_ t: Transition, _ label: String) {
            if seen.insert(t.location).inserted { items.append(Item(location: t.location, label: label)) }
        }
        for state in workflow.states {
            for h in state.handlers { for t in h.transitions { add(t, "\(state.name) —\(h.event)→ \(t.target?.value ?? "(stay)")") } }
            for t in state.always { add(t, "\(state.name) —always→ \(t.target?.value ?? "(stay)")") }
            for timer in state.timers { add(timer.transition, "\(state.name) —\(timer.label)→ \(timer.transition.target?.value ?? "(stay)")") }
        }
        for h in workflow.globalHandlers { for t in h.transitions { add(t, "(any state) —\(h.event)→ \(t.target?.value ?? "(stay)")") } }
        for sla in workflow.slas where !sla.onBreach.isEmpty && seen.insert(sla.location).inserted {
            items.append(Item(location: sla.location, label: "SLA \(sla.name) breached"))
        }
        all = items
        missed = items.filter { !taken.contains($0.location) }
    }
}
