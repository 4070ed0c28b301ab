import Foundation
import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine
import CaseflowStore

/// A child's report to its parent is written in the child's last transaction, in both stores:
/// the parent's step exists exactly when the child's does, and the parent lists its children.
@Suite struct ChildReportStoreTests {
    let engine: Engine
    let t0: Timestamp

    init() throws {
        engine = try Engine(definitions: loadDefinitions([supportWorkflow, fixWorkflow]))
        t0 = try mondayTen()
    }

    /// What the daemon does with a finished child: the parent takes the event, or not.
    var hook: @Sendable (ChildDone, CaseState) -> Step? {
        let engine = engine
        return { done, parent in
            if parent.isClosed { return nil }
            var event = done.event
            event.at = max(event.at, parent.updatedAt)
            return try? engine.apply(event, to: parent)
        }
    }

    /// Support case S-1, diagnosed: it asks for a `fix` child case.
    func supportNeedingAFix(_ store: any CaseStore) async throws {
        let created = try engine.start(workflow: "support", id: "S-1", data: ["customer.id": .string("C-1"), "ticket.topic": .string("no power")], at: t0)
        try await store.create(created, response: [])
        let diagnose = try created.after.task("diagnose")
        _ = try await store.apply(caseID: "S-1", eventID: nil, { (c: CaseState) throws(EngineError) -> Step in
            try engine.complete(task: diagnose.id, outcome: "needs_fix", at: t0, in: c)
        }, response: responseBytes)
    }

    @Test(arguments: StoreKind.allCases) func theParentStepIsWrittenWithTheChildsLast(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        try await supportNeedingAFix(db.store)
        #expect(try await db.store.children(of: "S-1").map(\.state) == [nil])
        let scheduled = try #require(try await db.store.claimDueChildren(upTo: t0, limit: 5, lease: 0).first)
        var start = StoreWrite.startChild(scheduled, step: try engine.start(workflow: "fix", id: scheduled.id, data: scheduled.request.data, at: t0,
                                                                           parentID: "S-1", report: scheduled.request.report))
        start.onChildDone = hook
        _ = try await db.store.commit([start])
        let child = try #require(try await db.store.loadCase(scheduled.id))
        #expect(child.report?.event == "fix_done")
        #expect(try await db.store.children(of: "S-1").map(\.state) == ["working"])

        let repair = try #require(child.openTasks.first)
        let at = try plus(t0, seconds: 3600)
        var finish = StoreWrite.apply(caseID: child.id, request: nil, step: { (c: CaseState) throws(EngineError) -> Step in
            try engine.complete(task: repair.id, outcome: "fixed", at: at, in: c)
        }, response: responseBytes)
        finish.onChildDone = hook
        guard case .success(.applied(let applied))? = try await db.store.commit([finish]).first else {
            Issue.record("the child's last step was not applied"); return
        }
        #expect(applied.step.childDone?.event.data["result"] == .string("replaced the board"))
        let reopened = try await db.reopen()
        let parent = try #require(try await reopened.loadCase("S-1"))
        #expect(parent.state == "done")
        #expect(try await reopened.history("S-1").map(\.event).last == "fix_done")
        #expect(try await reopened.children(of: "S-1").map { "\($0.state ?? "-") \($0.closed)" } == ["fixed true"])
    }

    @Test(arguments: StoreKind.allCases) func cancellingChildrenStepsEachOpenChildAndDropsTheScheduled(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        try await supportNeedingAFix(db.store)
        let scheduled = try #require(try await db.store.claimDueChildren(upTo: t0, limit: 5, lease: 0).first)
        try await db.store.startChild(scheduled, step: try engine.start(workflow: "fix", id: scheduled.id, data: scheduled.request.data, at: t0,
                                                                       parentID: "S-1", report: scheduled.request.report))
        let at = try plus(t0, seconds: 60)
        var withdraw = StoreWrite.apply(caseID: "S-1", request: nil, step: { (c: CaseState) throws(EngineError) -> Step in
            try engine.apply(Event("withdraw", at: at), to: c)
        }, response: responseBytes)
        withdraw.onChildDone = hook
        let children = engine
        withdraw.onCancelChild = { event, child in try? children.apply(Event(event, at: max(at, child.updatedAt)), to: child) }
        _ = try await db.store.commit([withdraw])
        let reopened = try await db.reopen()
        #expect(try await reopened.loadCase("S-1")?.state == "withdrawn")
        #expect(try await reopened.loadCase(scheduled.id)?.state == "cancelled")
        #expect(try await reopened.children(of: "S-1").map { "\($0.state ?? "-") \($0.closed)" } == ["cancelled true"])
    }
}
