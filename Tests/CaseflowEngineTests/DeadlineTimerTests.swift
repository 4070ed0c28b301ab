import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine

/// Timers with `at:` fire at a computed time — a legal deadline — rather than after a fixed
/// delay from entering the state.
@Suite struct DeadlineTimerTests {
    static let repair = """
        workflow: repair
        version: 1
        case:
          repair.started_at: timestamp
        events:
          repaired: {}
        initial: repairing
        states:
          repairing:
            on:
              repaired: done
            after:
              # 三包: unrepaired after 30 days for the repairer's own reasons.
              - at: "period_end(repair.started_at, 30, 'cn')"
                target: overdue
          overdue: {final: true}
          done: {final: true}
        """

    let engine: Engine

    init() throws {
        engine = try makeEngine(Self.repair, cnCalendar)
    }

    @Test func aDeadlineTimerIsDueAtItsComputedTime() throws {
        // Handed in Wednesday 2026-05-06 10:00: 30 days end at 24:00 on 2026-06-05 (Shanghai).
        let start = try engine.start(workflow: "repair", id: "R-1", data: ["repair.started_at": .string("2026-05-06T10:00:00+08:00")],
                                     at: try ts("2026-05-08T09:00:00+08:00"))
        #expect(start.armedTimers.map(\.due) == [try ts("2026-06-06T00:00:00+08:00")])
        let deadline = try ts("2026-06-06T00:00:00+08:00")
        #expect(start.audit.evaluations.contains { $0.purpose.hasPrefix("at of a timer") && $0.result == .timestamp(deadline) })
        let fired = try engine.fire(timer: start.after.timers[0].id, at: try ts("2026-06-06T00:00:00+08:00"), in: start.after)
        #expect(fired.after.state == "overdue")
    }

    @Test func aDeadlineAlreadyPastFiresAtOnceWithItsDueTime() throws {
        // Entered on day 40: the timer is due in the past and fires at the next chance, late.
        let start = try engine.start(workflow: "repair", id: "R-2", data: ["repair.started_at": .string("2026-05-06T10:00:00+08:00")],
                                     at: try ts("2026-06-15T09:00:00+08:00"))
        let timer = try #require(start.after.timers.first)
        #expect(timer.due == (try ts("2026-06-06T00:00:00+08:00")))
        let fired = try engine.fire(timer: timer.id, at: try ts("2026-06-15T09:00:01+08:00"), in: start.after)
        #expect(fired.after.state == "overdue")
        #expect(fired.audit.dueAt == timer.due)
    }

    @Test func aTimerNeedsDelayOrAtButNotBoth() throws {
        var definitions = Definitions()
        var bag = DiagnosticBag()
        let text = Self.repair.replacingOccurrences(of: "      - at: \"period_end(repair.started_at, 30, 'cn')\"",
                                                     with: "      - at: \"period_end(repair.started_at, 30, 'cn')\"\n        delay: 30d")
        DefinitionLoader().load(text: text, path: "repair.yaml", into: &definitions, bag: &bag)
        #expect(bag.items.map(\.message).contains("a timer takes 'delay' or 'at', not both"))
    }
}
