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

    @Test(arguments: StoreKind.allCases) func savingADefinitionTwiceIsIdempotentAndAnEditedVersionIsRefused(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        #expect(try await db.store.definitions().isEmpty)
        let v1 = StoredDefinition(workflow: "service", version: 1, hash: "h1", source: serviceWorkflow)
        try await db.store.saveDefinition(v1)
        try await db.store.saveDefinition(v1)
        #expect(try await db.store.definitions() == [v1])

        // Another version and another workflow are kept apart, listed by workflow then version; an
        // edited file under a stored version is refused, whichever daemon stored it first.
        let v2 = StoredDefinition(workflow: "service", version: 2, hash: "h2", source: serviceWorkflow + "\n# v2\n")
        let edited = StoredDefinition(workflow: "service", version: 1, hash: "h1b", source: serviceWorkflow + "\n# edited\n")
        let revisit = StoredDefinition(workflow: "revisit", version: 1, hash: "r1", source: revisitWorkflow)
        try await db.store.saveDefinition(v2)
        try await db.store.saveDefinition(revisit)
        let refusal = try await #require(throws: StoreError.self) { try await db.store.saveDefinition(edited) }
        #expect(refusal.kind == .conflict)
        #expect(refusal.message.contains("raise 'version:'"))
        let other = try await db.reopen()
        await #expect(throws: StoreError.self) { try await other.saveDefinition(edited) }
        try await db.store.saveDefinition(v2)
        let listed = try await db.store.definitions()
        #expect(listed == [revisit, v1, v2])
        #expect(try await db.store.definitionCount() == 3)
    }

    @Test(arguments: StoreKind.allCases) func casesFilterByWorkflowAndState(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let a = try await createCase(db.store, engine, id: "A", at: t0)
        try await createCase(db.store, engine, id: "B", at: try plus(t0, seconds: 60))
        try await createCase(db.store, engine, id: "C", at: try plus(t0, seconds: 120))
        let triage = try a.after.task("triage")
        let at = try plus(t0, seconds: hour)
        _ = try await db.store.apply(caseID: "A", eventID: nil, { (c: CaseState) throws(EngineError) -> Step in
            try engine.complete(task: triage.id, outcome: "accept", at: at, in: c)
        }, response: responseBytes)
        try await send(db.store, engine, "A", "approve", data: ["ok": .bool(true)], at: at)
        let survey = try #require(try await db.store.claimDueChildren(upTo: at, limit: 1, lease: 0).first)
        let child = try engine.start(workflow: "survey", id: survey.id, data: survey.request.data, at: at, parentID: "A")
        try await db.store.startChild(survey, step: child)

        #expect(try await db.store.cases(workflow: nil, state: nil, limit: 10).map(\.id) == ["A", "B", "C", "A-survey-3-2"])
        #expect(try await db.store.cases(workflow: "service", state: nil, limit: 10).map(\.id) == ["A", "B", "C"])
        #expect(try await db.store.cases(workflow: "service", state: "open", limit: 10).map(\.id) == ["B", "C"])
        #expect(try await db.store.cases(workflow: "service", state: "done", limit: 10).map(\.id) == ["A"])
        #expect(try await db.store.cases(workflow: nil, state: "open", limit: 10).map(\.id) == ["B", "C", "A-survey-3-2"])
        #expect(try await db.store.cases(workflow: "survey", state: "open", limit: 10).map(\.id) == ["A-survey-3-2"])
        #expect(try await db.store.cases(workflow: "survey", state: "done", limit: 10).isEmpty)
        #expect(try await db.store.cases(workflow: "nope", state: nil, limit: 10).isEmpty)
        #expect(try await db.store.cases(workflow: "service", state: nil, limit: 2).map(\.id) == ["A", "B"])
        // The listed cases are the whole snapshots.
        #expect(try await db.store.cases(workflow: "service", state: "done", limit: 10) == [try #require(try await db.store.loadCase("A"))])
        #expect(try await db.store.cases(workflow: "survey", state: nil, limit: 10) == [child.after])
    }

    @Test(arguments: StoreKind.allCases) func openTasksAreCountedByQueue(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        #expect(try await db.store.openTasksByQueue() == [:])
        let a = try await createCase(db.store, engine, id: "A", at: t0)
        try await createCase(db.store, engine, id: "B", at: t0)
        // Each case opens triage (desk), call_customer (phone) and file_note (no queue).
        #expect(try await db.store.openTasksByQueue() == ["desk": 2, "phone": 2, "": 2])
        let triage = try a.after.task("triage")
        let at = try plus(t0, seconds: hour)
        _ = try await db.store.apply(caseID: "A", eventID: nil, { (c: CaseState) throws(EngineError) -> Step in
            try engine.complete(task: triage.id, outcome: "accept", at: at, in: c)
        }, response: responseBytes)
        // A's triage completed, its file_note cancelled, its call_customer kept, repair opened.
        #expect(try await db.store.openTasksByQueue() == ["desk": 1, "phone": 2, "": 1, "workshop": 1])
        try await send(db.store, engine, "A", "wait_customer", at: at)
        #expect(try await db.store.openTasksByQueue() == ["desk": 1, "phone": 2, "": 1])
        #expect(try await db.store.tasks(queue: "phone", status: "open", limit: 10).map(\.task.caseID) == ["A", "B"])
        // The counters agree with the tasks, and a queue that had tasks stays, at zero.
        var counted: [String: Int] = [:]
        for t in try await db.store.tasks(queue: nil, status: "open", limit: 100) { counted[t.task.queue ?? "", default: 0] += 1 }
        #expect(try await db.store.openTasksByQueue() == counted)
        #expect(try await db.store.openTasksByQueue(everyQueue: true) == counted.merging(["workshop": 0]) { a, _ in a })
        // Every filter of the task list, alone and together, in opening order.
        #expect(try await db.store.tasks(queue: "phone", status: nil, limit: 10).map(\.task.caseID) == ["A", "B"])
        #expect(try await db.store.tasks(queue: "desk", status: "completed", limit: 10).map(\.task.caseID) == ["A"])
        #expect(try await db.store.tasks(queue: nil, status: "cancelled", limit: 10).map(\.task.queue) == [nil, "workshop"])
    }

    @Test(arguments: StoreKind.allCases) func closedCasesPastAnAgeAreFoundAndRemovedWithEverythingOfTheirs(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let a = try await createCase(db.store, engine, id: "A", at: t0)
        try await createCase(db.store, engine, id: "B", at: t0)
        let triage = try a.after.task("triage")
        let at = try plus(t0, seconds: hour), engine = engine
        _ = try await db.store.apply(caseID: "A", eventID: "e-1", { (c: CaseState) throws(EngineError) -> Step in
            try engine.complete(task: triage.id, outcome: "accept", at: at, in: c)
        }, response: responseBytes)
        try await send(db.store, engine, "A", "approve", data: ["ok": .bool(true)], at: at)
        #expect(try await db.store.loadCase("A")?.isClosed == true)
        let counts = try await db.store.openTasksByQueue(everyQueue: true)

        #expect(try await db.store.closedCases(workflow: "service", updatedBefore: at, limit: 10) == [])
        let later = try plus(at, seconds: 1)
        #expect(try await db.store.closedCases(workflow: "survey", updatedBefore: later, limit: 10) == [])
        // An open case is never removed, even when asked, nor one that moved on since it was
        // archived, nor one with a child case waiting to start.
        let closedAt = try #require(try await db.store.loadCase("A")).step
        #expect(try await db.store.removeClosedCases(["A": closedAt - 1, "B": 1, "nope": 1]) == [])
        let waiting = try await db.store.claimDueChildren(upTo: try plus(at, seconds: 86_400 * 400), limit: 10, lease: 0)
        #expect(!waiting.isEmpty)
        #expect(try await db.store.removeClosedCases(["A": closedAt]) == [])
        #expect(try await db.store.closedCases(workflow: "service", updatedBefore: later, limit: 10) == [])
        for child in waiting {
            try await db.store.startChild(child, step: try engine.start(workflow: child.request.workflow, id: child.id, data: child.request.data, at: at, parentID: "A"))
        }
        let survey = try #require(waiting.first)
        #expect(try await db.store.closedCases(workflow: "service", updatedBefore: later, limit: 10) == ["A"])
        #expect(try await db.store.removeClosedCases(["A": closedAt, "B": 1, "nope": 1]) == ["A"])
        #expect(try await db.store.loadCase("A") == nil)
        #expect(try await db.store.history("A").isEmpty)
        #expect(try await db.store.tasks(queue: nil, status: nil, limit: 100).allSatisfy { $0.task.caseID != "A" })
        #expect(try await db.store.loadCase(survey.id) != nil, "the child case stays")
        #expect(try await db.store.claimDueChildren(upTo: try plus(at, seconds: 86_400 * 400), limit: 10, lease: 0).isEmpty)
        #expect(try await db.store.loadCase("B")?.step == 1)
        // The counters lose the removed case's tasks that were still open, and only those.
        var remaining = counts.mapValues { _ in 0 }
        for t in try await db.store.tasks(queue: nil, status: "open", limit: 100) { remaining[t.task.queue ?? "", default: 0] += 1 }
        #expect(try await db.store.openTasksByQueue(everyQueue: true) == remaining)
        #expect(try await db.store.closedCases(workflow: "service", updatedBefore: later, limit: 10) == [])
    }
}
