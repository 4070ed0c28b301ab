import Foundation
import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine
import CaseflowStore

/// Definitions, case lists and task counts.
@Suite struct QueryTests {
    let engine: Engine
    let t0: Timestamp

    init() throws {
        engine = try makeServiceEngine()
        t0 = try mondayTen()
    }

    @Test func savingADefinitionTwiceIsIdempotent() throws {
        let db = try TempDatabase()
        #expect(try db.store.definitions().isEmpty)
        let v1 = StoredDefinition(workflow: "service", version: 1, hash: "h1", source: serviceWorkflow)
        try db.store.saveDefinition(v1)
        try db.store.saveDefinition(v1)
        #expect(try db.store.definitions() == [v1])

        // Another version, another workflow and an edited file of the same version are kept apart,
        // listed by workflow then version.
        let v2 = StoredDefinition(workflow: "service", version: 2, hash: "h2", source: serviceWorkflow + "\n# v2\n")
        let edited = StoredDefinition(workflow: "service", version: 1, hash: "h1b", source: serviceWorkflow + "\n# edited\n")
        let revisit = StoredDefinition(workflow: "revisit", version: 1, hash: "r1", source: revisitWorkflow)
        try db.store.saveDefinition(v2)
        try db.store.saveDefinition(revisit)
        try db.store.saveDefinition(edited)
        try db.store.saveDefinition(v2)
        let listed = try db.store.definitions()
        #expect(listed.count == 4)
        #expect(listed.map(\.workflow) == ["revisit", "service", "service", "service"])
        #expect(listed.map(\.version) == [1, 1, 1, 2])
        #expect(Set(listed.map(\.hash)) == ["r1", "h1", "h1b", "h2"])
        #expect(listed.first == revisit)
        #expect(listed.last == v2)
        #expect(listed.contains(v1))
        #expect(listed.contains(edited))
    }

    @Test func casesFilterByWorkflowAndState() throws {
        let db = try TempDatabase()
        let a = try createCase(db.store, engine, id: "A", at: t0)
        try createCase(db.store, engine, id: "B", at: try plus(t0, seconds: 60))
        try createCase(db.store, engine, id: "C", at: try plus(t0, seconds: 120))
        let triage = try a.after.task("triage")
        let at = try plus(t0, seconds: hour)
        _ = try db.store.apply(caseID: "A", eventID: nil, { (c: CaseState) throws(EngineError) -> Step in
            try engine.complete(task: triage.id, outcome: "accept", at: at, in: c)
        }, response: responseBytes)
        try send(db.store, engine, "A", "approve", data: ["ok": .bool(true)], at: at)
        let survey = try #require(try db.store.dueChildren(upTo: at, limit: 1).first)
        let child = try engine.start(workflow: "survey", id: survey.id, data: survey.request.data, at: at, parentID: "A")
        try db.store.startChild(survey, step: child)

        #expect(try db.store.cases(workflow: nil, state: nil, limit: 10).map(\.id) == ["A", "B", "C", "A-survey-3-2"])
        #expect(try db.store.cases(workflow: "service", state: nil, limit: 10).map(\.id) == ["A", "B", "C"])
        #expect(try db.store.cases(workflow: "service", state: "open", limit: 10).map(\.id) == ["B", "C"])
        #expect(try db.store.cases(workflow: "service", state: "done", limit: 10).map(\.id) == ["A"])
        #expect(try db.store.cases(workflow: nil, state: "open", limit: 10).map(\.id) == ["B", "C", "A-survey-3-2"])
        #expect(try db.store.cases(workflow: "survey", state: "open", limit: 10).map(\.id) == ["A-survey-3-2"])
        #expect(try db.store.cases(workflow: "survey", state: "done", limit: 10).isEmpty)
        #expect(try db.store.cases(workflow: "nope", state: nil, limit: 10).isEmpty)
        #expect(try db.store.cases(workflow: "service", state: nil, limit: 2).map(\.id) == ["A", "B"])
        // The listed cases are the whole snapshots.
        #expect(try db.store.cases(workflow: "service", state: "done", limit: 10) == [try #require(try db.store.loadCase("A"))])
        #expect(try db.store.cases(workflow: "survey", state: nil, limit: 10) == [child.after])
    }

    @Test func openTasksAreCountedByQueue() throws {
        let db = try TempDatabase()
        #expect(try db.store.openTasksByQueue() == [:])
        let a = try createCase(db.store, engine, id: "A", at: t0)
        try createCase(db.store, engine, id: "B", at: t0)
        // Each case opens triage (desk), call_customer (phone) and file_note (no queue).
        #expect(try db.store.openTasksByQueue() == ["desk": 2, "phone": 2, "": 2])
        let triage = try a.after.task("triage")
        let at = try plus(t0, seconds: hour)
        _ = try db.store.apply(caseID: "A", eventID: nil, { (c: CaseState) throws(EngineError) -> Step in
            try engine.complete(task: triage.id, outcome: "accept", at: at, in: c)
        }, response: responseBytes)
        // A's triage completed, its file_note cancelled, its call_customer kept, repair opened.
        #expect(try db.store.openTasksByQueue() == ["desk": 1, "phone": 2, "": 1, "workshop": 1])
        try send(db.store, engine, "A", "wait_customer", at: at)
        #expect(try db.store.openTasksByQueue() == ["desk": 1, "phone": 2, "": 1])
        #expect(try db.store.tasks(queue: "phone", status: "open", limit: 10).map(\.task.caseID) == ["A", "B"])
    }
}
