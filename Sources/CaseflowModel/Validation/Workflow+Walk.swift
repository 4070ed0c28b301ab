import CaseflowSource
import CaseflowYAML

/// Ways to walk a workflow's parts, shared by the checks and the graph renderer.
extension Workflow {
    /// Every transition of a state with what triggers it: an event, `always`, or a timer.
    public func transitions(of state: State) -> [(trigger: Trigger, transition: Transition)] {
        var result: [(Trigger, Transition)] = []
        for handler in state.handlers {
            for t in handler.transitions { result.append((.event(handler.event), t)) }
        }
        if !state.isFinal {
            for handler in globalHandlers where state.handler(handler.event) == nil {
                for t in handler.transitions { result.append((.globalEvent(handler.event), t)) }
            }
        }
        for t in state.always { result.append((.always, t)) }
        for timer in state.timers { result.append((.timer(timer.label), timer.transition)) }
        return result
    }

    /// States a state can move to directly.
    public func successors(of state: State) -> [String] {
        transitions(of: state).compactMap { $0.transition.target?.value }
    }

    /// Every action in the workflow with the state it belongs to (nil for workflow-level).
    public var allActions: [(state: String?, action: Action)] {
        var result: [(String?, Action)] = []
        func add(_ state: String?, _ actions: [Action]) { for a in actions { result.append((state, a)) } }
        for state in states {
            add(state.name, state.entry)
            add(state.name, state.exit)
            for (_, t) in transitions(of: state) { add(state.name, t.actions) }
        }
        for h in globalHandlers { for t in h.transitions { add(nil, t.actions) } }
        for sla in slas { add(nil, sla.onBreach) }
        return result
    }

    /// Every task the workflow can open.
    public var allTasks: [TaskDefinition] {
        allActions.compactMap { if case .task(let t) = $0.action { return t } else { return nil } }
    }
}

/// What sets a transition off.
public enum Trigger: Sendable, Hashable {
    case event(String)
    /// A handler of the workflow-level `on`, applying in this state.
    case globalEvent(String)
    case always
    /// A timer, with its label (`after 48h`, `at …`).
    case timer(String)

    public var eventName: String? {
        switch self {
        case .event(let e), .globalEvent(let e): return e
        case .timer, .always: return nil
        }
    }
}
