import Foundation
import Synchronization
import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine
@testable import CaseflowStore

/// Group commit: many steps in one transaction, each succeeding or failing on its own.
@Suite struct GroupCommitTests {
    let engine: Engine
    let t0: Timestamp

    init() throws {
        engine = try makeServiceEngine()
        t0 = try mondayTen()
    }

    func bump(_ caseID: String, _ eventID: String?, at: Timestamp) -> StoreWrite {
        let engine = engine
        return .apply(caseID: caseID, eventID: eventID, step: { (c: CaseState) throws(EngineError) -> Step in
            try engine.apply(Event("bump", at: at), to: c)
        }, response: responseBytes)
    }

    @Test(arguments: StoreKind.allCases) func aRefusedWriteInABatchLeavesTheOthersIntact(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        try await createCase(db.store, engine, id: "S-1", at: t0)
        let at = try plus(t0, seconds: 60)
        let engine = engine
        let second = try engine.start(workflow: "service", id: "S-2", data: try serviceData(), at: t0)
        let refused = StoreWrite.apply(caseID: "S-1", eventID: "bad", step: { (c: CaseState) throws(EngineError) -> Step in
            try engine.apply(Event("approve", data: ["ok": .bool(true)], at: at), to: c)
        }, response: responseBytes)
        let results = try await db.store.commit([
            bump("S-1", "e-1", at: at),
            refused,
            .create(second, response: []),
            bump("S-404", "e-2", at: at),
            .create(second, response: []),
            bump("S-1", "e-3", at: at),
            bump("S-1", "e-1", at: at),
        ])
        #expect(results.count == 7)
        func outcomeKind(_ r: Result<ApplyOutcome, StoreError>) -> String {
            switch r {
            case .success(.applied(let applied)): "applied \(applied.step.after.id) step \(applied.step.after.step)"
            case .success(.duplicate): "duplicate"
            case .failure(let e): e.kind.rawValue
            }
        }
        #expect(results.map(outcomeKind) == [
            "applied S-1 step 2", "rejected", "applied S-2 step 1", "not_found", "conflict", "applied S-1 step 3", "duplicate",
        ])
        let c = try #require(try await db.store.loadCase("S-1"))
        #expect(c.step == 3)
        #expect(c.data["bumps"] == .int(2))
        #expect(try await db.store.history("S-1").map(\.eventID) == [nil, "e-1", "e-3"])
        #expect(try await db.store.loadCase("S-2")?.step == 1)
        // The refused event's id was not recorded.
        #expect(try await db.store.history("S-1").allSatisfy { $0.eventID != "bad" })
    }

    @Test(arguments: StoreKind.allCases) func aWriteThatFailsHalfWayIsUndoneAloneAndTheRestLands(_ kind: StoreKind) async throws {
        // Refusals are found before anything is written; a failure while writing (here a timer
        // id that another case already uses) fails the transaction, and the group committer
        // tries each write again alone.
        let db = try await TempStore(kind)
        let first = try await createCase(db.store, engine, id: "S-1", at: t0)
        var clash = try engine.start(workflow: "service", id: "S-2", data: try serviceData(), at: t0)
        clash.after.timers[0].id = first.after.timers[0].id
        let fine = try engine.start(workflow: "service", id: "S-3", data: try serviceData(), at: t0)
        let at = try plus(t0, seconds: 60)
        await #expect(throws: StoreError.self) {
            try await db.store.commit([bump("S-1", "e-1", at: at), .create(clash, response: []), .create(fine, response: [])])
        }
        #expect(try await db.store.loadCase("S-3") == nil)
        let results = await GroupCommitter(store: db.store).submit([bump("S-1", "e-1", at: at), .create(clash, response: []), .create(fine, response: [])])
        #expect(results.count == 3)
        if case .success(.applied(let applied)) = results[0] { #expect(applied.step.after.step == 2) } else { Issue.record("\(results[0])") }
        if case .failure(let error) = results[1] { #expect(error.kind == .database) } else { Issue.record("\(results[1])") }
        if case .success(.applied) = results[2] {} else { Issue.record("\(results[2])") }
        #expect(try await db.store.loadCase("S-2") == nil)
        #expect(try await db.store.history("S-2").isEmpty)
        #expect(try await db.store.tasks(queue: nil, status: nil, limit: 100).allSatisfy { $0.task.caseID != "S-2" })
        #expect(try await db.store.loadCase("S-3")?.step == 1)
        #expect(try await db.store.loadCase("S-1")?.step == 2)
    }

    @Test(arguments: StoreKind.allCases) func concurrentSubmissionsShareTransactionsAndAllLand(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let cases = 40, eventsPerCase = 5
        for k in 0..<cases { try await createCase(db.store, engine, id: "C-\(k)", at: t0) }
        let sizes = Mutex<[Int]>([])
        let committer = GroupCommitter(store: db.store, maxBatch: 16) { size in sizes.withLock { $0.append(size) } }
        let at = try plus(t0, seconds: 60)
        let writes = (0..<eventsPerCase).flatMap { e in (0..<cases).map { k in (k, e) } }
        let results = await withTaskGroup(of: Result<ApplyOutcome, StoreError>.self) { group in
            for (k, e) in writes {
                let write = bump("C-\(k)", "e-\(e)", at: at)
                group.addTask { await committer.submit(write) }
            }
            var all: [Result<ApplyOutcome, StoreError>] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == cases * eventsPerCase)
        #expect(results.allSatisfy { if case .success(.applied) = $0 { true } else { false } })
        for k in 0..<cases {
            let c = try #require(try await db.store.loadCase("C-\(k)"))
            #expect(c.step == 1 + eventsPerCase)
            #expect(c.data["bumps"] == .int(Int64(eventsPerCase)))
        }
        let batches = sizes.withLock { $0 }
        #expect(batches.reduce(0, +) == cases * eventsPerCase)
        #expect(batches.allSatisfy { $0 <= 16 })
        // 200 submissions arriving together cannot all have been committed one at a time.
        #expect(batches.count < cases * eventsPerCase)
    }

    @Test(arguments: StoreKind.allCases) func severalWritesSubmittedTogetherKeepTheirOrder(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        try await createCase(db.store, engine, id: "S-1", at: t0)
        let committer = GroupCommitter(store: db.store)
        let at = try plus(t0, seconds: 60)
        let results = await committer.submit((1...5).map { bump("S-1", "e-\($0)", at: at) })
        let steps = results.map { r -> Int in if case .success(.applied(let a)) = r { a.step.after.step } else { -1 } }
        #expect(steps == [2, 3, 4, 5, 6])
        #expect(try await db.store.history("S-1").map(\.eventID) == [nil, "e-1", "e-2", "e-3", "e-4", "e-5"])
    }

    @Test(arguments: StoreKind.allCases) func aRepeatedEventIDPreparedAheadIsStillADuplicate(_ kind: StoreKind) async throws {
        // Prepared steps are written before their event id is looked up; a repeat must still be
        // caught (by the unique index, then the careful second run) and change nothing.
        let db = try await TempStore(kind)
        try await createCase(db.store, engine, id: "S-1", at: t0)
        let at = try plus(t0, seconds: 60)
        let first = try await db.store.commit([db.store.prepare(bump("S-1", "e-1", at: at))])
        guard case .success(.applied(let applied)) = first.first else { Issue.record("\(first)"); return }
        let answer = applied.response
        let before = try await StoreSnapshot(db.store, caseID: "S-1")
        let again = try await db.store.commit([db.store.prepare(bump("S-1", "e-1", at: at)), db.store.prepare(bump("S-1", "e-2", at: at))])
        guard case .success(.duplicate(let repeated)) = again.first else { Issue.record("\(again)"); return }
        #expect(repeated == answer)
        // The other write of the batch landed after the careful second run.
        guard case .success(.applied(let applied)) = again.last else { Issue.record("\(again)"); return }
        let step = applied.step
        #expect(step.after.step == 3)
        #expect(try await db.store.history("S-1").map(\.eventID) == [nil, "e-1", "e-2"])
        #expect(before.history.count == 2)
    }

    @Test(arguments: StoreKind.allCases) func aDiscardedTimerIsAStepAndStaysGone(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let start = try await createCase(db.store, engine, id: "S-1", at: t0)
        let timer = try start.after.timer("after:open:0")
        try await db.store.discardTimer(caseID: "S-1", timerID: timer.id, at: try plus(t0, seconds: 30), reason: "the state no longer exists")
        let history = try await db.store.history("S-1")
        #expect(history.map(\.event) == ["start", "timer_discarded"])
        #expect(history.last?.audit.notes == ["timer \(timer.id) discarded: the state no longer exists"])
        let step = try await send(db.store, engine, "S-1", "bump", at: try plus(t0, seconds: 60))
        #expect(step.before?.step == 2)
        #expect(step.after.timers.contains { $0.id == timer.id } == false)
        let far = try ts("9999-12-31T23:59:59Z")
        #expect(try await db.store.claimDueTimers(upTo: far, limit: 100, lease: 0).contains { $0.timerID == timer.id } == false)
    }

    @Test(arguments: StoreKind.allCases) func aStepPreparedFromAStateThatMovedOnIsRedone(_ kind: StoreKind) async throws {
        // Two events on one case prepared before either commits: both are computed from step 1;
        // the second must be recomputed from the first's result, not written as prepared.
        let db = try await TempStore(kind)
        try await createCase(db.store, engine, id: "S-1", at: t0)
        let at = try plus(t0, seconds: 60)
        let first = await db.store.prepare(bump("S-1", "e-1", at: at))
        let second = await db.store.prepare(bump("S-1", "e-2", at: at))
        let results = try await db.store.commit([first, second])
        let steps = results.map { r -> Int in if case .success(.applied(let a)) = r { a.step.after.step } else { -1 } }
        #expect(steps == [2, 3])
        #expect(try await db.store.loadCase("S-1")?.data["bumps"] == .int(2))
        // And one prepared against a case another store moved on is redone as well.
        let other = try await db.reopen()
        let stale = await db.store.prepare(bump("S-1", "e-3", at: at))
        try await send(other, engine, "S-1", "bump", at: at, eventID: "e-other")
        _ = try await db.store.commit([stale])
        #expect(try await db.store.loadCase("S-1")?.step == 5)
        #expect(try await db.store.loadCase("S-1")?.data["bumps"] == .int(4))
    }

    @Test(arguments: StoreKind.allCases) func aCaseWrittenByAnotherStoreIsReadAfresh(_ kind: StoreKind) async throws {
        // Two stores on one file (the daemon and an admin tool): each one's cached copy of a
        // case must give way to the other's newer step.
        let db = try await TempStore(kind)
        let other = try await db.reopen()
        try await createCase(db.store, engine, id: "S-1", at: t0)
        try await send(db.store, engine, "S-1", "bump", at: try plus(t0, seconds: 60))
        try await send(other, engine, "S-1", "bump", at: try plus(t0, seconds: 120))
        let third = try await send(db.store, engine, "S-1", "bump", at: try plus(t0, seconds: 180))
        #expect(third.before?.step == 3)
        #expect(third.after.data["bumps"] == .int(3))
    }
}

/// The cache of committed cases.
@Suite struct SnapshotCacheTests {
    @Test(arguments: StoreKind.allCases) func aLaterStepIsNeverReplacedByAnEarlierOne(_ kind: StoreKind) async throws {
        // Two writers may report their commits out of order.
        let engine = try makeServiceEngine()
        let t0 = try mondayTen()
        let first = try engine.start(workflow: "service", id: "S-1", data: try serviceData(), at: t0)
        let second = try engine.apply(Event("bump", at: try plus(t0, seconds: 60)), to: first.after)
        let cache = SnapshotCache(capacity: 10)
        cache.remember([second.after])
        cache.remember([first.after])
        #expect(cache.lookup("S-1")?.step == 2)
    }

    @Test(arguments: StoreKind.allCases) func recentlyUsedCasesOutliveAFullGeneration(_ kind: StoreKind) async throws {
        let engine = try makeServiceEngine()
        let t0 = try mondayTen()
        let cases = try (1...5).map { try engine.start(workflow: "service", id: "S-\($0)", data: try serviceData(), at: t0).after }
        let cache = SnapshotCache(capacity: 2)
        cache.remember(cases[0..<2])                   // young: S-1, S-2
        cache.remember([cases[2]])                     // young: S-3; old: S-1, S-2
        #expect(cache.lookup("S-1")?.id == "S-1")      // back to young: S-3, S-1
        cache.remember([cases[3]])                     // young: S-4; old: S-3, S-1
        cache.remember([cases[4]])                     // young: S-4, S-5
        #expect(cache.lookup("S-1")?.id == "S-1")      // found in old, and kept
        #expect(cache.lookup("S-2") == nil)            // dropped with its generation
        #expect(cache.lookup("S-5")?.id == "S-5")
    }
}
