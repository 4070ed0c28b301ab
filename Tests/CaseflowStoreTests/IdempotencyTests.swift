import Foundation
import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine
import CaseflowStore

/// Event ids: a repeated id is answered with the stored response and changes nothing.
@Suite struct IdempotencyTests {
    let engine: Engine
    let t0: Timestamp

    init() throws {
        engine = try makeServiceEngine()
        t0 = try mondayTen()
    }

    @Test(arguments: StoreKind.allCases) func theSameEventIDThreeTimesIsAppliedOnce(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        try await createCase(db.store, engine, id: "S-1", at: t0)
        let bodyRuns = Counter(), responseRuns = Counter()
        var outcomes: [ApplyOutcome] = []
        for attempt in 1...3 {
            // Each attempt happens later, as a client's retry would; only the first counts.
            let at = try plus(t0, seconds: Int64(attempt) * 60)
            outcomes.append(try await db.store.apply(caseID: "S-1", eventID: "evt-42", { (c: CaseState) throws(EngineError) -> Step in
                bodyRuns.increment()
                return try engine.apply(Event("bump", at: at), to: c)
            }, response: { step in responseRuns.increment(); return responseBytes(step) }))
            if attempt == 1 {
                #expect(try await db.store.loadCase("S-1")?.step == 2)
            }
        }
        #expect(bodyRuns.value == 1)
        #expect(responseRuns.value == 1)
        guard case .applied(let applied) = outcomes[0] else { Issue.record("first was \(outcomes[0])"); return }
        let (step, first) = (applied.step, applied.response)
        #expect(first == responseBytes(step))
        #expect(!first.isEmpty)
        guard case .duplicate(let second) = outcomes[1], case .duplicate(let third) = outcomes[2] else {
            Issue.record("repeats were \(outcomes[1]), \(outcomes[2])")
            return
        }
        #expect(second == first)
        #expect(third == first)

        let loaded = try #require(try await db.store.loadCase("S-1"))
        #expect(loaded == step.after)
        #expect(loaded.step == 2)
        #expect(loaded.data["bumps"] == .int(1))
        #expect(loaded.updatedAt == (try plus(t0, seconds: 60)))
        let history = try await db.store.history("S-1")
        #expect(history.count == 2)
        #expect(history.filter { $0.eventID == "evt-42" }.count == 1)
        #expect(history.map(\.event) == ["start", "bump"])
    }

    @Test(arguments: StoreKind.allCases) func aDuplicateChangesNothingEvenWhenTheCaseMovedOn(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        try await createCase(db.store, engine, id: "S-1", at: t0)
        let first = try await send(db.store, engine, "S-1", "bump", at: try plus(t0, seconds: 60), eventID: "evt-1")
        try await send(db.store, engine, "S-1", "bump", at: try plus(t0, seconds: 120), eventID: "evt-2")
        let before = try await StoreSnapshot(db.store, caseID: "S-1")
        let outcome = try await db.store.apply(caseID: "S-1", eventID: "evt-1", { (c: CaseState) throws(EngineError) -> Step in
            try engine.apply(Event("bump", at: c.updatedAt), to: c)
        }, response: responseBytes)
        guard case .duplicate(let bytes) = outcome else { Issue.record("not a duplicate: \(outcome)"); return }
        #expect(bytes == responseBytes(first))
        #expect(try await StoreSnapshot(db.store, caseID: "S-1") == before)
        #expect(before.snapshot?.step == 3)
        #expect(before.history.map(\.eventID) == [nil, "evt-1", "evt-2"])
    }

    @Test(arguments: StoreKind.allCases) func aRepeatedEventIDIsADuplicateEvenIfTheEngineWouldNowRefuseIt(_ kind: StoreKind) async throws {
        // A retry after the case closed still gets the first answer, not a rejection.
        let db = try await TempStore(kind)
        let start = try await createCase(db.store, engine, id: "S-1", at: t0)
        let triage = try start.after.task("triage")
        let at = try plus(t0, seconds: hour)
        let body = { @Sendable (c: CaseState) throws(EngineError) -> Step in
            try engine.complete(task: triage.id, outcome: "decline", at: at, in: c)
        }
        let first = try await db.store.apply(caseID: "S-1", eventID: "decline-1", body, response: responseBytes)
        guard case .applied(let applied) = first else { Issue.record("not applied"); return }
        let (step, bytes) = (applied.step, applied.response)
        #expect(step.after.state == "declined")
        #expect(step.after.isClosed)
        let again = try await db.store.apply(caseID: "S-1", eventID: "decline-1", body, response: responseBytes)
        guard case .duplicate(let repeated) = again else { Issue.record("not a duplicate: \(again)"); return }
        #expect(repeated == bytes)
        // Without the id it is a new event, and the engine refuses it.
        let error = try await #require(throws: StoreError.self) {
            try await db.store.apply(caseID: "S-1", eventID: nil, body, response: responseBytes)
        }
        #expect(error.kind == .rejected)
        #expect(error.engine?.error.kind == .unknownTask)
        #expect(try await db.store.history("S-1").count == 2)
    }

    @Test(arguments: StoreKind.allCases) func withoutAnEventIDEveryCallApplies(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        try await createCase(db.store, engine, id: "S-1", at: t0)
        for k in 1...3 {
            try await send(db.store, engine, "S-1", "bump", at: try plus(t0, seconds: Int64(k)))
        }
        #expect(try await db.store.loadCase("S-1")?.data["bumps"] == .int(3))
        #expect(try await db.store.history("S-1").map(\.eventID) == [nil, nil, nil, nil])
    }
}

/// Answers are kept for the retention, then only the request's id and digest.
@Suite struct AnswerRetentionTests {
    let engine: Engine
    let t0: Timestamp

    init() throws {
        engine = try makeServiceEngine()
        t0 = try mondayTen()
    }

    @Test(arguments: StoreKind.allCases) func anAnswerPastTheRetentionIsForgottenButTheRequestStillKnown(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        try await createCase(db.store, engine, id: "S-1", at: t0)
        let at = try plus(t0, seconds: 60), engine = engine
        let key = RequestKey(.event, id: "evt-1", fingerprint: Array("bump-1".utf8))
        let bump = { @Sendable (c: CaseState) throws(EngineError) -> Step in try engine.apply(Event("bump", at: at), to: c) }
        guard case .applied(let first) = try await db.store.apply(caseID: "S-1", request: key, bump, response: responseBytes) else {
            Issue.record("not applied"); return
        }
        let now = Int64(Date().timeIntervalSince1970)
        // Within the retention nothing is forgotten; the repeat gets the first answer.
        #expect(try await db.store.forgetAnswers(storedBefore: now - 3_600, limit: 10) == 0)
        guard case .duplicate(let kept) = try await db.store.apply(caseID: "S-1", request: key, bump, response: responseBytes) else {
            Issue.record("applied twice"); return
        }
        #expect(kept == first.response)
        // Past it, the answer goes (in batches of `limit`), the id and digest stay.
        #expect(try await db.store.forgetAnswers(storedBefore: now + 10, limit: 10) == 1)
        #expect(try await db.store.forgetAnswers(storedBefore: now + 10, limit: 10) == 0)
        guard case .duplicate(let note) = try await db.store.apply(caseID: "S-1", request: key, bump, response: responseBytes) else {
            Issue.record("applied twice after the answer was forgotten"); return
        }
        #expect(String(decoding: note, as: UTF8.self).contains("its answer was not kept"))
        let other = RequestKey(.event, id: "evt-1", fingerprint: Array("something else".utf8))
        await #expect(throws: StoreError.self) { try await db.store.apply(caseID: "S-1", request: other, bump, response: responseBytes) }
        #expect(try await db.store.loadCase("S-1")?.step == 2)
    }
}
