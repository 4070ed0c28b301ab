import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine

/// Tasks opened by entry actions: queue, title, due time from a duration expression (in
/// business hours with `calendar:`), priority, outcomes and data.
@Suite struct TaskTests {
    let engine: Engine

    init() throws {
        engine = try makeEngine(reviewWorkflow, cnCalendar)
    }

    func start(tier: String, at: Timestamp) throws -> Step {
        try engine.start(workflow: "review", id: "R-1",
                         data: ["order.id": .string("O-1"), "customer.tier": .string(tier)], at: at)
    }

    @Test func entryActionsOpenTasksInOrder() throws {
        let friday = try ts("2026-03-06T17:00:00+08:00")
        let step = try start(tier: "vip", at: friday)
        #expect(step.after.openTasks.map(\.name) == ["review_request", "call_customer", "check_stock"])
        #expect(step.after.openTasks.map(\.id) == ["R-1-task-1", "R-1-task-2", "R-1-task-3"])
        #expect(step.openedTasks == step.after.openTasks)
        #expect(step.cancelledTasks.isEmpty)
    }

    @Test func aTaskGetsQueueTitleDuePriorityOutcomesAndData() throws {
        let friday = try ts("2026-03-06T17:00:00+08:00")
        let task = try start(tier: "vip", at: friday).after.task("review_request")
        #expect(task.caseID == "R-1")
        #expect(task.title == "Review the return request")
        #expect(task.queue == "returns_desk")
        #expect(task.due == (try ts("2026-03-06T21:00:00+08:00")))
        #expect(task.priority == 10)
        #expect(task.outcomes == ["approve", "deny"])
        #expect(task.state == "reviewing")
        #expect(task.keep == false)
        #expect(task.data == ["order": .string("O-1"), "urgent": .bool(true)])
        #expect(task.openedAt == friday)
    }

    @Test func theDueExpressionAndPriorityDependOnTheCase() throws {
        let friday = try ts("2026-03-06T17:00:00+08:00")
        let task = try start(tier: "standard", at: friday).after.task("review_request")
        #expect(task.due == (try ts("2026-03-07T17:00:00+08:00")))
        #expect(task.priority == 1)
        #expect(task.data["urgent"] == .bool(false))
    }

    /// The cn calendar lists 2026's holidays only: a due time counted into 2027 says in the
    /// audit that 2027's holidays were counted as working days; one within 2026 says nothing.
    @Test func aDueTimeIntoAYearWithoutHolidaysIsNoted() throws {
        let lastFriday = try ts("2026-12-31T17:00:00+08:00")
        let step = try start(tier: "vip", at: lastFriday)
        let notes = step.audit.notes.filter { $0.contains("lists no holidays") }
        #expect(notes == ["calendar 'cn' lists no holidays for 2027; its public holidays were counted as working days (add them to the calendar)"])
        #expect(try start(tier: "vip", at: try ts("2026-03-06T17:00:00+08:00")).audit.notes.allSatisfy { !$0.contains("lists no holidays") })
    }

    @Test func aCalendarDueCountsBusinessHours() throws {
        // Friday 17:00 + 4h in cn: 17:00–18:00 on Friday, then Monday 09:00–12:00.
        let friday = try ts("2026-03-06T17:00:00+08:00")
        let task = try start(tier: "vip", at: friday).after.task("call_customer")
        #expect(task.due == (try ts("2026-03-09T12:00:00+08:00")))
        #expect(task.keep)
        #expect(task.queue == "call_center")
    }

    @Test func aCalendarDueSkipsLunchAndPublicHolidays() throws {
        // Monday 11:00 + 4h: 11–12, lunch, 13–16.
        let monday = try start(tier: "vip", at: try ts("2026-03-09T11:00:00+08:00")).after.task("call_customer")
        #expect(monday.due == (try ts("2026-03-09T16:00:00+08:00")))
        // Thursday 30 April 16:00 + 4h: 16–18, 1–5 May are holidays, then Wednesday 6 May 09–11.
        let holiday = try start(tier: "vip", at: try ts("2026-04-30T16:00:00+08:00")).after.task("call_customer")
        #expect(holiday.due == (try ts("2026-05-06T11:00:00+08:00")))
    }

    @Test func aBareTaskHasNoDueNoPriorityNoOutcomes() throws {
        let task = try start(tier: "vip", at: try ts("2026-03-09T10:00:00+08:00")).after.task("check_stock")
        #expect(task.due == nil)
        #expect(task.priority == 0)
        #expect(task.title == nil)
        #expect(task.outcomes.isEmpty)
        #expect(task.data.isEmpty)
        #expect(task.queue == "warehouse")
    }

    @Test func theTaskExpressionsAreAudited() throws {
        let step = try start(tier: "vip", at: try ts("2026-03-09T10:00:00+08:00"))
        #expect(step.audit.evaluations.map(\.purpose) == [
            "due of review_request", "priority of review_request", "data order of review_request",
            "data urgent of review_request", "due of call_customer",
        ])
        let due = try #require(step.audit.evaluations.first)
        #expect(due.expression == "customer.tier == 'vip' ? duration('4h') : duration('24h')")
        #expect(due.result == CELDuration(seconds: 4 * hour).map(Value.duration))
        #expect(readTexts(due.reads) == ["customer.tier='vip'"])
    }
}
