import CaseflowExpr
import CaseflowSource
import CaseflowYAML

/// State-machine checks: targets and the initial state exist, final states exist and take no
/// transitions, every state is reachable and can finish, `always` cannot loop, and no
/// unconditional transition hides the ones after it.
enum GraphCheck {
    static func run(_ w: Workflow, _ bag: inout DiagnosticBag) {
        let names = Set(w.states.map(\.name))
        var seen: [String: SourceLocation] = [:]
        for state in w.states {
            if let first = seen[state.name] {
                bag.error(.duplicateKey, at: state.location, "state '\(state.name)' is defined twice", notes: [.init(first, "first defined here")])
            }
            seen[state.name] = state.location
        }
        if !w.initial.value.isEmpty && !names.contains(w.initial.value) {
            bag.error(.unknownInitial, at: w.initial.location, "initial state '\(w.initial.value)' is not defined in 'states'",
                      suggestion: Suggestion.closest(to: w.initial.value, among: names))
        }
        for state in w.states {
            for (_, t) in w.transitions(of: state) {
                if let target = t.target, !names.contains(target.value) {
                    bag.error(.unknownTarget, at: target.location, "transition to unknown state '\(target.value)'",
                              suggestion: Suggestion.closest(to: target.value, among: names))
                }
            }
        }
        for h in w.globalHandlers {
            for t in h.transitions {
                if let target = t.target, !names.contains(target.value) {
                    bag.error(.unknownTarget, at: target.location, "transition to unknown state '\(target.value)'",
                              suggestion: Suggestion.closest(to: target.value, among: names))
                }
            }
        }
        let finals = w.states.filter(\.isFinal)
        if finals.isEmpty && !w.states.isEmpty {
            bag.error(.noFinalState, at: w.location, "workflow '\(w.id)' has no final state; mark the end states with 'final: true'")
        }
        for state in finals where !state.handlers.isEmpty || !state.always.isEmpty || !state.timers.isEmpty {
            bag.error(.finalWithTransitions, at: state.location, "final state '\(state.name)' has outgoing transitions ('on', 'always' or 'after'); a final state takes no events: remove them or drop 'final: true'")
        }
        reachability(w, names, bag: &bag)
        alwaysLoops(w, bag: &bag)
        shadowing(w, bag: &bag)
    }

    private static func reachability(_ w: Workflow, _ names: Set<String>, bag: inout DiagnosticBag) {
        guard names.contains(w.initial.value) else { return }
        var successors: [String: [String]] = [:]
        for state in w.states { successors[state.name] = w.successors(of: state).filter(names.contains) }
        var reached: Set<String> = [w.initial.value]
        var stack = [w.initial.value]
        while let s = stack.popLast() {
            for n in successors[s] ?? [] where reached.insert(n).inserted { stack.append(n) }
        }
        for state in w.states where !reached.contains(state.name) {
            bag.error(.unreachableState, at: state.location, "state '\(state.name)' cannot be reached from the initial state '\(w.initial.value)'")
        }
        // Which states can reach a final state: walk the reversed graph from the finals.
        var predecessors: [String: [String]] = [:]
        for (s, ns) in successors { for n in ns { predecessors[n, default: []].append(s) } }
        var canFinish = Set(w.states.filter(\.isFinal).map(\.name))
        stack = Array(canFinish)
        while let s = stack.popLast() {
            for p in predecessors[s] ?? [] where canFinish.insert(p).inserted { stack.append(p) }
        }
        guard !w.states.filter(\.isFinal).isEmpty else { return }
        for state in w.states where reached.contains(state.name) && !canFinish.contains(state.name) {
            bag.warning(.noWayToFinish, at: state.location, "no final state can be reached from state '\(state.name)'; a case there never ends")
        }
    }

    /// A cycle through `always` transitions can spin without any event.
    private static func alwaysLoops(_ w: Workflow, bag: inout DiagnosticBag) {
        var edges: [String: [(String, SourceLocation)]] = [:]
        for state in w.states {
            edges[state.name] = state.always.compactMap { t in t.target.map { ($0.value, $0.location) } }
        }
        for cycle in DependencyCycles.find(edges, from: w.states.map(\.name)) {
            bag.error(.alwaysLoop, at: cycle.location, "'always' transitions can loop forever without an event: \(cycle.shown); add a guard that the loop makes false, or wait for an event")
        }
    }

    /// A transition without `when` is always taken, so later ones for the same trigger never are.
    private static func shadowing(_ w: Workflow, bag: inout DiagnosticBag) {
        func check(_ list: [Transition], _ what: String) {
            guard let open = list.firstIndex(where: { $0.when == nil }), open < list.count - 1 else { return }
            for t in list[(open + 1)...] {
                bag.warning(.shadowedTransition, at: t.location, "this transition of \(what) is never taken: the one before it has no 'when' and always matches; move it up or add a condition",
                            notes: [.init(list[open].location, "the unconditional transition")])
            }
        }
        for state in w.states {
            for h in state.handlers { check(h.transitions, "'\(h.event)' in state '\(state.name)'") }
            check(state.always, "'always' in state '\(state.name)'")
        }
        for h in w.globalHandlers { check(h.transitions, "the workflow-level '\(h.event)'") }
    }
}
