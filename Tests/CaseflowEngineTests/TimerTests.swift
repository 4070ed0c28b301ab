import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine

/// `after` timers: armed on entry with due = entry time + delay (business time with a
/// calendar), cancelled on exit, fired with ``Engine/fire(timer:at:in:)``; a late firing records
/// when the timer was due; a timer whose `when` is false expires and leaves the case where it is.
@Suite struct TimerTests {
    static let followup = """
        workflow: followup
        version: 1
        case:
          customer.id: string
          customer.replied: {type: bool, default: false}
        events:
          reply: {}
          note_reply: {}
        initial: waiting
        states:
          waiting:
            on:
              reply: answered
              note_reply:
                set: {customer.replied: "true"}
            after:
              - delay: 48h
                target: expired
              - delay: 4h
                calendar: cn
                when: "!customer.replied"
                target: escalated
          escalated:
            on:
              reply: answered
          answered:
            entry:
              - start: revisit
                after: 3d
                data: {parent.case: case.id, customer.id: customer.id}
              - start: survey
                data: {customer.id: customer.id}
            always: done
          expired: {final: true}
          done: {final: true}
        """

    static let revisit = """
        workflow: revisit
        version: 1
        case:
          parent.case: string
          customer.id: string
        events:
          close: {}
        initial: open
        states:
          open:
            on:
              close: closed
          closed: {final: true}
        """

    static let survey = """
        workflow: survey
        version: 1
        case:
          customer.id: string
        events:
          close: {}
        initial: open
        states:
          open:
            on:
              close: closed
          closed: {final: true}
        """

    let engine: Engine
    /// Friday 17:00 in Shanghai.
    let friday: Timestamp
    let waiting: CaseState

    init() throws {
        engine = try makeEngine(Self.followup, Self.revisit, Self.survey, cnCalendar)
        friday = try ts("2026-03-06T17:00:00+08:00")
        waiting = try engine.start(workflow: "followup", id: "F-1", data: ["customer.id": .string("U-7")], at: friday).after
    }

    @Test func timersAreArmedOnEntry() throws {
        let step = try engine.start(workflow: "followup", id: "F-1", data: ["customer.id": .string("U-7")], at: friday)
        #expect(step.after.timers.map(\.id) == ["F-1-timer-1", "F-1-timer-2"])
        #expect(step.after.timers.map(\.event) == ["after:waiting:0", "after:waiting:1"])
        #expect(step.after.timers.map(\.state) == ["waiting", "waiting"])
        #expect(step.after.timers.map(\.caseID) == ["F-1", "F-1"])
        #expect(step.armedTimers == step.after.timers)
    }

    @Test func aTimerIsDueAfterItsDelay() throws {
        // 48h of wall-clock time: Sunday 17:00.
        #expect(try waiting.timer("after:waiting:0").due == (try ts("2026-03-08T17:00:00+08:00")))
    }

    @Test func aCalendarTimerCountsBusinessHours() throws {
        // 4h of cn business time from Friday 17:00: one hour on Friday, three on Monday morning.
        #expect(try waiting.timer("after:waiting:1").due == (try ts("2026-03-09T12:00:00+08:00")))
    }

    @Test func leavingTheStateCancelsItsTimers() throws {
        let step = try engine.apply(Event("reply", at: try ts("2026-03-07T10:00:00+08:00")), to: waiting)
        #expect(step.after.state == "done")
        #expect(step.cancelledTimers == waiting.timers)
        #expect(step.after.timers.isEmpty)
        #expect(step.armedTimers.isEmpty)
    }

    @Test func firingAtTheDueTimeTakesTheTimersTransition() throws {
        let timer = try waiting.timer("after:waiting:0")
        let step = try engine.fire(timer: timer.id, at: timer.due, in: waiting)
        #expect(step.after.state == "expired")
        #expect(step.after.isClosed)
        #expect(step.audit.event == "after:waiting:0")
        #expect(step.audit.at == timer.due)
        #expect(step.taken.map(\.description) == ["waiting —after:0→ expired"])
        // The other timer of the state is cancelled on exit; the fired one is gone, not cancelled.
        #expect(step.cancelledTimers.map(\.event) == ["after:waiting:1"])
        #expect(step.after.timers.isEmpty)
    }

    @Test func firingLateRecordsWhenTheTimerWasDue() throws {
        let timer = try waiting.timer("after:waiting:1")
        let late = try plus(timer.due, seconds: 2 * hour)
        let step = try engine.fire(timer: timer.id, at: late, in: waiting)
        #expect(step.after.state == "escalated")
        #expect(step.audit.at == late)
        #expect(step.audit.dueAt == timer.due)
        #expect(step.after.updatedAt == late)
        let guardCheck = try #require(step.audit.evaluations.first)
        #expect(guardCheck.expression == "!customer.replied")
        #expect(guardCheck.result == .bool(true))
        #expect(readTexts(guardCheck.reads) == ["customer.replied=false"])
    }

    @Test func aTimerWhoseConditionIsFalseExpiresWithoutMoving() throws {
        let replied = try engine.apply(Event("note_reply", at: try ts("2026-03-09T09:30:00+08:00")), to: waiting).after
        #expect(replied.data["customer.replied"] == .bool(true))
        #expect(replied.timers == waiting.timers)
        let timer = try replied.timer("after:waiting:1")
        let step = try engine.fire(timer: timer.id, at: timer.due, in: replied)
        #expect(step.after.state == "waiting")
        #expect(step.after.timers.map(\.event) == ["after:waiting:0"])
        #expect(step.after.openTasks == replied.openTasks)
        #expect(step.taken.isEmpty)
        #expect(step.audit.notes == ["timer after:waiting:1 fired; no condition held, the case stays in 'waiting'"])
        #expect(step.audit.evaluations.map(\.result) == [.bool(false)])
    }

    @Test func firingOnTimeRecordsNoLateness() throws {
        let timer = try waiting.timer("after:waiting:0")
        let step = try engine.fire(timer: timer.id, at: timer.due, in: waiting)
        #expect(step.audit.dueAt == nil)
        #expect(step.audit.notes.isEmpty)
    }

    @Test func firingLateNotesHowLate() throws {
        let timer = try waiting.timer("after:waiting:1")
        let late = try plus(timer.due, seconds: 2 * hour)
        let step = try engine.fire(timer: timer.id, at: late, in: waiting)
        #expect(step.audit.dueAt == (try ts("2026-03-09T12:00:00+08:00")))
        #expect(step.audit.notes == ["timer fired 7200s after its due time 2026-03-09T04:00:00Z"])
    }

    @Test func aLateTimerThatExpiresNotesBoth() throws {
        let replied = try engine.apply(Event("note_reply", at: try ts("2026-03-09T09:30:00+08:00")), to: waiting).after
        let timer = try replied.timer("after:waiting:1")
        let step = try engine.fire(timer: timer.id, at: try plus(timer.due, seconds: 1), in: replied)
        #expect(step.after.state == "waiting")
        #expect(step.audit.dueAt == timer.due)
        #expect(step.audit.notes == [
            "timer fired 1s after its due time 2026-03-09T04:00:00Z",
            "timer after:waiting:1 fired; no condition held, the case stays in 'waiting'",
        ])
    }

    @Test func aTimerCannotFireBeforeItIsDue() throws {
        let timer = try waiting.timer("after:waiting:0")
        let error = try #require(throws: EngineError.self) {
            try engine.fire(timer: timer.id, at: try plus(timer.due, seconds: -1), in: waiting)
        }
        #expect(error.kind == .eventRejected)
        #expect(error.message == "timer 'F-1-timer-1' is due 2026-03-08T09:00:00Z, not yet at 2026-03-08T08:59:59Z")
        let atStart = try #require(throws: EngineError.self) { try engine.fire(timer: timer.id, at: friday, in: waiting) }
        #expect(atStart.kind == .eventRejected)
        #expect(atStart.message == "timer 'F-1-timer-1' is due 2026-03-08T09:00:00Z, not yet at 2026-03-06T09:00:00Z")
        // One nanosecond early is still early.
        let justBefore = try #require(Timestamp(seconds: timer.due.seconds - 1, nanos: 999_999_999))
        let nano = try #require(throws: EngineError.self) { try engine.fire(timer: timer.id, at: justBefore, in: waiting) }
        #expect(nano.kind == .eventRejected)
        // Refused, the timer is still pending and fires at its due time.
        #expect(try engine.fire(timer: timer.id, at: timer.due, in: waiting).after.state == "expired")
    }

    @Test func aTimerNameCannotBeSentAsAnEvent() throws {
        for name in ["after:waiting:0", "after:waiting:1", "after:escalated:0"] {
            let error = try #require(throws: EngineError.self) { try engine.apply(Event(name, at: friday), to: waiting) }
            #expect(error.kind == .eventRejected)
            #expect(error.message == "'\(name)' is the name of a timer; timers fire on their own and cannot be sent as events")
        }
    }

    @Test func aClosedCaseTakesNoTimer() throws {
        let done = try engine.apply(Event("reply", at: try ts("2026-03-07T10:00:00+08:00")), to: waiting).after
        #expect(done.isClosed)
        var stale = done
        stale.timers = waiting.timers
        let timer = try waiting.timer("after:waiting:0")
        let error = try #require(throws: EngineError.self) { try engine.fire(timer: timer.id, at: timer.due, in: stale) }
        #expect(error.kind == .eventRejected)
        #expect(error.message == "case 'F-1' is closed (final state 'done') and takes no events")
    }

    @Test func anUnknownTimerIsRefused() throws {
        let error = try #require(throws: EngineError.self) {
            try engine.fire(timer: "F-1-timer-9", at: friday, in: waiting)
        }
        #expect(error.kind == .unknownTask)
        #expect(error.message == "timer 'F-1-timer-9' is not pending in case 'F-1'")
    }

    @Test func aFiredTimerCannotFireAgain() throws {
        let timer = try waiting.timer("after:waiting:0")
        let after = try engine.fire(timer: timer.id, at: timer.due, in: waiting).after
        let error = try #require(throws: EngineError.self) { try engine.fire(timer: timer.id, at: timer.due, in: after) }
        #expect(error.kind == .unknownTask)
    }
}

/// `start:` actions: a child case of another workflow, with data computed from the parent and
/// an optional delay, is requested in the step; the caller starts it.
@Suite struct ChildCaseTests {
    let engine: Engine
    let waiting: CaseState

    init() throws {
        engine = try makeEngine(TimerTests.followup, TimerTests.revisit, TimerTests.survey, cnCalendar)
        waiting = try engine.start(workflow: "followup", id: "F-1", data: ["customer.id": .string("U-7")],
                                   at: try ts("2026-03-06T17:00:00+08:00")).after
    }

    @Test func enteringAStateRequestsItsChildCases() throws {
        let at = try ts("2026-03-07T10:00:00+08:00")
        let step = try engine.apply(Event("reply", at: at), to: waiting)
        #expect(step.children.map(\.workflow) == ["revisit", "survey"])
        #expect(step.children.map(\.parentID) == ["F-1", "F-1"])
        let threeDaysLater = try ts("2026-03-10T10:00:00+08:00")
        #expect(step.children.map(\.startAt) == [threeDaysLater, at])
        #expect(step.children.first?.data == ["parent.case": .string("F-1"), "customer.id": .string("U-7")])
        #expect(step.children.last?.data == ["customer.id": .string("U-7")])
    }

    @Test func aRequestedChildStartsLinkedToItsParent() throws {
        let step = try engine.apply(Event("reply", at: try ts("2026-03-07T10:00:00+08:00")), to: waiting)
        let request = try #require(step.children.first)
        let child = try engine.start(workflow: request.workflow, id: "F-1-revisit", data: request.data,
                                     at: request.startAt, parentID: request.parentID)
        #expect(child.after.parentID == "F-1")
        #expect(child.after.state == "open")
        #expect(child.after.createdAt == request.startAt)
        #expect(child.after.data == request.data)
    }
}
