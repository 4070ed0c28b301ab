import CaseflowCalendar
import CaseflowExpr
import CaseflowModel
import CaseflowSource

/// Actions: open and cancel tasks, set fields, start child cases.
extension StepRun {
    mutating func run(_ actions: [Action], in state: String) throws(EngineError) {
        for action in actions {
            switch action {
            case .task(let definition):
                try open(definition, in: state)
            case .set(let assignments):
                try assign(assignments)
            case .start(let child):
                var data: [String: Value] = [:]
                for a in child.data { data[a.field.value] = try value(a.value, purpose: "data \(a.field.value) of child \(child.workflow.value)") }
                let at = try child.delay.map { d throws(EngineError) in try delay(d, from: now, calendar: nil) } ?? now
                let report = child.onDone.map { done in
                    ChildReport(event: done.event.value, fields: Dictionary(done.fields.map { ($0.name, $0.field.value) }, uniquingKeysWith: { a, _ in a }))
                }
                step.children.append(ChildCaseRequest(workflow: child.workflow.value, data: data, parentID: caseState.id, startAt: at, report: report))
            case .cancelChildren(let event):
                step.cancelChildren = event.value
            case .cancelTask(let name):
                let cancelled = caseState.openTasks.filter { $0.name == name.value }
                caseState.openTasks.removeAll { $0.name == name.value }
                step.cancelledTasks += cancelled
            }
        }
    }

    private mutating func open(_ d: TaskDefinition, in state: String) throws(EngineError) {
        var due: Timestamp?
        if let source = d.due {
            switch try value(source, purpose: "due of \(d.name)") {
            case .duration(let span): due = try delay(span, from: now, calendar: d.calendar?.value)
            case .timestamp(let instant): due = instant
            default:
                throw EngineError(.evaluationFailed, "the due time of task '\(d.name)' is neither a duration nor a timestamp", location: source.location)
            }
        }
        var priority: Int64 = 0
        if let source = d.priority {
            guard case .int(let p) = try value(source, purpose: "priority of \(d.name)") else {
                throw EngineError(.evaluationFailed, "the priority of task '\(d.name)' is not an int", location: source.location)
            }
            priority = p
        }
        var data: [String: Value] = [:]
        // The case fields the worker needs, as they are now; a field not set is left out.
        for field in d.fields { if let v = activation.data[field.value] { data[field.value] = v } }
        for a in d.data { data[a.field.value] = try value(a.value, purpose: "data \(a.field.value) of \(d.name)") }
        let task = TaskInstance(id: nextID("task"), caseID: caseState.id, name: d.name, title: d.title, queue: d.queue,
                                due: due, priority: priority, outcomes: d.outcomes.map(\.value), state: state,
                                keep: d.keep, data: data, openedAt: now,
                                candidates: d.candidates.isEmpty ? nil : d.candidates.map(\.value))
        caseState.openTasks.append(task)
        step.openedTasks.append(consume task)
    }
}
