import CaseflowCalendar
import CaseflowExpr
import CaseflowModel
import CaseflowSource

/// The interpreter: given compiled workflows, a case, an event and a time, returns the next
/// ``Step``. It does no I/O and reads no clock, so the same inputs always give the same step —
/// which is what makes scenario tests, replay and crash recovery possible.
///
/// ```swift
/// let engine = try Engine(definitions: loaded)
/// var step = try engine.start(workflow: "return", id: "R-1", data: data, at: t0)
/// step = try engine.apply(Event("goods_received", at: t1), to: step.after)
/// ```
public struct Engine: Sendable {
    /// Compiled workflows by id, each with its loaded versions (newest last).
    public private(set) var workflows: [String: [CompiledWorkflow]] = [:]
    /// How many `always` transitions one step may take before it is considered a loop.
    public var alwaysLimit = 64

    public init(workflows: [CompiledWorkflow]) {
        for w in workflows { add(w) }
    }

    /// Compiles every workflow of validated definitions (resolved against their vocabulary
    /// here, if they were not).
    public init(definitions unresolved: Definitions) throws(EngineError) {
        let definitions = unresolved.resolvingVocabulary().definitions
        let (calendars, problems) = definitions.businessCalendars()
        if let problem = problems.first { throw EngineError(.invalidData, "invalid calendar: \(problem)") }
        let functions = Definitions.functionTable(for: calendars)
        var compiled: [CompiledWorkflow] = []
        for w in definitions.workflows {
            let sets = w.ruleSets.compactMap { definitions.ruleSet($0.value) }
            compiled.append(try CompiledWorkflow(w, ruleSets: sets, calendars: calendars, functions: functions,
                                                 sourceText: definitions.files[w.file]?.text ?? w.id))
        }
        self.init(workflows: compiled)
    }

    /// Adds a compiled workflow version (a reload adds new versions; old ones stay for running cases).
    public mutating func add(_ workflow: CompiledWorkflow) {
        var versions = workflows[workflow.id, default: []].filter { $0.version != workflow.version || $0.hash == workflow.hash }
        if !versions.contains(where: { $0.version == workflow.version }) { versions.append(workflow) }
        workflows[workflow.id] = versions.sorted { $0.version < $1.version }
    }

    /// The newest version of a workflow, or a specific one.
    public func workflow(_ id: String, version: Int? = nil) throws(EngineError) -> CompiledWorkflow {
        guard let versions = workflows[id], let newest = versions.last else {
            let known = workflows.keys.sorted()
            throw EngineError(.unknownWorkflow, "unknown workflow '\(id)'; loaded: \(known.joined(separator: ", "))"
                + (Suggestion.closest(to: id, among: known).map { " (did you mean '\($0)'?)" } ?? ""))
        }
        guard let version else { return newest }
        guard let match = versions.first(where: { $0.version == version }) else {
            throw EngineError(.unknownWorkflow, "workflow '\(id)' version \(version) is not loaded; loaded versions: \(versions.map { String($0.version) }.joined(separator: ", "))")
        }
        return match
    }

    /// Starts a case: checks its data against the schema (and keeps the vocabulary fields it
    /// carries besides; nested objects are flattened, but for `map` fields), applies defaults,
    /// runs the initial state's entry and its `always` transitions.
    public func start(workflow id: String, id caseID: String, data: [String: Value], at: Timestamp,
                      parentID: String? = nil, report: ChildReport? = nil) throws(EngineError) -> Step {
        let compiled = try workflow(id)
        let checked = try DataCheck.caseData(data, schema: compiled.workflow.fields, extras: compiled.extraFields,
                                             containers: compiled.containers)
        let initial = compiled.workflow.initial.value
        let fresh = CaseState(id: caseID, workflow: id, version: compiled.version, definitionHash: compiled.hash,
                              state: initial, data: checked, step: 0, openTasks: [], timers: [], slas: [],
                              parentID: parentID, createdAt: at, updatedAt: at, sequence: 0,
                              report: parentID == nil ? nil : report)
        var run = StepRun(compiled, consume fresh, event: Event("start", at: at), limit: alwaysLimit)
        try run.enter(initial, trigger: .start)
        try run.settle()
        return run.finish(before: nil)
    }

    /// Applies an event to a case. Throws, changing nothing, when the state does not take it.
    public func apply(_ event: Event, to current: CaseState) throws(EngineError) -> Step {
        if TimerTrigger.isReserved(event.name) {
            throw EngineError(.eventRejected, "'\(event.name)' is the name of a timer; timers fire on their own and cannot be sent as events")
        }
        try Self.checkOrder(event.at, current)
        let compiled = try workflow(current.workflow, version: current.version)
        var run = StepRun(compiled, current, event: event, limit: alwaysLimit)
        try run.handle(event)
        return run.finish(before: current)
    }

    /// Completes an open task with one of its outcomes: the outcome is applied as an event.
    /// A task someone holds is completed by them: `by` is the caller, and others are refused
    /// (naming the holder) unless `override` (an admin). A task no one holds anyone may complete.
    public func complete(task taskID: String, outcome: String, data: [String: Value] = [:], at: Timestamp,
                         by caller: String? = nil, override: Bool = false,
                         in current: CaseState) throws(EngineError) -> Step {
        guard let task = current.openTasks.first(where: { $0.id == taskID }) else {
            throw EngineError(.unknownTask, "task '\(taskID)' is not open in case '\(current.id)'")
        }
        if let holder = task.assignee, holder != caller, !override {
            throw EngineError(.taskHeld, "task '\(task.name)' (\(task.id)) is held by '\(holder)'; only they may complete it, or an admin")
        }
        guard task.outcomes.contains(outcome) else {
            throw EngineError(.unknownTask, "task '\(task.name)' cannot end with '\(outcome)'; its outcomes are \(task.outcomes.joined(separator: ", "))")
        }
        try Self.checkOrder(at, current)
        var state = current
        state.openTasks.removeAll { $0.id == taskID }
        let compiled = try workflow(current.workflow, version: current.version)
        let event = Event(outcome, data: data, at: at)
        var run = StepRun(compiled, consume state, event: event, limit: alwaysLimit)
        run.completed = task
        run.completedBy = task.assignee ?? caller
        try run.handle(event)
        return run.finish(before: current)
    }

    /// Drops a pending timer that cannot fire (the daemon calls this when `fire` refuses one,
    /// which would otherwise be retried forever), as a step of its own whose audit says why.
    public static func discard(timer timerID: String, at: Timestamp, reason: String, in current: CaseState) -> Step {
        var after = current
        after.timers.removeAll { $0.id == timerID }
        after.step += 1
        after.updatedAt = max(current.updatedAt, at)
        let audit = AuditRecord(event: "timer_discarded", at: after.updatedAt, dueAt: nil, from: current.state, to: current.state,
                                evaluations: [], notes: ["timer \(timerID) discarded: \(reason)"], actor: nil)
        return Step.caseOnly(before: current, after: after, cancelledTimers: current.timers.filter { $0.id == timerID }, audit: audit)
    }

    /// A step that changes nothing but says why: an event a case did not take that must still
    /// be on record (a child's report its parent refused).
    public static func note(event: String, at: Timestamp, note: String, in current: CaseState) -> Step {
        var after = current
        after.step += 1
        after.updatedAt = max(current.updatedAt, at)
        let audit = AuditRecord(event: event, at: after.updatedAt, dueAt: nil, from: current.state, to: current.state,
                                evaluations: [], notes: [note], actor: nil)
        return Step.caseOnly(before: current, after: after, cancelledTimers: [], audit: audit)
    }

    /// A case's history only moves forward: an event dated before its last step is refused, so
    /// deadlines cannot be met by back-dating.
    static func checkOrder(_ at: Timestamp, _ current: CaseState) throws(EngineError) {
        guard at >= current.updatedAt else {
            throw EngineError(.eventRejected, "the event is dated \(at.rfc3339), before the case's last step at \(current.updatedAt.rfc3339); events must not go back in time")
        }
    }

    /// Fires a due timer at its due time `at` (or later, when the daemon was down: the audit
    /// records both).
    public func fire(timer timerID: String, at: Timestamp, in current: CaseState) throws(EngineError) -> Step {
        guard let timer = current.timers.first(where: { $0.id == timerID }) else {
            throw EngineError(.unknownTask, "timer '\(timerID)' is not pending in case '\(current.id)'")
        }
        guard at >= timer.due else {
            throw EngineError(.eventRejected, "timer '\(timerID)' is due \(timer.due.rfc3339), not yet at \(at.rfc3339)")
        }
        var state = current
        state.timers.removeAll { $0.id == timerID }
        let compiled = try workflow(current.workflow, version: current.version)
        let event = Event(timer.event, at: at)
        var run = StepRun(compiled, consume state, event: event, limit: alwaysLimit)
        if at > timer.due {
            run.dueAt = timer.due
            run.step.audit.notes.append("timer fired \(at.seconds - timer.due.seconds)s after its due time \(timer.due.rfc3339)")
        }
        try run.handle(event, timer: timer.trigger)
        return run.finish(before: current)
    }
}
