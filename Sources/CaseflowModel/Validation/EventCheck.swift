import CaseflowExpr
import CaseflowSource
import CaseflowYAML

/// Event checks: every event in an `on` is declared or is a task outcome; declared events are
/// handled somewhere; every outcome of a task is handled in the state that opens it; tasks named
/// by `cancel_task` exist.
enum EventCheck {
    static func run(_ w: Workflow, _ bag: inout DiagnosticBag) {
        let declared = Set(w.events.map(\.name))
        let outcomes = Set(w.allTasks.flatMap(\.outcomes).map(\.value))
        let known = declared.union(outcomes)
        var handled = Set<String>()
        func checkHandler(_ h: EventHandler) {
            handled.insert(h.event)
            if !known.contains(h.event) {
                bag.error(.unknownEvent, at: h.location, "event '\(h.event)' is neither declared in 'events' nor an outcome of any task",
                          suggestion: Suggestion.closest(to: h.event, among: known))
            }
        }
        for state in w.states { state.handlers.forEach(checkHandler) }
        w.globalHandlers.forEach(checkHandler)
        for event in w.events where !handled.contains(event.name) {
            bag.warning(.unhandledEvent, at: event.location, "event '\(event.name)' is declared but no state handles it")
        }
        let global = Set(w.globalHandlers.map(\.event))
        for state in w.states {
            for case .task(let task) in state.entry {
                for outcome in task.outcomes where state.handler(outcome.value) == nil && !(global.contains(outcome.value) && !state.isFinal) {
                    bag.error(.unhandledOutcome, at: outcome.location, "task '\(task.name)' can end with '\(outcome.value)', but state '\(state.name)' has no 'on: \(outcome.value)'; handle it so the worker's answer is not rejected")
                }
            }
        }
        for state in w.states {
            for (_, t) in w.transitions(of: state) {
                guard let targetName = t.target?.value, let target = w.state(targetName) else { continue }
                for case .task(let task) in t.actions {
                    for outcome in task.outcomes where target.handler(outcome.value) == nil && !(global.contains(outcome.value) && !target.isFinal) {
                        bag.error(.unhandledOutcome, at: outcome.location, "task '\(task.name)', opened on the way into '\(targetName)', can end with '\(outcome.value)', but '\(targetName)' has no 'on: \(outcome.value)'")
                    }
                }
            }
        }
        let taskNames = Set(w.allTasks.map(\.name))
        for (_, action) in w.allActions {
            if case .cancelTask(let name) = action, !taskNames.contains(name.value) {
                bag.error(.unknownTask, at: name.location, "cancel_task names unknown task '\(name.value)'",
                          suggestion: Suggestion.closest(to: name.value, among: taskNames))
            }
        }
        let stateNames = Set(w.states.map(\.name))
        for sla in w.slas {
            for name in sla.start + sla.stop where !stateNames.contains(name.value) && !known.contains(name.value) {
                bag.error(.unknownTarget, at: name.location, "SLA '\(sla.name)' names '\(name.value)', which is neither a state nor an event",
                          suggestion: Suggestion.closest(to: name.value, among: stateNames.union(known)))
            }
            for name in sla.pause where !stateNames.contains(name.value) {
                bag.error(.unknownTarget, at: name.location, "SLA '\(sla.name)' pauses in unknown state '\(name.value)'",
                          suggestion: Suggestion.closest(to: name.value, among: stateNames))
            }
        }
    }
}
