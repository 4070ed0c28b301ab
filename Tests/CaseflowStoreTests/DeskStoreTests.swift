import Foundation
import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine
import CaseflowStore

/// Task holders and worklists in both stores: a claim is written to the task's row and the
/// case's snapshot, and listings filter by holder and due time and sort by due time or
/// priority, page after page.
@Suite struct DeskStoreTests {
    let engine: Engine
    let t0: Timestamp

    init() throws {
        engine = try makeServiceEngine()
        t0 = try mondayTen()
    }

    /// Cases A, B (a VIP: priority 10) and C a minute apart; each opens `triage`, due 8h later.
    func threeCases(_ store: any CaseStore) async throws -> [String: String] {
        var triage: [String: String] = [:]
        for (i, id) in ["A", "B", "C"].enumerated() {
            let step = try await createCase(store, engine, id: id, at: try plus(t0, seconds: Int64(60 * i)), vip: id == "B")
            triage[id] = try step.after.task("triage").id
        }
        return triage
    }

    func pages(_ store: any CaseStore, _ filter: TaskFilter) async throws -> [String] {
        var ids: [String] = [], position: ListPosition? = nil
        repeat {
            let page = try await store.tasks(filter, after: position, limit: 1)
            ids += page.items.map(\.task.caseID)
            position = page.next.map { ListPosition(key: page.nextKey, position: $0) }
        } while position != nil && ids.count < 10
        return ids
    }

    @Test(arguments: StoreKind.allCases) func listingsSortByDueTimeOrPriorityAndPage(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        _ = try await threeCases(db.store)
        // Each case also opens two tasks without a due time or priority, in other queues: they
        // come last, in the order opened.
        #expect(try await pages(db.store, TaskFilter(queue: "desk", status: "open", order: .priority)) == ["A", "C", "B"])
        #expect(try await pages(db.store, TaskFilter(queue: "desk", order: .priority)) == ["A", "C", "B"])
        #expect(try await pages(db.store, TaskFilter(queue: "desk", status: "open", order: .due)) == ["A", "B", "C"])
        #expect(try await pages(db.store, TaskFilter(status: "open", order: .due)) == ["A", "B", "C", "A", "A", "B", "B", "C", "C"])
        #expect(try await pages(db.store, TaskFilter(queue: "desk", order: .opened)) == ["A", "B", "C"])
        let dueBefore = try plus(t0, seconds: 8 * 3600 + 30)
        #expect(try await pages(db.store, TaskFilter(status: "open", dueBefore: dueBefore, order: .due)) == ["A"])
    }

    @Test(arguments: StoreKind.allCases) func aClaimIsStoredWithTheTaskAndTheCase(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let triage = try await threeCases(db.store)
        let taskA = try #require(triage["A"])
        let at = try plus(t0, seconds: 600)
        _ = try await db.store.apply(caseID: "A", eventID: nil, { (c: CaseState) throws(EngineError) -> Step in
            try engine.claim(task: taskA, by: "li", groups: ["agent"], at: at, actor: Actor(token: "li", person: nil), in: c)
        }, response: responseBytes)
        #expect(try await pages(db.store, TaskFilter(assignee: "li")) == ["A"])
        #expect(try await db.store.task(taskA)?.task.assignee == "li")
        let reopened = try await db.reopen()
        #expect(try await reopened.loadCase("A")?.openTasks.first?.assignee == "li")
        // Completed by its holder, it leaves the open list but keeps its holder.
        _ = try await db.store.apply(caseID: "A", eventID: nil, { (c: CaseState) throws(EngineError) -> Step in
            try engine.complete(task: taskA, outcome: "accept", at: at, by: "li", in: c)
        }, response: responseBytes)
        #expect(try await pages(db.store, TaskFilter(status: "open", assignee: "li")) == [])
        #expect(try await pages(db.store, TaskFilter(status: "completed", assignee: "li")) == ["A"])
    }

    @Test(arguments: StoreKind.allCases) func leasesRunOutAndACompletionUnderALostLeaseIsRefused(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let triage = try await threeCases(db.store)
        let now = t0.seconds + 300
        let first = try await db.store.leaseTask(queue: "desk", worker: "w1", token: "t1", until: now + 30, now: now) { _ in true }
        #expect(first?.task.id == triage["A"])
        // A is leased: the next worker gets B; one that may not take B gets C.
        #expect(try await db.store.leaseTask(queue: "desk", worker: "w2", token: "t2", until: now + 30, now: now) { _ in true }?.task.id == triage["B"])
        #expect(try await db.store.leaseTask(queue: "desk", worker: "w4", token: "t4", until: now + 30, now: now) { $0.caseID != "C" } == nil)
        let taskA = try #require(triage["A"])
        #expect(try await db.store.renewLease(TaskLease(taskID: taskA, token: "t1", now: now + 10), until: now + 100))
        #expect(try await db.store.renewLease(TaskLease(taskID: taskA, token: "t2", now: now + 10), until: now + 100) == false)
        // At now + 101 the lease is out: A is the first free task again.
        let again = try await db.store.leaseTask(queue: "desk", worker: "w3", token: "t3", until: now + 200, now: now + 101) { _ in true }
        #expect(again?.task.id == taskA)
        #expect(try await db.store.renewLease(TaskLease(taskID: taskA, token: "t1", now: now + 101), until: now + 300) == false)
        let at = try plus(t0, seconds: 400)
        func complete(_ token: String) async throws -> Result<ApplyOutcome, StoreError> {
            var write = StoreWrite.apply(caseID: "A", request: nil, step: { (c: CaseState) throws(EngineError) -> Step in
                try engine.complete(task: taskA, outcome: "accept", at: at, in: c)
            }, response: responseBytes)
            write.lease = TaskLease(taskID: taskA, token: token, now: now + 101)
            return try #require(try await db.store.commit([write]).first)
        }
        guard case .failure(let lost) = try await complete("t1") else { Issue.record("a completion under a lost lease went through"); return }
        #expect(lost.kind == .leaseLost)
        #expect(try await db.store.task(taskA)?.status == "open")
        guard case .success = try await complete("t3") else { Issue.record("the lease holder's completion was refused"); return }
        #expect(try await db.store.task(taskA)?.status == "completed")
    }
}
