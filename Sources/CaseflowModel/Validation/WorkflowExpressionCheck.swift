import CaseflowExpr
import CaseflowSource
import CaseflowYAML

/// Type-checks every expression of a workflow in its scope and checks what assignments,
/// calendars, rule sets and child cases refer to.
struct WorkflowExpressionCheck {
    let workflow: Workflow
    let definitions: Definitions
    let scope: ExpressionScope

    func run(_ bag: inout DiagnosticBag) {
        let w = workflow
        for state in w.states {
            check(actions: state.entry, env: scope.base, in: "the entry of state '\(state.name)'", &bag)
            check(actions: state.exit, env: scope.base, in: "the exit of state '\(state.name)'", &bag)
            for h in state.handlers {
                check(h.transitions, env: scope.handling(w.event(h.event)), "'\(h.event)' in state '\(state.name)'", &bag)
            }
            check(state.always, env: scope.base, "'always' in state '\(state.name)'", &bag)
            for timer in state.timers {
                checkCalendar(timer.calendar, &bag)
                if let at = timer.at {
                    checkExpression(at, in: scope.base, expecting: .timestamp, what: "the 'at' of a timer of state '\(state.name)'", bag: &bag)
                }
                check([timer.transition], env: scope.base, "the timer of state '\(state.name)'", &bag)
            }
        }
        for h in w.globalHandlers {
            check(h.transitions, env: scope.handling(w.event(h.event)), "the workflow-level '\(h.event)'", &bag)
        }
        for sla in w.slas {
            checkDueTime(sla.target, in: scope.base, calendar: sla.calendar, what: "the target of SLA '\(sla.name)'", &bag)
            checkCalendar(sla.calendar, &bag)
            check(actions: sla.onBreach, env: scope.base, in: "the breach actions of SLA '\(sla.name)'", &bag)
        }
    }

    private func check(_ transitions: [Transition], env: Environment, _ what: String, _ bag: inout DiagnosticBag) {
        for t in transitions {
            if let when = t.when {
                checkExpression(when, in: env, expecting: .bool, what: "the 'when' of \(what)", bag: &bag)
            }
            check(assignments: t.assignments, schema: workflow.fields, env: env, in: what, &bag)
            check(actions: t.actions, env: env, in: what, &bag)
        }
    }

    private func check(actions: [Action], env: Environment, in what: String, _ bag: inout DiagnosticBag) {
        for action in actions {
            switch action {
            case .task(let task):
                if let due = task.due {
                    checkDueTime(due, in: env, calendar: task.calendar, what: "the due time of task '\(task.name)'", &bag)
                }
                if let priority = task.priority {
                    checkExpression(priority, in: env, expecting: .int, what: "the priority of task '\(task.name)'", bag: &bag)
                }
                checkCalendar(task.calendar, &bag)
                let accepted = workflow.acceptedFields.map(\.name)
                for field in task.fields where !accepted.contains(field.value) {
                    bag.error(.unknownField, at: field.location,
                              "task '\(task.name)' shows '\(field.value)', which is no field of this workflow or the vocabulary; declare it in 'case'",
                              suggestion: Suggestion.closest(to: field.value, among: accepted))
                }
                for a in task.data {
                    checkExpression(a.value, in: env, expecting: nil, what: "the data '\(a.field.value)' of task '\(task.name)'", bag: &bag)
                }
            case .set(let assignments):
                check(assignments: assignments, schema: workflow.fields, env: env, in: what, &bag)
            case .start(let child):
                guard let target = definitions.workflow(child.workflow.value) else {
                    bag.error(.unknownWorkflow, at: child.workflow.location, "'start' names unknown workflow '\(child.workflow.value)'",
                              suggestion: Suggestion.closest(to: child.workflow.value, among: definitions.workflows.map(\.id)))
                    continue
                }
                if let done = child.onDone { check(onDone: done, of: target, &bag) }
                // A child case may be given any vocabulary field, as any case may.
                check(assignments: child.data, schema: target.acceptedFields, env: env, in: "the data of child case '\(target.id)'", &bag)
                // A required field the child is not given would refuse its start, in production.
                let given = Set(child.data.map(\.field.value))
                for field in target.fields where !field.optional && field.defaultValue == nil && !given.contains(field.name) {
                    bag.error(.childMissingField, at: child.workflow.location,
                              "'start: \(target.id)' does not give '\(field.name)' (\(field.type.rawValue)), which workflow '\(target.id)' requires; the child case would be refused when it starts — add '\(field.name): EXPRESSION' under 'data:', or make the field optional or give it a default in \(target.file)")
                }
            case .cancelChildren(let event):
                // Every child workflow this one starts must take the event.
                let started = Set(workflow.allActions.compactMap { if case .start(let c) = $0.action { return c.workflow.value } else { return nil } })
                if started.isEmpty {
                    bag.error(.unknownEvent, at: event.location, "'cancel_children: \(event.value)' in a workflow that starts no child case; remove it, or start one with 'start:'")
                }
                for id in started.sorted() {
                    guard let child = definitions.workflow(id) else { continue }
                    let takes = child.events.contains { $0.name == event.value } || child.allTasks.flatMap(\.outcomes).contains { $0.value == event.value }
                    if !takes {
                        bag.error(.unknownEvent, at: event.location, "'cancel_children' sends '\(event.value)', which child workflow '\(id)' does not declare; declare it there under 'events:' and handle it",
                                  suggestion: Suggestion.closest(to: event.value, among: child.events.map(\.name)))
                    }
                }
            case .cancelTask:
                break
            }
        }
    }

    /// Each assigned field must exist in `schema` and the value must have its type.
    private func check(assignments: [Assignment], schema: [FieldDefinition], env: Environment, in what: String, _ bag: inout DiagnosticBag) {
        for a in assignments {
            guard let field = schema.first(where: { $0.name == a.field.value }) else {
                bag.error(.unknownField, at: a.field.location, "cannot set unknown field '\(a.field.value)' in \(what); declare it in 'case'",
                          suggestion: Suggestion.closest(to: a.field.value, among: schema.map(\.name) + workflow.vocabulary.map(\.name)))
                continue
            }
            let expected: CELType = field.type == .double ? .dyn : field.type.celType
            guard let checked = checkExpression(a.value, in: env, expecting: nil, what: "the value of '\(field.name)'", bag: &bag) else { continue }
            let ok = checked.type.isAssignable(to: expected) || (field.type == .double && [.int, .double, .dyn, .error].contains(checked.type))
            if !ok {
                bag.error(.typeMismatch, at: a.value.location, "'\(field.name)' is \(field.type.rawValue), but this value is \(checked.type)")
            }
            if let allowed = field.allowed, case .literal(.string(let s)) = checked.expr.kind, !allowed.contains(s) {
                bag.error(.badValue, at: a.value.location, "'\(s)' is not an allowed value of '\(field.name)' (\(allowed.joined(separator: ", ")))",
                          suggestion: Suggestion.closest(to: s, among: allowed))
            }
        }
    }

    func checkCalendar(_ name: Located<String>?, _ bag: inout DiagnosticBag) {
        guard let name, definitions.calendar(name.value) == nil else { return }
        bag.error(.unknownCalendar, at: name.location, "unknown calendar '\(name.value)'",
                  suggestion: Suggestion.closest(to: name.value, among: definitions.calendars.map(\.name)))
    }

    /// Type-checks an expression and checks the calendars it names in literals.
    @discardableResult
    /// `on_done`: the event is this workflow's, and declares `state` and `child` as strings and
    /// each field the child sends with the child field's type.
    private func check(onDone done: ChildDoneDefinition, of child: Workflow, _ bag: inout DiagnosticBag) {
        guard let event = workflow.event(done.event.value) else {
            bag.error(.unknownEvent, at: done.event.location,
                      "'on_done' names event '\(done.event.value)', which workflow '\(workflow.id)' does not declare; declare it under 'events:' with fields {state: string, child: string\(done.fields.map { ", \($0.name): TYPE" }.joined())}",
                      suggestion: Suggestion.closest(to: done.event.value, among: workflow.events.map(\.name)))
            return
        }
        var expected: [(name: String, type: FieldType, from: String)] = [("state", .string, "the child's final state"), ("child", .string, "the child's id")]
        for (name, field) in done.fields {
            guard let childField = child.acceptedFields.first(where: { $0.name == field.value }) else {
                bag.error(.unknownField, at: field.location, "'\(field.value)' is no field of workflow '\(child.id)' (or the vocabulary), so the finished child cannot send it",
                          suggestion: Suggestion.closest(to: field.value, among: child.acceptedFields.map(\.name)))
                continue
            }
            expected.append((name, childField.type, "'\(field.value)' of workflow '\(child.id)'"))
        }
        for (name, type, from) in expected {
            guard let declared = event.fields.first(where: { $0.name == name }), declared.type == type else {
                bag.error(.childReport, at: done.event.location,
                          "event '\(event.name)' must declare the field '\(name): \(type.rawValue)' (\(from)); add it under 'events: \(event.name): fields:'")
                continue
            }
        }
        let given = Set(expected.map(\.name))
        for field in event.fields where !given.contains(field.name) && !field.optional && field.defaultValue == nil {
            bag.error(.childReport, at: done.event.location,
                      "event '\(event.name)' requires '\(field.name)', which 'on_done' does not send; send it under 'fields:' or make it optional")
        }
    }

    /// A task's due time or an SLA's target: a duration after now (in business time with a
    /// calendar), or the due instant itself, which is how working days are counted
    /// (`add_working_days(now, 3, 'cn')`).
    func checkDueTime(_ source: ExpressionSource, in env: Environment, calendar: Located<String>?, what: String,
                      _ bag: inout DiagnosticBag) {
        guard let (expr, type) = checkExpression(source, in: env, expecting: nil, what: what, bag: &bag) else { return }
        if ![.duration, .timestamp, .dyn, .error].contains(type) {
            bag.error(.typeMismatch, at: source.location,
                      "\(what) is \(type), not a duration or a timestamp; write how long after, e.g. duration('8h'), or the due time itself, e.g. add_working_days(now, 3, 'cn')")
        }
        if calendar != nil { DaysInBusinessTime.check(expr, source: source, what: what, bag: &bag) }
    }

    func checkExpression(_ source: ExpressionSource, in env: Environment, expecting: CELType?, what: String,
                         bag: inout DiagnosticBag) -> (expr: Expr, type: CELType)? {
        let checked = ExpressionCheck.check(source, in: env, expecting: expecting, what: what, bag: &bag)
        if let expr = checked?.expr {
            CalendarReferences.check(expr, source: source, calendars: definitions.calendars.map(\.name), bag: &bag)
        }
        return checked
    }
}

/// Finds calendar names written as literals in calls such as `period_end(t, 7, "cn")`.
enum CalendarReferences {
    static let functions: Set<String> = ["period_end", "add_working_days", "business_hours_between", "add_business_hours",
                                         "add_months", "period_end_months"]

    static func check(_ expr: Expr, source: ExpressionSource, calendars: [String], bag: inout DiagnosticBag) {
        expr.walk { node in
            guard case .call(let name, nil, let args) = node.kind, functions.contains(name),
                  let last = args.last, case .literal(.string(let calendar)) = last.kind, !calendars.contains(calendar) else { return }
            let position = SourcePosition(offset: last.offset, in: source.text)
            bag.error(.unknownCalendar, at: source.fileLocation(of: position), "unknown calendar '\(calendar)' in \(name)()",
                      suggestion: Suggestion.closest(to: calendar, among: calendars))
        }
    }
}

/// Finds `duration('3d')` in a due time or SLA target counted in a calendar's business time:
/// three days are then 72 business hours, about nine working days, which people rarely mean.
enum DaysInBusinessTime {
    static func check(_ expr: Expr, source: ExpressionSource, what: String, bag: inout DiagnosticBag) {
        expr.walk { node in
            guard case .call("duration", nil, let args) = node.kind, args.count == 1,
                  case .literal(.string(let text)) = args[0].kind, text.contains("d"),
                  let span = CELDuration(text: text) else { return }
            let hours = span.seconds / 3_600
            let days = text.prefix { $0.isNumber }
            let position = SourcePosition(offset: args[0].offset, in: source.text)
            bag.warning(.daysInBusinessTime, at: source.fileLocation(of: position),
                        "\(what) '\(text)' is counted in the calendar's business hours: \(hours) business hours, about \(max(1, hours / 8)) working days of 8 hours, not \(days) working days; for working days give the due time, add_working_days(now, \(days), 'CALENDAR'), or write duration('\(hours)h') to keep business hours")
        }
    }
}
