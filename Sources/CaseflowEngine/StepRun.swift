import CaseflowCalendar
import CaseflowExpr
import CaseflowModel
import CaseflowSource

/// One step in progress: the case being changed and everything the step has done so far.
///
/// Runs the statechart semantics: exit actions and cancellations of the source, the
/// transition's `set` and actions, entry actions, timers and SLA clocks of the target, then
/// `always` transitions until the case settles.
struct StepRun {
    let compiled: CompiledWorkflow
    var caseState: CaseState
    let activation: CaseActivation
    let event: Event
    let limit: Int
    var step: Step
    var completed: TaskInstance?
    /// Who completed it: its holder, or the caller when no one held it.
    var completedBy: String?
    var dueAt: Timestamp?
    private var alwaysTaken = 0

    init(_ compiled: CompiledWorkflow, _ caseState: CaseState, event: Event, limit: Int) {
        self.compiled = compiled
        self.caseState = caseState
        // Each step has its own actor, set by whoever asked for it.
        self.caseState.updatedBy = nil
        self.event = event
        self.limit = limit
        activation = CaseActivation(compiled.context, data: caseState.data, state: caseState.state, caseID: caseState.id, now: event.at)
        // `after` is filled in by `finish`; holding the case here meanwhile would share its
        // lists, and the step's first change to each would copy it.
        step = Step(before: nil, after: Self.placeholder, openedTasks: [], cancelledTasks: [], updatedTasks: [], completedTask: nil,
                    armedTimers: [], cancelledTimers: [], children: [], slaChanges: [], childDone: nil, cancelChildren: nil,
                    audit: AuditRecord(event: event.name, at: event.at, dueAt: nil, from: caseState.state,
                                       to: caseState.state, evaluations: [], notes: [], actor: nil),
                    taken: [])
    }

    private static let placeholder = CaseState(id: "", workflow: "", version: 0, definitionHash: "", state: "", data: [:],
                                               step: 0, openTasks: [], timers: [], slas: [], parentID: nil,
                                               createdAt: Timestamp(clamping: 0), updatedAt: Timestamp(clamping: 0), sequence: 0)

    var now: Timestamp { event.at }

    /// The step, made from the run. Its parts are moved out of the run rather than assigned:
    /// an assignment would copy them (retaining every string and list they hold) since the run
    /// still holds them; and the step is made in the return value directly, because a local
    /// step filled in and returned is copied too.
    mutating func finish(before: CaseState?) -> Step {
        let activation = activation
        swap(&caseState.data, &activation.data)
        caseState.step += 1
        caseState.updatedAt = now
        let wasClosed = caseState.isClosed
        caseState.isClosed = compiled.isFinal(caseState.state)
        measureFinish(wasClosed: wasClosed)
        step.audit.to = caseState.state
        if caseState.isClosed, !wasClosed, let report = caseState.report, let parent = caseState.parentID {
            var fields: [String: Value] = ["state": .string(caseState.state), "child": .string(caseState.id)]
            for (name, field) in report.fields { if let value = caseState.data[field] { fields[name] = value } }
            step.childDone = ChildDone(parentID: parent, childID: caseState.id, event: Event(report.event, data: fields, at: now))
        }
        step.audit.dueAt = dueAt
        if case .none = before { step.audit.from = nil }
        return Step(before: before, after: exchange(&caseState, with: Self.placeholder),
                    openedTasks: exchange(&step.openedTasks, with: []), cancelledTasks: exchange(&step.cancelledTasks, with: []),
                    updatedTasks: exchange(&step.updatedTasks, with: []),
                    completedTask: completed.take(), armedTimers: exchange(&step.armedTimers, with: []),
                    cancelledTimers: exchange(&step.cancelledTimers, with: []), children: exchange(&step.children, with: []),
                    slaChanges: exchange(&step.slaChanges, with: []), childDone: step.childDone.take(),
                    cancelChildren: step.cancelChildren.take(),
                    audit: exchange(&step.audit, with: Self.emptyAudit),
                    taken: exchange(&step.taken, with: []))
    }

    private static let emptyAudit = AuditRecord(event: "", at: Timestamp(clamping: 0), dueAt: nil, from: nil, to: "",
                                                evaluations: [], notes: [], actor: nil)

    // MARK: Events

    /// Handles an outside event or a task outcome, or, with `timer`, a timer firing (the event
    /// then carries the timer's name for the audit).
    mutating func handle(_ event: Event, timer: TimerTrigger? = nil) throws(EngineError) {
        if caseState.isClosed {
            throw EngineError(.eventRejected, "case '\(caseState.id)' is closed (final state '\(caseState.state)') and takes no events")
        }
        switch timer {
        case .slaWarning(let sla)?:
            try handleSLATimer(sla, breach: false)
            return
        case .slaBreach(let sla)?:
            try handleSLATimer(sla, breach: true)
            return
        case .after?, nil:
            break
        }
        guard let compiledState = compiled.state(caseState.state) else {
            throw EngineError(.eventRejected, "case '\(caseState.id)' is in state '\(caseState.state)', which workflow '\(compiled.workflow.id)' v\(compiled.workflow.version) does not define")
        }
        let current = compiledState.definition
        if current.isFinal {
            throw EngineError(.eventRejected, "case '\(caseState.id)' is closed (final state '\(current.name)') and takes no events")
        }
        let (transitions, trigger, handlerEvent) = try candidates(for: event.name, timer: timer, in: compiledState)
        let payload = try DataCheck.payload(event.data, event: compiled.eventsByName[event.name], name: event.name)
        activation.handling(handlerEvent, payload: payload)
        defer { activation.leaveHandler() }
        for (index, transition) in transitions.enumerated() {
            if let when = transition.when {
                let holds = try check(when, purpose: compiledState.whenPurpose(trigger))
                if !holds { continue }
            }
            try slaEvent(event.name)
            measureMoment(event.name)
            try take(transition, from: current.name, trigger: trigger, index: index)
            activation.leaveHandler()
            try settle()
            return
        }
        if case .timer = trigger {
            // A timer whose condition does not hold simply expires.
            step.audit.notes.append("timer \(event.name) fired; no condition held, the case stays in '\(current.name)'")
            return
        }
        throw EngineError(.eventRejected, "'\(event.name)' is not accepted in state '\(current.name)': no transition's condition holds (see the conditions evaluated)")
    }

    /// The transitions an event may take in a state, the trigger's name, and the event whose
    /// payload fields the handler may read.
    private func candidates(for name: String, timer: TimerTrigger?, in compiledState: CompiledState) throws(EngineError) -> ([Transition], TransitionTrigger, String?) {
        let state = compiledState.definition
        if case .after(let owner, let index)? = timer {
            guard owner == state.name, state.timers.indices.contains(index) else {
                throw EngineError(.eventRejected, "timer '\(name)' does not belong to state '\(state.name)'")
            }
            return ([state.timers[index].transition], .timer(index: index), nil)
        }
        if let i = state.handlers.firstIndex(where: { $0.event == name }) {
            return (state.handlers[i].transitions, compiledState.handlerTriggers[i], name)
        }
        if let handler = compiled.workflow.globalHandlers.first(where: { $0.event == name }) { return (handler.transitions, .workflowWide(name), name) }
        let accepted = state.handlers.map(\.event) + compiled.workflow.globalHandlers.map(\.event).filter { state.handler($0) == nil }
        let known = Set(compiled.workflow.events.map(\.name)).union(compiled.workflow.allTasks.flatMap(\.outcomes).map(\.value))
        let hint = known.contains(name) ? "" : " ('\(name)' is not an event of workflow '\(compiled.workflow.id)')"
        throw EngineError(.eventRejected, "state '\(state.name)' does not accept '\(name)'\(hint); it accepts: \(accepted.isEmpty ? "nothing" : accepted.joined(separator: ", "))")
    }

    // MARK: Transitions

    mutating func take(_ t: Transition, from source: String, trigger: TransitionTrigger, index: Int) throws(EngineError) {
        step.taken.append(TransitionRef(state: source, trigger: trigger, index: index, target: t.target?.value, location: t.location))
        guard let target = t.target?.value else {
            try assign(t.assignments)
            try run(t.actions, in: source)
            return
        }
        try exit(source)
        try assign(t.assignments)
        // Tasks a transition opens belong to the state it enters: they close when the case
        // leaves that state, like the state's own entry tasks.
        try run(t.actions, in: target)
        try enter(target, trigger: trigger)
    }

    /// Takes `always` transitions until none applies; a chain longer than the limit is a loop.
    mutating func settle() throws(EngineError) {
        while let state = compiled.state(caseState.state), !state.definition.always.isEmpty {
            var took = false
            for (index, t) in state.definition.always.enumerated() {
                if let when = t.when, try !check(when, purpose: state.alwaysPurpose) { continue }
                alwaysTaken += 1
                if alwaysTaken > limit {
                    throw EngineError(.alwaysLimit, "'always' transitions fired more than \(limit) times in one step, last from '\(state.definition.name)'; they loop", location: t.location)
                }
                try take(t, from: state.definition.name, trigger: .always, index: index)
                took = t.target != nil
                break
            }
            if !took { return }
        }
    }

    mutating func exit(_ name: String) throws(EngineError) {
        guard let state = compiled.state(name) else { return }
        try run(state.definition.exit, in: name)
        let leaving = caseState.openTasks.filter { $0.state == name && !$0.keep }
        caseState.openTasks.removeAll { $0.state == name && !$0.keep }
        step.cancelledTasks += leaving
        for task in leaving { step.audit.notes.append(state.cancelNote(task: task.name)) }
        let timers = caseState.timers.filter { $0.state == name }
        caseState.timers.removeAll { $0.state == name }
        step.cancelledTimers += timers
    }

    mutating func enter(_ name: String, trigger: TransitionTrigger) throws(EngineError) {
        guard let state = compiled.state(name) else {
            throw EngineError(.eventRejected, "target state '\(name)' is not defined")
        }
        caseState.state = name
        activation.state = name
        try run(state.definition.entry, in: name)
        for (index, timer) in state.definition.timers.enumerated() {
            let due: Timestamp
            if let at = timer.at {
                // A deadline already past fires at once (late, with its due time in the audit).
                guard case .timestamp(let t) = try value(at, purpose: "at of a timer of \(name)") else {
                    throw EngineError(.evaluationFailed, "the 'at' of a timer of '\(name)' is not a timestamp", location: at.location)
                }
                due = t
            } else {
                switch timer.delay ?? .span(.zero) {
                case .span(let span): due = try delay(span, from: now, calendar: timer.calendar?.value)
                case .workingDays(let days): due = try workingDays(days, from: now, calendar: timer.calendar?.value)
                }
            }
            arm(TimerInstance(id: nextID("timer"), caseID: caseState.id, trigger: .after(state: name, index: index), due: due, state: name))
        }
        try slaStateEntered(name)
        measureMoment(name)
    }

    mutating func arm(_ timer: TimerInstance) {
        caseState.timers.append(timer)
        step.armedTimers.append(timer)
    }

    mutating func nextID(_ kind: String) -> String {
        caseState.sequence += 1
        return "\(caseState.id)-\(kind)-\(caseState.sequence)"
    }

    // MARK: Expressions

    /// Evaluates a condition; an error fails the step rather than silently counting as false.
    mutating func check(_ source: ExpressionSource, purpose: @autoclosure () -> String) throws(EngineError) -> Bool {
        let (result, error) = try evaluate(source, purpose: purpose)
        guard case .bool(let b) = result else {
            throw EngineError(.evaluationFailed, "condition failed: \(error ?? "not a bool")", location: source.location)
        }
        return b
    }

    /// Evaluates an expression into the audit, returning its result or its error. `purpose`
    /// names it in the audit when compiling the workflow could not (see ``ProgramCollector``).
    mutating func evaluate(_ source: ExpressionSource, purpose: () -> String) throws(EngineError) -> (Value?, String?) {
        let evaluation = try activation.evaluate(source, purpose: purpose)
        let outcome = (evaluation.result, evaluation.error)
        activation.moveRuleEvaluations(into: &step.audit.evaluations)
        step.audit.evaluations.append(consume evaluation)
        return outcome
    }

    mutating func value(_ source: ExpressionSource, purpose: @autoclosure () -> String) throws(EngineError) -> Value {
        let (result, error) = try evaluate(source, purpose: purpose)
        guard let result else {
            throw EngineError(.evaluationFailed, "\(purpose()) failed: \(error ?? "no value")", location: source.location)
        }
        return result
    }

    mutating func assign(_ assignments: [Assignment]) throws(EngineError) {
        for a in assignments {
            let raw = try value(a.value, purpose: "set \(a.field.value)")
            guard let field = compiled.fieldsByName[a.field.value] else {
                throw EngineError(.invalidData, "cannot set unknown field '\(a.field.value)'", field: a.field.value, location: a.field.location)
            }
            activation.assign(field.name, try DataCheck.value(raw, for: field))
        }
    }

    /// The same local time `days` working days after `at` in the calendar, noting in the audit
    /// a year whose holidays the calendar does not list.
    mutating func workingDays(_ days: Int, from at: Timestamp, calendar name: String?) throws(EngineError) -> Timestamp {
        guard let name, let calendar = compiled.calendars[name] else {
            throw EngineError(.evaluationFailed, "working days need a calendar, and '\(name ?? "")' is none")
        }
        let end: Timestamp
        do { end = try calendar.addWorkingDays(at, days) } catch {
            throw EngineError(.evaluationFailed, error.message)
        }
        noteUncoveredYears(calendar, from: at, to: end)
        return end
    }

    mutating func noteUncoveredYears(_ calendar: BusinessCalendar, from start: Timestamp, to end: Timestamp) {
        for year in calendar.uncoveredYears(from: start, to: end) {
            let note = "calendar '\(calendar.name)' lists no holidays for \(year); its public holidays were counted as working days (add them to the calendar)"
            if !step.audit.notes.contains(note) { step.audit.notes.append(note) }
        }
    }

    /// `at + d`, counted in business time when a calendar is named. A span that reaches into a
    /// year whose holidays the calendar does not list is noted in the audit: its holidays were
    /// counted as working days.
    mutating func delay(_ d: CELDuration, from at: Timestamp, calendar: String?) throws(EngineError) -> Timestamp {
        if let calendar {
            guard let c = compiled.calendars[calendar] else {
                throw EngineError(.evaluationFailed, "unknown calendar '\(calendar)'")
            }
            let end: Timestamp
            do { end = try c.addBusinessHours(at, d) } catch {
                throw EngineError(.evaluationFailed, error.message)
            }
            noteUncoveredYears(c, from: at, to: end)
            return end
        }
        guard case .timestamp(let t) = (try? Value.add(.timestamp(at), .duration(d))) ?? .null else {
            throw EngineError(.evaluationFailed, "time out of range adding \(d.text) to \(at.rfc3339)")
        }
        return t
    }
}
