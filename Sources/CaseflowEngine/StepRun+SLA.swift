import CaseflowCalendar
import CaseflowExpr
import CaseflowModel

/// SLA clocks: started and stopped by states or events, paused in waiting states, with a
/// warning and a sticky breach.
extension StepRun {
    /// Starts or stops clocks named by an arriving event.
    mutating func slaEvent(_ name: String) throws(EngineError) {
        for sla in compiled.workflow.slas {
            if sla.start.contains(where: { $0.value == name }) { try startClock(sla) }
            if sla.stop.contains(where: { $0.value == name }) { stopClock(sla) }
        }
    }

    /// Starts, stops, pauses or resumes clocks on entering a state. Entering a final state stops
    /// every clock still running: a closed case keeps no promise open.
    mutating func slaStateEntered(_ name: String) throws(EngineError) {
        if compiled.isFinal(name) {
            for sla in compiled.workflow.slas where !sla.stop.contains(where: { $0.value == name }) { closeClock(sla) }
        }
        for sla in compiled.workflow.slas {
            if sla.start.contains(where: { $0.value == name }) { try startClock(sla) }
            if sla.stop.contains(where: { $0.value == name }) { stopClock(sla); continue }
            let pausing = sla.pause.contains { $0.value == name }
            guard let index = caseState.slas.firstIndex(where: { $0.name == sla.name }) else { continue }
            let clock = caseState.slas[index]
            if pausing && clock.status == .running { try pause(sla, index) }
            if !pausing && clock.status == .paused { try resume(sla, index) }
        }
    }

    private mutating func startClock(_ sla: SLADefinition) throws(EngineError) {
        guard !caseState.slas.contains(where: { $0.name == sla.name }) else { return }
        let deadline: Timestamp
        switch try value(sla.target, purpose: "target of SLA \(sla.name)") {
        case .duration(let target): deadline = try delay(target, from: now, calendar: sla.calendar?.value)
        case .timestamp(let instant): deadline = instant
        default:
            throw EngineError(.evaluationFailed, "the target of SLA '\(sla.name)' is neither a duration nor a timestamp", location: sla.target.location)
        }
        caseState.slas.append(SLAClock(name: sla.name, status: .running, startedAt: now, deadline: deadline,
                                       remaining: nil, breached: false, warned: false, stoppedAt: nil))
        step.slaChanges.append(SLAChange(sla: sla.name, kind: .started, deadline: deadline))
        try armClock(sla, deadline: deadline)
    }

    private mutating func armClock(_ sla: SLADefinition, deadline: Timestamp) throws(EngineError) {
        if let warn = sla.warnBefore, let warnAt = try warningTime(sla, warn: warn, deadline: deadline),
           caseState.slas.first(where: { $0.name == sla.name })?.warned == false {
            arm(TimerInstance(id: nextID("sla"), caseID: caseState.id, trigger: .slaWarning(sla.name), due: warnAt, state: nil))
        }
        if caseState.slas.first(where: { $0.name == sla.name })?.breached == false {
            arm(TimerInstance(id: nextID("sla"), caseID: caseState.id, trigger: .slaBreach(sla.name), due: deadline, state: nil))
        }
    }

    /// When `warn` of the SLA's time is left: counted in business time with a calendar (the
    /// moment the remaining business time equals `warn`), else on the clock. Nil when that
    /// moment has already passed.
    private mutating func warningTime(_ sla: SLADefinition, warn: CELDuration, deadline: Timestamp) throws(EngineError) -> Timestamp? {
        let left = try remaining(sla, until: deadline)
        let lead = left - warn.seconds
        guard lead > 0, let span = CELDuration(seconds: lead) else { return nil }
        return try delay(span, from: now, calendar: sla.calendar?.value)
    }

    private mutating func disarm(_ sla: String) {
        let own: (TimerInstance) -> Bool = { $0.trigger == .slaWarning(sla) || $0.trigger == .slaBreach(sla) }
        step.cancelledTimers += caseState.timers.filter(own)
        caseState.timers.removeAll(where: own)
    }

    private mutating func stopClock(_ sla: SLADefinition) {
        guard let index = caseState.slas.firstIndex(where: { $0.name == sla.name }),
              [.running, .paused].contains(caseState.slas[index].status) else { return }
        // A paused clock is judged by the time it had left when paused; a running one by its deadline.
        let clock = caseState.slas[index]
        let late = clock.status == .paused ? (clock.remaining ?? 0) < 0 : (clock.deadline.map { now > $0 } ?? false)
        let breached = clock.breached || late
        caseState.slas[index].status = breached ? .breached : .met
        caseState.slas[index].breached = breached
        caseState.slas[index].stoppedAt = now
        disarm(sla.name)
        step.slaChanges.append(SLAChange(sla: sla.name, kind: breached ? .breached : .met, deadline: caseState.slas[index].deadline))
    }

    /// Stops a clock because the case closed without reaching a `stop` state: `stopped`, or
    /// `breached` if it had been missed.
    private mutating func closeClock(_ sla: SLADefinition) {
        guard let index = caseState.slas.firstIndex(where: { $0.name == sla.name }),
              [.running, .paused].contains(caseState.slas[index].status) else { return }
        caseState.slas[index].status = caseState.slas[index].breached ? .breached : .stopped
        caseState.slas[index].stoppedAt = now
        disarm(sla.name)
        step.slaChanges.append(SLAChange(sla: sla.name, kind: .stopped, deadline: caseState.slas[index].deadline))
    }

    private mutating func pause(_ sla: SLADefinition, _ index: Int) throws(EngineError) {
        guard let deadline = caseState.slas[index].deadline else { return }
        let left = try remaining(sla, until: deadline)
        caseState.slas[index].remaining = left
        caseState.slas[index].status = .paused
        // Paused after the deadline passed (its breach timer not yet fired): the breach stands.
        if left < 0 { caseState.slas[index].breached = true }
        disarm(sla.name)
        step.slaChanges.append(SLAChange(sla: sla.name, kind: .paused, deadline: nil))
    }

    private mutating func resume(_ sla: SLADefinition, _ index: Int) throws(EngineError) {
        let left = max(0, caseState.slas[index].remaining ?? 0)
        guard let span = CELDuration(seconds: left) else {
            throw EngineError(.evaluationFailed, "SLA '\(sla.name)': remaining time out of range")
        }
        let deadline = try delay(span, from: now, calendar: sla.calendar?.value)
        caseState.slas[index].deadline = deadline
        caseState.slas[index].remaining = nil
        caseState.slas[index].status = .running
        step.slaChanges.append(SLAChange(sla: sla.name, kind: .resumed, deadline: deadline))
        try armClock(sla, deadline: deadline)
    }

    /// Time left until the deadline, in business time when the SLA has a calendar.
    private func remaining(_ sla: SLADefinition, until deadline: Timestamp) throws(EngineError) -> Int64 {
        if let name = sla.calendar?.value, let calendar = compiled.calendars[name] {
            do { return try calendar.businessHoursBetween(now, deadline).seconds } catch {
                throw EngineError(.evaluationFailed, error.message)
            }
        }
        return deadline.seconds - now.seconds
    }

    /// An SLA's warning or breach timer fired.
    mutating func handleSLATimer(_ name: String, breach: Bool) throws(EngineError) {
        guard let sla = compiled.workflow.slas.first(where: { $0.name == name }),
              let index = caseState.slas.firstIndex(where: { $0.name == name }) else {
            throw EngineError(.eventRejected, "'\(name)' names no SLA clock of this case")
        }
        if !breach {
            caseState.slas[index].warned = true
            step.slaChanges.append(SLAChange(sla: sla.name, kind: .warned, deadline: caseState.slas[index].deadline))
            step.audit.notes.append("SLA \(sla.name) warning: deadline \(caseState.slas[index].deadline?.rfc3339 ?? "?")")
            return
        }
        caseState.slas[index].breached = true
        step.slaChanges.append(SLAChange(sla: sla.name, kind: .breached, deadline: caseState.slas[index].deadline))
        step.audit.notes.append("SLA \(sla.name) breached")
        step.taken.append(TransitionRef(state: caseState.state, trigger: .slaBreach(sla.name), index: 0, target: nil, location: sla.location))
        try run(sla.onBreach, in: caseState.state)
    }
}
