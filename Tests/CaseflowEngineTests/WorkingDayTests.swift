import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine

/// Working days as ops staff mean them: `delay: 3wd` and a due time of
/// `add_working_days(now, 3, 'cn')` are three working days, not 72 business hours.
@Suite struct WorkingDayTests {
    static let workflow = """
        workflow: support
        version: 1
        events:
          answered: {}
        initial: waiting
        states:
          waiting:
            entry:
              - task: reply
                queue: desk
                due: "add_working_days(now, 3, 'cn')"
            on:
              answered: done
            after:
              - delay: 3wd
                calendar: cn
                target: chased
          chased:
            entry:
              - task: chase
                queue: desk
                due: "duration('8h')"
                calendar: cn
            final: true
          done: {final: true}
        sla:
          reply:
            target: "add_working_days(now, 2, 'cn')"
            calendar: cn
            start: [waiting]
            stop: [done]
        """

    @Test func threeWorkingDaysSkipTheSpringFestivalAndCountTheMakeUpSaturday() throws {
        let engine = try makeEngine(Self.workflow, cnCalendar)
        // Friday 13 February 2026, 10:00. Saturday the 14th is a make-up working day (1), the
        // Spring Festival holidays run 15–23 February, then Tuesday 24th (2) and Wednesday 25th (3).
        let start = try engine.start(workflow: "support", id: "S-1", data: [:], at: try ts("2026-02-13T10:00:00+08:00"))
        #expect(start.armedTimers.filter { $0.state == "waiting" }.map(\.due) == [try ts("2026-02-25T10:00:00+08:00")])
        #expect(start.openedTasks.map(\.due) == [try ts("2026-02-25T10:00:00+08:00")])
        #expect(start.after.slas.first?.deadline == (try ts("2026-02-24T10:00:00+08:00")))
    }

    @Test func aWorkingDayDelayFromAnEveningKeepsTheTimeOfDay() throws {
        let engine = try makeEngine(Self.workflow, cnCalendar)
        // Thursday 30 April 20:00: 1–5 May are holidays, Saturday 9 May a make-up day.
        let start = try engine.start(workflow: "support", id: "S-3", data: [:], at: try ts("2026-04-30T20:00:00+08:00"))
        #expect(start.armedTimers.filter { $0.state == "waiting" }.map(\.due) == [try ts("2026-05-08T20:00:00+08:00")])
        let timer = try #require(start.after.timers.first { $0.state == "waiting" })
        let fired = try engine.fire(timer: timer.id, at: try ts("2026-05-08T20:00:00+08:00"), in: start.after)
        #expect(fired.after.state == "chased")
    }

    @Test func workingDaysWithoutACalendarOrMixedWithHoursAreErrors() throws {
        let noCalendar = Self.workflow.replacingOccurrences(of: "      - delay: 3wd\n        calendar: cn\n", with: "      - delay: 3wd\n")
        let problems = loadUnchecked([noCalendar, cnCalendar]).problems
        #expect(problems.contains { $0.code == .missingKey && $0.message.contains("'3wd' counts working days, which need a calendar") })
        let mixed = Self.workflow.replacingOccurrences(of: "delay: 3wd", with: "delay: 2wd4h")
        #expect(loadUnchecked([mixed, cnCalendar]).problems.contains { $0.code == .badDuration && $0.message.contains("wd alone for working days") })
        let child = Self.workflow.replacingOccurrences(of: "    final: true\n  done", with: "      - start: support\n        after: 3wd\n    final: true\n  done")
        #expect(loadUnchecked([child, cnCalendar]).problems.contains { $0.code == .badDuration && $0.message.contains("only a timer's 'delay' with a 'calendar'") })
    }

    @Test func daysCountedInBusinessHoursAreWarnedAbout() throws {
        let days = Self.workflow.replacingOccurrences(of: "delay: 3wd", with: "delay: 3d")
            .replacingOccurrences(of: "due: \"duration('8h')\"", with: "due: \"duration('2d')\"")
        let warnings = loadUnchecked([days, cnCalendar]).problems.filter { $0.code == .daysInBusinessTime }
        #expect(warnings.count == 2)
        #expect(warnings.allSatisfy { $0.severity == .warning })
        #expect(warnings.contains { $0.message.contains("72 business hours, about 9 working days of 8 hours, not 3 working days; write 3wd") })
        #expect(warnings.contains { $0.message.contains("add_working_days(now, 2, 'CALENDAR')") })
        // Without a calendar, 3d is three days on the clock, as written: no warning.
        let clock = days.replacingOccurrences(of: "        calendar: cn\n        target: chased", with: "        target: chased")
        #expect(loadUnchecked([clock, cnCalendar]).problems.filter { $0.code == .daysInBusinessTime }.count == 1)
    }

    @Test func aDueTimeMustBeADurationOrATimestamp() throws {
        let wrong = Self.workflow.replacingOccurrences(of: "due: \"add_working_days(now, 3, 'cn')\"", with: "due: \"3\"")
        #expect(loadUnchecked([wrong, cnCalendar]).problems.contains { $0.code == .typeMismatch && $0.message.contains("not a duration or a timestamp") })
    }
}
