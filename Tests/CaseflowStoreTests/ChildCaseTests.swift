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
    func approvedCase(_ store: SQLiteStore, id: String, at: Timestamp) throws -> Step {
        let start = try createCase(store, engine, id: id, at: t0)
        let triage = try start.after.task("triage")
        _ = try store.apply(caseID: id, eventID: nil, { (c: CaseState) throws(EngineError) -> Step in
            try engine.complete(task: triage.id, outcome: "accept", at: at, in: c)
        }, response: responseBytes)
        return try send(store, engine, id, "approve", data: ["ok": .bool(true)], at: at, eventID: "approve-\(id)")
    }

    func childStep(_ child: ScheduledChild) throws -> Step {
        try engine.start(workflow: child.request.workflow, id: child.id, data: child.request.data,
                         at: child.request.startAt, parentID: child.request.parentID)
    }

    @Test func approvingSchedulesTheChildren() throws {
        let db = try TempDatabase()
        let at = try plus(t0, seconds: 2 * hour)
        let step = try approvedCase(db.store, id: "S-1", at: at)
        #expect(step.after.state == "done")
        #expect(step.after.step == 3)
        #expect(step.children.map(\.workflow) == ["revisit", "survey"])
        let threeDays = try ts("2026-03-12T12:00:00+08:00")
        #expect(step.children.map(\.startAt) == [threeDays, at])

        // Due now: the survey only; by the third day both, earliest first.
        let now = try db.store.dueChildren(upTo: at, limit: 10)
        #expect(now.map(\.id) == ["S-1-survey-3-2"])
        #expect(now.map(\.request) == [step.children[1]])
        #expect(try db.store.dueChildren(upTo: try plus(at, seconds: -1), limit: 10).isEmpty)
        let later = try db.store.dueChildren(upTo: threeDays, limit: 10)
        #expect(later.map(\.id) == ["S-1-survey-3-2", "S-1-revisit-3-1"])
        #expect(later.map(\.request) == [step.children[1], step.children[0]])
        #expect(later.first?.request.data == ["customer.name": .string("Li Lei")])
        #expect(later.first?.request.parentID == "S-1")
        #expect(try db.store.dueChildren(upTo: threeDays, limit: 1).map(\.id) == ["S-1-survey-3-2"])
    }

    @Test func startChildCreatesTheChildAndRemovesTheScheduleOnce() throws {
        let db = try TempDatabase()
        let at = try plus(t0, seconds: 2 * hour)
        _ = try approvedCase(db.store, id: "S-1", at: at)
        let survey = try #require(try db.store.dueChildren(upTo: at, limit: 10).first)
        let step = try childStep(survey)
        try db.store.startChild(survey, step: step)

        let child = try #require(try db.store.loadCase(survey.id))
        #expect(child == step.after)
        #expect(child.parentID == "S-1")
        #expect(child.workflow == "survey")
        #expect(child.state == "open")
        #expect(child.createdAt == at)
        #expect(try db.store.history(survey.id).map(\.event) == ["start"])
        #expect(try db.store.dueChildren(upTo: try ts("2100-01-01T00:00:00Z"), limit: 10).map(\.id) == ["S-1-revisit-3-1"])

        // Running it again (a scheduler retry after a crash) does not duplicate anything.
        let before = try StoreSnapshot(db.store, caseID: survey.id)
        let retry = try engine.start(workflow: "survey", id: survey.id, data: ["customer.name": .string("someone else")],
                                     at: try plus(at, seconds: 60), parentID: "S-1")
        try db.store.startChild(survey, step: retry)
        try db.store.startChild(survey, step: step)
        #expect(try StoreSnapshot(db.store, caseID: survey.id) == before)
        #expect(try db.store.loadCase(survey.id) == step.after)
        #expect(try db.store.history(survey.id).count == 1)
        #expect(try db.store.cases(workflow: "survey", state: nil, limit: 10).map(\.id) == [survey.id])
    }

    @Test func theParentsDuplicateApproveSchedulesNothingMore() throws {
        let db = try TempDatabase()
        let at = try plus(t0, seconds: 2 * hour)
        _ = try approvedCase(db.store, id: "S-1", at: at)
        let again = try db.store.apply(caseID: "S-1", eventID: "approve-S-1", { (c: CaseState) throws(EngineError) -> Step in
            try engine.apply(Event("approve", data: ["ok": .bool(true)], at: at), to: c)
        }, response: responseBytes)
        guard case .duplicate = again else { Issue.record("not a duplicate"); return }
        #expect(try db.store.dueChildren(upTo: try ts("2100-01-01T00:00:00Z"), limit: 10).map(\.id)
                == ["S-1-survey-3-2", "S-1-revisit-3-1"])
    }
}
