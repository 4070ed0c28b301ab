import Foundation
import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine
import CaseflowStore

/// A new store on the same file (the daemon restarted) sees everything the old one wrote.
@Suite struct DurabilityTests {
    let engine: Engine
    let t0: Timestamp

    init() throws {
        engine = try makeServiceEngine()
        t0 = try mondayTen()
    }

    @Test(arguments: StoreKind.allCases) func reopeningTheFileSeesEverything(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let definition = StoredDefinition(workflow: "service", version: 1, hash: "sha256:abc", source: serviceWorkflow)
        let at = try plus(t0, seconds: 2 * hour)
        var before: StoreSnapshot
        var childBefore: StoreSnapshot
        var otherBefore: StoreSnapshot
        var lastResponse: [UInt8] = []
        do {
            // Written through a store that is then dropped, and its file closed.
            let store = try await db.reopen()
            try await store.saveDefinition(definition)
            let start = try await createCase(store, engine, id: "S-1", at: t0)
            try await createCase(store, engine, id: "S-2", at: t0, vip: true)
            let triage = try start.after.task("triage")
            _ = try await store.apply(caseID: "S-1", eventID: "accept-1", { (c: CaseState) throws(EngineError) -> Step in
                try engine.complete(task: triage.id, outcome: "accept", at: at, in: c)
            }, response: responseBytes)
            let approved = try await send(store, engine, "S-1", "approve", data: ["ok": .bool(true)], at: at, eventID: "approve-1")
            lastResponse = responseBytes(approved)
            let survey = try #require(try await store.claimDueChildren(upTo: at, limit: 1, lease: 0).first)
            let child = try engine.start(workflow: "survey", id: survey.id, data: survey.request.data, at: at, parentID: "S-1")
            try await store.startChild(survey, step: child)
            before = try await StoreSnapshot(store, caseID: "S-1")
            childBefore = try await StoreSnapshot(store, caseID: survey.id)
            otherBefore = try await StoreSnapshot(store, caseID: "S-2")
        }
        let reopened = try await db.reopen()
        #expect(try await StoreSnapshot(reopened, caseID: "S-1") == before)
        #expect(try await StoreSnapshot(reopened, caseID: "S-1-survey-3-2") == childBefore)
        #expect(try await StoreSnapshot(reopened, caseID: "S-2") == otherBefore)
        #expect(before.snapshot?.state == "done")
        #expect(before.history.map(\.eventID) == [nil, "accept-1", "approve-1"])
        #expect(before.children == ["S-1-revisit-3-1"])
        #expect(try await reopened.definitions() == [definition])
        #expect(try await reopened.cases(workflow: nil, state: nil, limit: 10).map(\.id) == ["S-1", "S-2", "S-1-survey-3-2"])
        #expect(try await reopened.openTasksByQueue() == before.openByQueue)
        #expect(before.openByQueue == ["desk": 1, "phone": 2, "": 1])
        #expect(try await reopened.openTasksByQueue(everyQueue: true) == ["desk": 1, "phone": 2, "": 1, "workshop": 0])

        // The applied event ids survived too: a retry after the restart is still a duplicate.
        let retry = try await reopened.apply(caseID: "S-1", eventID: "approve-1", { (c: CaseState) throws(EngineError) -> Step in
            try engine.apply(Event("approve", data: ["ok": .bool(true)], at: at), to: c)
        }, response: responseBytes)
        guard case .duplicate(let bytes) = retry else { Issue.record("not a duplicate after reopening"); return }
        #expect(bytes == lastResponse)

        // And the reopened store goes on writing where the old one stopped.
        try await send(reopened, engine, "S-2", "bump", at: try plus(t0, seconds: hour), eventID: "b-1")
        #expect(try await reopened.loadCase("S-2")?.step == 2)
    }

    @Test(arguments: StoreKind.allCases) func twoStoresOnOneFileSeeEachOthersCommits(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let other = try await db.reopen()
        let start = try await createCase(db.store, engine, id: "S-1", at: t0)
        #expect(try await other.loadCase("S-1") == start.after)
        let step = try await send(other, engine, "S-1", "bump", at: try plus(t0, seconds: 60), eventID: "e-1")
        #expect(try await db.store.loadCase("S-1") == step.after)
        let outcome = try await db.store.apply(caseID: "S-1", eventID: "e-1", { (c: CaseState) throws(EngineError) -> Step in
            try engine.apply(Event("bump", at: c.updatedAt), to: c)
        }, response: responseBytes)
        guard case .duplicate(let bytes) = outcome else { Issue.record("not a duplicate"); return }
        #expect(bytes == responseBytes(step))
    }
}
