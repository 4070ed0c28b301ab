import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine

/// ``Engine/complete(task:outcome:data:at:in:)``: a worker ends an open task with one of its
/// outcomes, which is applied as an event; the task is reported as completed, not cancelled.
@Suite struct CompletionTests {
    let engine: Engine
    let t1: Timestamp
    let reviewing: CaseState

    init() throws {
        engine = try makeEngine(reviewWorkflow, cnCalendar)
        t1 = try ts("2026-03-09T11:30:00+08:00")
        reviewing = try engine.start(workflow: "review", id: "R-1", data: ["order.id": .string("O-1")],
                                     at: try ts("2026-03-09T10:00:00+08:00")).after
    }

    @Test func anUnknownTaskIDIsRefused() throws {
        let error = try #require(throws: EngineError.self) {
            try engine.complete(task: "R-1-task-99", outcome: "approve", at: t1, in: reviewing)
        }
        #expect(error.kind == .unknownTask)
        #expect(error.message == "task 'R-1-task-99' is not open in case 'R-1'")
    }

    @Test func anOutcomeTheTaskDoesNotOfferIsRefused() throws {
        let task = try reviewing.task("review_request")
        let error = try #require(throws: EngineError.self) {
            try engine.complete(task: task.id, outcome: "close", at: t1, in: reviewing)
        }
        #expect(error.kind == .unknownTask)
        #expect(error.message == "task 'review_request' cannot end with 'close'; its outcomes are approve, deny")
    }

    @Test func aTaskWithoutOutcomesCannotBeCompleted() throws {
        let task = try reviewing.task("check_stock")
        let error = try #require(throws: EngineError.self) {
            try engine.complete(task: task.id, outcome: "approve", at: t1, in: reviewing)
        }
        #expect(error.kind == .unknownTask)
    }

    @Test func completingAppliesTheOutcomeAsAnEvent() throws {
        let task = try reviewing.task("review_request")
        let step = try engine.complete(task: task.id, outcome: "approve", at: t1, in: reviewing)
        #expect(step.after.state == "approved")
        #expect(step.audit.event == "approve")
        #expect(step.audit.at == t1)
        #expect(step.after.data["review.note"] == .string("approved"))
        #expect(step.completedTask == task)
        #expect(step.cancelledNames == ["check_stock"])
        #expect(!step.cancelledTasks.contains { $0.id == task.id })
        #expect(step.after.openTasks.map(\.name) == ["call_customer", "schedule_pickup"])
        #expect(step.before == reviewing)
    }

    @Test func anotherOutcomeTakesItsOwnTransition() throws {
        let task = try reviewing.task("review_request")
        let step = try engine.complete(task: task.id, outcome: "deny", at: t1, in: reviewing)
        #expect(step.after.state == "denied")
        #expect(step.after.isClosed)
        #expect(step.completedTask?.id == task.id)
        #expect(step.cancelledNames == ["check_stock"])
    }

    @Test func anOutcomeCarriesNoDataUnlessDeclared() throws {
        let task = try reviewing.task("review_request")
        let error = try #require(throws: EngineError.self) {
            try engine.complete(task: task.id, outcome: "approve", data: ["comment": .string("ok")], at: t1, in: reviewing)
        }
        #expect(error.kind == .invalidPayload)
        #expect(error.field == "comment")
        #expect(error.message == "event 'approve' carries no data, but got field 'comment'")
    }

    @Test func aRefusedCompletionLeavesTheTaskOpen() throws {
        let task = try reviewing.task("review_request")
        #expect(throws: EngineError.self) {
            try engine.complete(task: task.id, outcome: "approve", data: ["comment": .string("ok")], at: t1, in: reviewing)
        }
        #expect(reviewing.openTasks.contains(task))
        #expect(try engine.complete(task: task.id, outcome: "approve", at: t1, in: reviewing).after.state == "approved")
    }
}
