import Foundation
import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine
import CaseflowStore

/// Applies from many tasks at once: all land, and those on one case are serialised.
@Suite struct ConcurrencyTests {
    let engine: Engine
    let t0: Timestamp

    init() throws {
        engine = try makeServiceEngine()
        t0 = try mondayTen()
    }

    @Test(arguments: StoreKind.allCases) func concurrentAppliesOnDifferentCasesAllLand(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let store = db.store
        let engine = engine
        let cases = 12, eventsPerCase = 10
        for k in 0..<cases {
            try await createCase(store, engine, id: "C-\(k)", at: t0)
        }
        let at = try plus(t0, seconds: 60)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for k in 0..<cases {
                group.addTask {
                    for e in 0..<eventsPerCase {
                        _ = try await store.apply(caseID: "C-\(k)", eventID: "e-\(e)", { (c: CaseState) throws(EngineError) -> Step in
                            try engine.apply(Event("bump", at: at), to: c)
                        }, response: responseBytes)
                    }
                }
            }
            try await group.waitForAll()
        }
        for k in 0..<cases {
            let c = try #require(try await store.loadCase("C-\(k)"))
            #expect(c.step == 1 + eventsPerCase)
            #expect(c.data["bumps"] == .int(Int64(eventsPerCase)))
            #expect(try await store.history("C-\(k)").map(\.eventID) == [nil] + (0..<eventsPerCase).map { "e-\($0)" })
        }
    }

    @Test(arguments: StoreKind.allCases) func concurrentAppliesOnOneCaseAreSerialised(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let store = db.store
        let engine = engine
        try await createCase(store, engine, id: "S-1", at: t0)
        let workers = 8, eventsPerWorker = 10
        let at = try plus(t0, seconds: 60)
        let seen = try await withThrowingTaskGroup(of: [Int].self) { group in
            for w in 0..<workers {
                group.addTask {
                    var steps: [Int] = []
                    for e in 0..<eventsPerWorker {
                        let outcome = try await store.apply(caseID: "S-1", eventID: "w\(w)-e\(e)", { (c: CaseState) throws(EngineError) -> Step in
                            try engine.apply(Event("bump", at: at), to: c)
                        }, response: responseBytes)
                        if case .applied(let applied) = outcome { steps.append(applied.step.after.step) }
                    }
                    return steps
                }
            }
            var all: [Int] = []
            for try await steps in group { all += steps }
            return all
        }
        let events = workers * eventsPerWorker
        // Every apply saw the step before it: no two got the same step number, none was lost.
        #expect(seen.sorted() == Array(2...(1 + events)))
        let c = try #require(try await store.loadCase("S-1"))
        #expect(c.step == 1 + events)
        #expect(c.data["bumps"] == .int(Int64(events)))
        let history = try await store.history("S-1")
        #expect(history.map(\.step) == Array(1...(1 + events)))
        #expect(Set(history.compactMap(\.eventID)).count == events)
    }

    @Test(arguments: StoreKind.allCases) func concurrentRepeatsOfOneEventIDApplyOnce(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let store = db.store
        let engine = engine
        try await createCase(store, engine, id: "S-1", at: t0)
        let at = try plus(t0, seconds: 60)
        let outcomes = try await withThrowingTaskGroup(of: ApplyOutcome.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    try await store.apply(caseID: "S-1", eventID: "same", { (c: CaseState) throws(EngineError) -> Step in
                        try engine.apply(Event("bump", at: at), to: c)
                    }, response: responseBytes)
                }
            }
            var all: [ApplyOutcome] = []
            for try await o in group { all.append(o) }
            return all
        }
        var applied: [[UInt8]] = [], duplicates: [[UInt8]] = []
        for o in outcomes {
            switch o {
            case .applied(let a): applied.append(a.response)
            case .duplicate(let bytes): duplicates.append(bytes)
            }
        }
        #expect(applied.count == 1)
        #expect(duplicates.count == 15)
        #expect(duplicates.allSatisfy { $0 == applied.first })
        #expect(try await store.loadCase("S-1")?.step == 2)
        #expect(try await store.history("S-1").count == 2)
    }

    @Test(arguments: StoreKind.allCases) func twoStoresOnOneFileSerialiseAppliesOnOneCase(_ kind: StoreKind) async throws {
        // Two processes (say the daemon and an admin tool) on one database file.
        let db = try await TempStore(kind)
        let stores = [db.store, try await db.reopen()]
        let engine = engine
        try await createCase(db.store, engine, id: "S-1", at: t0)
        let workers = 6, eventsPerWorker = 20
        let at = try plus(t0, seconds: 60)
        let failures = try await withThrowingTaskGroup(of: [String].self) { group in
            for w in 0..<workers {
                let store = stores[w % 2]
                group.addTask {
                    var failures: [String] = []
                    for e in 0..<eventsPerWorker {
                        do {
                            _ = try await store.apply(caseID: "S-1", eventID: "w\(w)-e\(e)", { (c: CaseState) throws(EngineError) -> Step in
                                try engine.apply(Event("bump", at: at), to: c)
                            }, response: responseBytes)
                        } catch let error as StoreError {
                            failures.append("\(error.kind): \(error.message)")
                        }
                    }
                    return failures
                }
            }
            var all: [String] = []
            for try await f in group { all += f }
            return all
        }
        let events = workers * eventsPerWorker
        #expect(failures == [])
        for store in stores {
            #expect(try await store.loadCase("S-1")?.step == 1 + events)
            #expect(try await store.loadCase("S-1")?.data["bumps"] == .int(Int64(events)))
            #expect(try await store.history("S-1").map(\.step) == Array(1...(1 + events)))
        }
    }
}
