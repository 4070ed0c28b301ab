import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine

/// A complaint workflow with one SLA: VIP 4h else 24h, started on entering `handling`, stopped
/// on entering `resolved`, paused while `waiting_customer`, warned 1h before, and an escalation
/// task on breach. `calendar` makes the clock count business hours.
func complaintWorkflow(id: String, calendar: String?) -> String {
    """
    workflow: \(id)
    version: 1
    case:
      customer.tier: {type: string, enum: [standard, vip], default: standard}
    events:
      accept: {}
      ask_customer: {}
      customer_reply: {}
      resolve: {}
      cancel: {}
    initial: new
    states:
      new:
        on:
          accept: handling
      handling:
        on:
          ask_customer: waiting_customer
          resolve: resolved
      waiting_customer:
        on:
          customer_reply: handling
          resolve: resolved
      resolved: {final: true}
      cancelled: {final: true}
    on:
      cancel: cancelled
    sla:
      resolution:
        title: Resolve within the promise
        target: "customer.tier == 'vip' ? duration('4h') : duration('24h')"
    \(calendar.map { "    calendar: \($0)" } ?? "")
        start: [handling]
        stop: [resolved]
        pause: [waiting_customer]
        warn_before: 1h
        on_breach:
          - task: escalate
            queue: supervisors
            due: "duration('2h')"
    """
}

/// SLA clocks: started by a state, with a deadline from the target expression; a warning and a
/// breach timer; a sticky breach that opens the on_breach task; met or breached when stopped;
/// paused time does not count.
@Suite struct SLATests {
    let engine: Engine
    /// Monday 10:00 in Shanghai.
    let t0: Timestamp

    init() throws {
        engine = try makeEngine(complaintWorkflow(id: "complaint", calendar: nil),
                                complaintWorkflow(id: "complaint_bh", calendar: "cn"), cnCalendar)
        t0 = try ts("2026-03-09T10:00:00+08:00")
    }

    /// A case accepted (the clock started) at `at`.
    func accepted(tier: String = "vip", workflow: String = "complaint", at: Timestamp? = nil) throws -> Step {
        let at = at ?? t0
        let new = try engine.start(workflow: workflow, id: "K-1", data: ["customer.tier": .string(tier)], at: at).after
        return try engine.apply(Event("accept", at: at), to: new)
    }

    func send(_ name: String, at: String, to c: CaseState) throws -> Step {
        try engine.apply(Event(name, at: try ts(at)), to: c)
    }

    @Test func theClockStartsOnEnteringTheStartState() throws {
        let new = try engine.start(workflow: "complaint", id: "K-1", data: ["customer.tier": .string("vip")], at: t0)
        #expect(new.after.slas.isEmpty)
        let step = try accepted()
        let clock = try step.after.sla("resolution")
        #expect(clock.status == .running)
        #expect(clock.startedAt == t0)
        #expect(clock.deadline == (try ts("2026-03-09T14:00:00+08:00")))
        #expect(clock.remaining == nil)
        #expect(clock.breached == false)
        #expect(clock.warned == false)
        #expect(clock.stoppedAt == nil)
        #expect(step.slaChanges.map(\.kind) == [.started])
        #expect(step.slaChanges.map(\.deadline) == [clock.deadline])
    }

    @Test func theTargetDependsOnTheCase() throws {
        let clock = try accepted(tier: "standard").after.sla("resolution")
        #expect(clock.deadline == (try ts("2026-03-10T10:00:00+08:00")))
    }

    @Test func startingArmsAWarningAndABreachTimer() throws {
        let step = try accepted()
        #expect(step.armedTimers.map(\.event) == ["sla:resolution:warn", "sla:resolution:breach"])
        #expect(step.armedTimers.map(\.due) == [try ts("2026-03-09T13:00:00+08:00"), try ts("2026-03-09T14:00:00+08:00")])
        #expect(step.armedTimers.map(\.state) == [nil, nil])
        #expect(step.armedTimers.map(\.id) == ["K-1-sla-1", "K-1-sla-2"])
        #expect(step.after.timers == step.armedTimers)
    }

    @Test func theWarningMarksTheClockAndChangesNothingElse() throws {
        let handling = try accepted().after
        let warn = try handling.timer("sla:resolution:warn")
        let step = try engine.fire(timer: warn.id, at: warn.due, in: handling)
        #expect(step.after.state == "handling")
        #expect(try step.after.sla("resolution").warned)
        #expect(try step.after.sla("resolution").status == .running)
        #expect(step.slaChanges.map(\.kind) == [.warned])
        #expect(step.audit.notes == ["SLA resolution warning: deadline 2026-03-09T06:00:00Z"])
        #expect(step.after.timers.map(\.event) == ["sla:resolution:breach"])
        #expect(step.openedTasks.isEmpty)
    }

    @Test func aBreachIsStickyAndOpensTheOnBreachTask() throws {
        let handling = try accepted().after
        let breach = try handling.timer("sla:resolution:breach")
        let step = try engine.fire(timer: breach.id, at: breach.due, in: handling)
        let clock = try step.after.sla("resolution")
        #expect(clock.breached)
        #expect(clock.status == .running)
        #expect(step.after.state == "handling")
        #expect(step.slaChanges.map(\.kind) == [.breached])
        #expect(step.audit.notes == ["SLA resolution breached"])
        #expect(step.openedNames == ["escalate"])
        let escalate = try step.after.task("escalate")
        #expect(escalate.queue == "supervisors")
        #expect(escalate.due == (try ts("2026-03-09T16:00:00+08:00")))
        #expect(step.taken.map(\.trigger.text) == ["sla:resolution"])

        let resolved = try send("resolve", at: "2026-03-09T15:00:00+08:00", to: step.after)
        let stopped = try resolved.after.sla("resolution")
        #expect(stopped.status == .breached)
        #expect(stopped.breached)
        #expect(stopped.stoppedAt == (try ts("2026-03-09T15:00:00+08:00")))
        #expect(resolved.slaChanges.map(\.kind) == [.breached])
    }

    @Test func stoppingBeforeTheDeadlineMeetsTheSLA() throws {
        let handling = try accepted().after
        let step = try send("resolve", at: "2026-03-09T12:00:00+08:00", to: handling)
        let clock = try step.after.sla("resolution")
        #expect(clock.status == .met)
        #expect(clock.breached == false)
        #expect(clock.stoppedAt == (try ts("2026-03-09T12:00:00+08:00")))
        #expect(step.slaChanges.map(\.kind) == [.met])
        #expect(step.slaChanges.map(\.deadline) == [clock.deadline])
        #expect(step.cancelledTimers == handling.timers)
        #expect(step.after.timers.isEmpty)
    }

    @Test func stoppingAfterTheDeadlineIsABreachEvenBeforeTheTimerFired() throws {
        let handling = try accepted().after
        let step = try send("resolve", at: "2026-03-09T14:01:00+08:00", to: handling)
        let clock = try step.after.sla("resolution")
        #expect(clock.status == .breached)
        #expect(clock.breached)
        #expect(step.slaChanges.map(\.kind) == [.breached])
    }

    @Test func pausingKeepsTheTimeLeftAndDisarmsTheTimers() throws {
        let handling = try accepted().after
        let step = try send("ask_customer", at: "2026-03-09T11:00:00+08:00", to: handling)
        let clock = try step.after.sla("resolution")
        #expect(clock.status == .paused)
        #expect(clock.remaining == 3 * hour)
        #expect(step.slaChanges.map(\.kind) == [.paused])
        #expect(step.cancelledTimers == handling.timers)
        #expect(step.after.timers.isEmpty)
    }

    @Test func resumingMovesTheDeadlineByThePausedTime() throws {
        let handling = try accepted().after
        let waiting = try send("ask_customer", at: "2026-03-09T11:00:00+08:00", to: handling).after
        // Four hours waiting for the customer: the 14:00 deadline moves to 18:00.
        let step = try send("customer_reply", at: "2026-03-09T15:00:00+08:00", to: waiting)
        let clock = try step.after.sla("resolution")
        #expect(clock.status == .running)
        #expect(clock.deadline == (try ts("2026-03-09T18:00:00+08:00")))
        #expect(clock.remaining == nil)
        #expect(clock.startedAt == t0)
        #expect(step.slaChanges.map(\.kind) == [.resumed])
        #expect(step.slaChanges.map(\.deadline) == [clock.deadline])
        #expect(step.armedTimers.map(\.event) == ["sla:resolution:warn", "sla:resolution:breach"])
        #expect(step.armedTimers.map(\.due) == [try ts("2026-03-09T17:00:00+08:00"), try ts("2026-03-09T18:00:00+08:00")])
    }

    @Test func aBreachStaysAfterPauseAndResume() throws {
        let handling = try accepted().after
        let breach = try handling.timer("sla:resolution:breach")
        let breached = try engine.fire(timer: breach.id, at: breach.due, in: handling).after
        let waiting = try send("ask_customer", at: "2026-03-09T14:30:00+08:00", to: breached).after
        let back = try send("customer_reply", at: "2026-03-09T15:00:00+08:00", to: waiting)
        // No new breach timer: the SLA is already missed.
        #expect(!back.armedTimers.contains { $0.event == "sla:resolution:breach" })
        let resolved = try send("resolve", at: "2026-03-09T15:10:00+08:00", to: back.after)
        #expect(try resolved.after.sla("resolution").status == .breached)
    }

    // MARK: Stopping a paused clock

    @Test func stoppingAPausedClockAfterTheOldDeadlineMeetsTheSLA() throws {
        let handling = try accepted().after
        // Paused at 11:00 with 3h left; resolved at 15:00, past the 14:00 deadline set before the pause.
        let waiting = try send("ask_customer", at: "2026-03-09T11:00:00+08:00", to: handling).after
        let step = try send("resolve", at: "2026-03-09T15:00:00+08:00", to: waiting)
        #expect(step.after.state == "resolved")
        let clock = try step.after.sla("resolution")
        #expect(clock.status == .met)
        #expect(clock.breached == false)
        #expect(clock.remaining == 3 * hour)
        #expect(clock.stoppedAt == (try ts("2026-03-09T15:00:00+08:00")))
        #expect(step.slaChanges.map(\.sla) == ["resolution"])
        #expect(step.slaChanges.map(\.kind) == [.met])
        // The pause already disarmed the timers.
        #expect(step.cancelledTimers.isEmpty)
        #expect(step.after.timers.isEmpty)
    }

    @Test func stoppingAPausedClockTheNextDayStillMeetsTheSLA() throws {
        let handling = try accepted(tier: "standard").after
        // 24h promise, paused after 1h with 23h left, resolved 40 hours later without resuming.
        let waiting = try send("ask_customer", at: "2026-03-09T11:00:00+08:00", to: handling).after
        #expect(try waiting.sla("resolution").remaining == 23 * hour)
        let step = try send("resolve", at: "2026-03-11T03:00:00+08:00", to: waiting)
        #expect(try step.after.sla("resolution").status == .met)
        #expect(step.slaChanges.map(\.kind) == [.met])
    }

    @Test func stoppingAPausedClockThatWasBreachedStaysBreached() throws {
        let handling = try accepted().after
        let breach = try handling.timer("sla:resolution:breach")
        let breached = try engine.fire(timer: breach.id, at: breach.due, in: handling).after
        let waiting = try send("ask_customer", at: "2026-03-09T14:30:00+08:00", to: breached).after
        #expect(try waiting.sla("resolution").status == .paused)
        let step = try send("resolve", at: "2026-03-09T15:00:00+08:00", to: waiting)
        let clock = try step.after.sla("resolution")
        #expect(clock.status == .breached)
        #expect(clock.breached)
        #expect(clock.stoppedAt == (try ts("2026-03-09T15:00:00+08:00")))
        #expect(step.slaChanges.map(\.kind) == [.breached])
    }

    /// Paused at 14:30, after the 14:00 deadline, before the breach timer fired (the timer
    /// runner was behind): the pause leaves −30 min and records the breach itself, since it
    /// disarms the breach timer; stopping it later is a breach.
    @Test func stoppingAClockPausedAfterItsDeadlineIsABreach() throws {
        let handling = try accepted().after
        let waiting = try send("ask_customer", at: "2026-03-09T14:30:00+08:00", to: handling)
        #expect(try waiting.after.sla("resolution").remaining == -1800)
        #expect(try waiting.after.sla("resolution").breached == true)
        #expect(waiting.cancelledTimers.map(\.event) == ["sla:resolution:warn", "sla:resolution:breach"])
        let step = try send("resolve", at: "2026-03-09T15:00:00+08:00", to: waiting.after)
        let clock = try step.after.sla("resolution")
        #expect(clock.status == .breached)
        #expect(clock.breached)
        #expect(step.slaChanges.map(\.kind) == [.breached])
    }

    // MARK: Closing the case

    @Test func closingTheCaseStopsARunningClock() throws {
        let handling = try accepted().after
        let step = try send("cancel", at: "2026-03-09T12:00:00+08:00", to: handling)
        #expect(step.after.state == "cancelled")
        #expect(step.after.isClosed)
        #expect(step.taken.map(\.trigger.text) == ["global:cancel"])
        let clock = try step.after.sla("resolution")
        #expect(clock.status == .stopped)
        #expect(clock.breached == false)
        #expect(clock.stoppedAt == (try ts("2026-03-09T12:00:00+08:00")))
        #expect(clock.deadline == (try ts("2026-03-09T14:00:00+08:00")))
        #expect(step.slaChanges.map(\.sla) == ["resolution"])
        #expect(step.slaChanges.map(\.kind) == [.stopped])
        #expect(step.slaChanges.map(\.deadline) == [try ts("2026-03-09T14:00:00+08:00")])
        #expect(step.cancelledTimers == handling.timers)
        #expect(step.cancelledTimers.map(\.event) == ["sla:resolution:warn", "sla:resolution:breach"])
        #expect(step.after.timers.isEmpty)
        #expect(step.armedTimers.isEmpty)
    }

    @Test func closingTheCaseStopsAPausedClock() throws {
        let handling = try accepted().after
        let waiting = try send("ask_customer", at: "2026-03-09T11:00:00+08:00", to: handling).after
        let step = try send("cancel", at: "2026-03-09T15:00:00+08:00", to: waiting)
        #expect(step.after.state == "cancelled")
        let clock = try step.after.sla("resolution")
        #expect(clock.status == .stopped)
        #expect(clock.breached == false)
        #expect(clock.stoppedAt == (try ts("2026-03-09T15:00:00+08:00")))
        #expect(step.slaChanges.map(\.kind) == [.stopped])
        #expect(step.cancelledTimers.isEmpty)
        #expect(step.after.timers.isEmpty)
    }

    @Test func closingTheCaseAfterABreachKeepsTheBreach() throws {
        let handling = try accepted().after
        let breach = try handling.timer("sla:resolution:breach")
        let breached = try engine.fire(timer: breach.id, at: breach.due, in: handling).after
        let step = try send("cancel", at: "2026-03-09T15:00:00+08:00", to: breached)
        let clock = try step.after.sla("resolution")
        #expect(clock.status == .breached)
        #expect(clock.breached)
        #expect(clock.stoppedAt == (try ts("2026-03-09T15:00:00+08:00")))
        #expect(step.slaChanges.map(\.kind) == [.stopped])
        // The warning timer never fired; closing cancels it.
        #expect(step.cancelledTimers.map(\.event) == ["sla:resolution:warn"])
        #expect(step.after.timers.isEmpty)
    }

    @Test func aClosedCaseTakesNoSLATimer() throws {
        let handling = try accepted().after
        let cancelled = try send("cancel", at: "2026-03-09T12:00:00+08:00", to: handling).after
        // A closed case saved with its SLA timers still pending (as before clocks stopped on close).
        var stale = cancelled
        stale.timers = handling.timers
        for timer in handling.timers {
            let error = try #require(throws: EngineError.self) { try engine.fire(timer: timer.id, at: timer.due, in: stale) }
            #expect(error.kind == .eventRejected)
            #expect(error.message == "case 'K-1' is closed (final state 'cancelled') and takes no events")
        }
        let error = try #require(throws: EngineError.self) { try send("resolve", at: "2026-03-09T13:00:00+08:00", to: cancelled) }
        #expect(error.kind == .eventRejected)
        #expect(error.message == "case 'K-1' is closed (final state 'cancelled') and takes no events")
    }

    /// Two SLAs: `closed` is the stop state of one and not of the other.
    static let ticket = """
        workflow: ticket
        version: 1
        events:
          open_ticket: {}
          reply: {}
          close: {}
        initial: new
        states:
          new:
            on:
              open_ticket: open
          open:
            on:
              reply: replied
              close: closed
          replied:
            on:
              close: closed
          closed: {final: true}
        sla:
          first_reply:
            target: "duration('1h')"
            start: [open]
            stop: [replied]
          handling:
            target: "duration('8h')"
            start: [open]
            stop: [closed]
        """

    @Test func closingTheCaseStopsTheClocksItsFinalStateDoesNotStop() throws {
        let engine = try makeEngine(Self.ticket)
        let new = try engine.start(workflow: "ticket", id: "T-1", data: [:], at: t0).after
        let open = try engine.apply(Event("open_ticket", at: t0), to: new).after
        #expect(open.timers.map(\.event) == ["sla:first_reply:breach", "sla:handling:breach"])
        let step = try engine.apply(Event("close", at: try ts("2026-03-09T10:30:00+08:00")), to: open)
        #expect(step.after.state == "closed")
        #expect(step.after.slas.map(\.name) == ["first_reply", "handling"])
        #expect(step.after.slas.map(\.status) == [.stopped, .met])
        #expect(step.slaChanges.map(\.sla) == ["first_reply", "handling"])
        #expect(step.slaChanges.map(\.kind) == [.stopped, .met])
        #expect(step.cancelledTimers.map(\.event) == ["sla:first_reply:breach", "sla:handling:breach"])
        #expect(step.after.timers.isEmpty)
    }

    // MARK: SLA timers

    @Test func anSLATimerCannotBeSentAsAnEvent() throws {
        let handling = try accepted().after
        for name in ["sla:resolution:warn", "sla:resolution:breach", "sla:other:breach"] {
            let error = try #require(throws: EngineError.self) { try engine.apply(Event(name, at: t0), to: handling) }
            #expect(error.kind == .eventRejected)
            #expect(error.message == "'\(name)' is the name of a timer; timers fire on their own and cannot be sent as events")
        }
    }

    @Test func anSLATimerCannotFireEarly() throws {
        let handling = try accepted().after
        let breach = try handling.timer("sla:resolution:breach")
        let error = try #require(throws: EngineError.self) {
            try engine.fire(timer: breach.id, at: try ts("2026-03-09T13:59:59+08:00"), in: handling)
        }
        #expect(error.kind == .eventRejected)
        #expect(error.message == "timer 'K-1-sla-2' is due 2026-03-09T06:00:00Z, not yet at 2026-03-09T05:59:59Z")
    }

    @Test func aLateBreachRecordsItsDueTimeAndHowLate() throws {
        let handling = try accepted().after
        let breach = try handling.timer("sla:resolution:breach")
        let late = try ts("2026-03-09T14:30:00+08:00")
        let step = try engine.fire(timer: breach.id, at: late, in: handling)
        #expect(step.audit.event == "sla:resolution:breach")
        #expect(step.audit.at == late)
        #expect(step.audit.dueAt == breach.due)
        #expect(step.audit.notes == ["timer fired 1800s after its due time 2026-03-09T06:00:00Z", "SLA resolution breached"])
        #expect(try step.after.sla("resolution").breached)
        // The escalation task is due 2h after the breach was handled, not after the deadline.
        #expect(try step.after.task("escalate").due == (try ts("2026-03-09T16:30:00+08:00")))
    }

    @Test func anSLATimerOnTimeRecordsNoDueTime() throws {
        let handling = try accepted().after
        let warn = try handling.timer("sla:resolution:warn")
        let step = try engine.fire(timer: warn.id, at: warn.due, in: handling)
        #expect(step.audit.dueAt == nil)
        #expect(step.audit.at == warn.due)
    }

    // MARK: Business time

    @Test func aCalendarDeadlineCountsBusinessHours() throws {
        // Friday 17:00 + 4h in cn: Monday 12:00; the warning is 1h before, at 11:00.
        let step = try accepted(workflow: "complaint_bh", at: try ts("2026-03-06T17:00:00+08:00"))
        #expect(try step.after.sla("resolution").deadline == (try ts("2026-03-09T12:00:00+08:00")))
        #expect(step.armedTimers.map(\.due) == [try ts("2026-03-09T11:00:00+08:00"), try ts("2026-03-09T12:00:00+08:00")])
    }

    @Test func aCalendarWarningCountsBusinessTimeBeforeTheDeadline() throws {
        // Friday 14:30 + 4h in cn: 14:30–18:00 is 3.5h, then Monday 09:00–09:30, so Monday 09:30.
        // One business hour before that is Friday 17:30 (17:30–18:00 and 09:00–09:30), not the
        // wall-clock Monday 08:30, before the desk opens.
        let step = try accepted(workflow: "complaint_bh", at: try ts("2026-03-06T14:30:00+08:00"))
        #expect(try step.after.sla("resolution").deadline == (try ts("2026-03-09T09:30:00+08:00")))
        #expect(step.armedTimers.map(\.event) == ["sla:resolution:warn", "sla:resolution:breach"])
        #expect(step.armedTimers.map(\.due) == [try ts("2026-03-06T17:30:00+08:00"), try ts("2026-03-09T09:30:00+08:00")])
    }

    @Test func aCalendarClockPausesAndResumesInBusinessHours() throws {
        // Monday 09:00 + 4h: 09–12 and 13–14, so 14:00.
        let handling = try accepted(workflow: "complaint_bh", at: try ts("2026-03-09T09:00:00+08:00")).after
        #expect(try handling.sla("resolution").deadline == (try ts("2026-03-09T14:00:00+08:00")))
        // Paused at 11:00: 11–12 and 13–14 are left, two business hours.
        let waiting = try send("ask_customer", at: "2026-03-09T11:00:00+08:00", to: handling).after
        #expect(try waiting.sla("resolution").remaining == 2 * hour)
        // Resumed Tuesday 17:00: 17–18, then Wednesday 09–10.
        let back = try send("customer_reply", at: "2026-03-10T17:00:00+08:00", to: waiting).after
        #expect(try back.sla("resolution").deadline == (try ts("2026-03-11T10:00:00+08:00")))
    }
}
