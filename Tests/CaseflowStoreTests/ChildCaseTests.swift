import Foundation
import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine
import CaseflowStore

/// Child cases requested by `start:` are scheduled with the parent's step and started by
/// `startChild`, once.
@Suite struct ChildCaseTests {
    let engine: Engine
    let t0: Timestamp

    init() throws {
        engine = try makeServiceEngine()
        t0 = try mondayTen()
    }

    /// A case taken to `approved` (and on to `done`) at `at`, which requests a revisit in three
    /// days and a survey now.
    func approvedCase(_ store: any CaseStore, id: String, at: Timestamp) async throws -> Step {
        let start = try await createCase(store, engine, id: id, at: t0)
        let triage = try start.after.task("triage")
        _ = try await store.apply(caseID: id, eventID: nil, { (c: CaseState) throws(EngineError) -> Step in
            try engine.complete(task: triage.id, outcome: "accept", at: at, in: c)
        }, response: responseBytes)
        return try await send(store, engine, id, "approve", data: ["ok": .bool(true)], at: at, eventID: "approve-\(id)")
    }

    func childStep(_ child: ScheduledChild) throws -> Step {
        try engine.start(workflow: child.request.workflow, id: child.id, data: child.request.data,
                         at: child.request.startAt, parentID: child.request.parentID)
    }

    @Test(arguments: StoreKind.allCases) func approvingSchedulesTheChildren(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let at = try plus(t0, seconds: 2 * hour)
        let step = try await approvedCase(db.store, id: "S-1", at: at)
        #expect(step.after.state == "done")
        #expect(step.after.step == 3)
        #expect(step.children.map(\.workflow) == ["revisit", "survey"])
        let threeDays = try ts("2026-03-12T12:00:00+08:00")
        #expect(step.children.map(\.startAt) == [threeDays, at])

        // Due now: the survey only; by the third day both, earliest first.
        let now = try await db.store.claimDueChildren(upTo: at, limit: 10, lease: 0)
        #expect(now.map(\.id) == ["S-1-survey-3-2"])
        #expect(now.map(\.request) == [step.children[1]])
        #expect(try await db.store.claimDueChildren(upTo: try plus(at, seconds: -1), limit: 10, lease: 0).isEmpty)
        let later = try await db.store.claimDueChildren(upTo: threeDays, limit: 10, lease: 0)
        #expect(later.map(\.id) == ["S-1-survey-3-2", "S-1-revisit-3-1"])
        #expect(later.map(\.request) == [step.children[1], step.children[0]])
        #expect(later.first?.request.data == ["customer.name": .string("Li Lei")])
        #expect(later.first?.request.parentID == "S-1")
        #expect(try await db.store.claimDueChildren(upTo: threeDays, limit: 1, lease: 0).map(\.id) == ["S-1-survey-3-2"])
    }

    @Test(arguments: StoreKind.allCases) func startChildCreatesTheChildAndRemovesTheScheduleOnce(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let at = try plus(t0, seconds: 2 * hour)
        _ = try await approvedCase(db.store, id: "S-1", at: at)
        let survey = try #require(try await db.store.claimDueChildren(upTo: at, limit: 10, lease: 0).first)
        let step = try childStep(survey)
        try await db.store.startChild(survey, step: step)

        let child = try #require(try await db.store.loadCase(survey.id))
        #expect(child == step.after)
        #expect(child.parentID == "S-1")
        #expect(child.workflow == "survey")
        #expect(child.state == "open")
        #expect(child.createdAt == at)
        #expect(try await db.store.history(survey.id).map(\.event) == ["start"])
        #expect(try await db.store.claimDueChildren(upTo: try ts("2100-01-01T00:00:00Z"), limit: 10, lease: 0).map(\.id) == ["S-1-revisit-3-1"])

        // Running it again (a scheduler retry after a crash) does not duplicate anything.
        let before = try await StoreSnapshot(db.store, caseID: survey.id)
        let retry = try engine.start(workflow: "survey", id: survey.id, data: ["customer.name": .string("someone else")],
                                     at: try plus(at, seconds: 60), parentID: "S-1")
        try await db.store.startChild(survey, step: retry)
        try await db.store.startChild(survey, step: step)
        #expect(try await StoreSnapshot(db.store, caseID: survey.id) == before)
        #expect(try await db.store.loadCase(survey.id) == step.after)
        #expect(try await db.store.history(survey.id).count == 1)
        #expect(try await db.store.cases(workflow: "survey", state: nil, limit: 10).map(\.id) == [survey.id])
    }

    @Test(arguments: StoreKind.allCases) func theParentsDuplicateApproveSchedulesNothingMore(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let at = try plus(t0, seconds: 2 * hour)
        _ = try await approvedCase(db.store, id: "S-1", at: at)
        let again = try await db.store.apply(caseID: "S-1", eventID: "approve-S-1", { (c: CaseState) throws(EngineError) -> Step in
            try engine.apply(Event("approve", data: ["ok": .bool(true)], at: at), to: c)
        }, response: responseBytes)
        guard case .duplicate = again else { Issue.record("not a duplicate"); return }
        #expect(try await db.store.claimDueChildren(upTo: try ts("2100-01-01T00:00:00Z"), limit: 10, lease: 0).map(\.id)
                == ["S-1-survey-3-2", "S-1-revisit-3-1"])
    }
}
