import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine

/// Leaving a state: exit actions run and its open tasks are cancelled unless `keep: true`;
/// `cancel_task` cancels by name; a transition without a target runs its `set` and actions
/// without leaving or re-entering the state.
@Suite struct ExitTests {
    let engine: Engine
    let t0: Timestamp
    let t1: Timestamp
    let reviewing: CaseState

    init() throws {
        engine = try makeEngine(reviewWorkflow, cnCalendar)
        t0 = try ts("2026-03-09T10:00:00+08:00")
        t1 = try ts("2026-03-09T11:30:00+08:00")
        reviewing = try engine.start(workflow: "review", id: "R-1", data: ["order.id": .string("O-1")], at: t0).after
    }

    @Test func leavingRunsExitActionsAndCancelsTasksExceptKeptOnes() throws {
        let step = try engine.apply(Event("approve", at: t1), to: reviewing)
        #expect(step.after.state == "approved")
        #expect(step.after.data["review.left_at"] == .timestamp(t1))
        #expect(step.after.data["review.note"] == .string("approved"))
        #expect(step.cancelledNames == ["review_request", "check_stock"])
        #expect(step.cancelledTasks == reviewing.openTasks.filter { $0.name != "call_customer" })
        #expect(step.openedNames == ["schedule_pickup"])
        #expect(step.after.openTasks.map(\.name) == ["call_customer", "schedule_pickup"])
        #expect(step.after.openTasks.map(\.id) == ["R-1-task-2", "R-1-task-4"])
        #expect(step.audit.notes == ["task review_request cancelled on leaving 'reviewing'",
                                     "task check_stock cancelled on leaving 'reviewing'"])
    }

    @Test func exitActionsRunBeforeTheTransitionsSet() throws {
        let step = try engine.apply(Event("approve", at: t1), to: reviewing)
        #expect(step.audit.evaluations.map(\.purpose) == ["set review.left_at", "set review.note"])
    }

    @Test func cancelTaskCancelsByNameAndStays() throws {
        let step = try engine.apply(Event("stop_stock_check", at: t1), to: reviewing)
        #expect(step.after.state == "reviewing")
        #expect(step.cancelledNames == ["check_stock"])
        #expect(step.after.openTasks.map(\.name) == ["review_request", "call_customer"])
        #expect(step.openedTasks.isEmpty)
        #expect(step.after.data["review.left_at"] == nil)
        #expect(step.taken.map(\.target) == [nil])
        #expect(step.taken.map(\.description) == ["reviewing —on:stop_stock_check→ (stay)"])
    }

    @Test func aTargetlessTransitionSetsWithoutExitOrEntry() throws {
        let once = try engine.apply(Event("remind", at: t1), to: reviewing)
        let twice = try engine.apply(Event("remind", at: t1), to: once.after)
        #expect(twice.after.data["reminders"] == .int(2))
        #expect(twice.after.state == "reviewing")
        #expect(twice.after.openTasks == reviewing.openTasks)
        #expect(once.openedTasks.isEmpty && once.cancelledTasks.isEmpty)
        #expect(twice.after.data["review.left_at"] == nil)
        #expect(twice.after.step == 3)
        #expect(twice.audit.from == "reviewing")
        #expect(twice.audit.to == "reviewing")
    }

    @Test func aKeptTaskOutlivesLaterStates() throws {
        let approved = try engine.apply(Event("approve", at: t1), to: reviewing).after
        let done = try engine.apply(Event("close", at: t1), to: approved)
        #expect(done.after.state == "done")
        #expect(done.cancelledNames == ["schedule_pickup"])
        #expect(done.after.openTasks.map(\.name) == ["call_customer"])
    }
}
