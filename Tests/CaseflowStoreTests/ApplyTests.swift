import Foundation
import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine
import CaseflowStore

/// `apply`: each step's snapshot, history row with its audit record, task statuses and timers
/// are written together.
@Suite struct ApplyTests {
    let engine: Engine
    let t0: Timestamp

    init() throws {
        engine = try makeServiceEngine()
        t0 = try mondayTen()
    }

    @Test(arguments: StoreKind.allCases) func applyWritesTheSnapshotAndAHistoryRowWithTheAudit(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        try await createCase(db.store, engine, id: "S-1", at: t0)
        let t1 = try plus(t0, seconds: hour)
        let step = try await send(db.store, engine, "S-1", "bump", at: t1, eventID: "evt-1")
        #expect(step.after.step == 2)
        #expect(step.after.data["bumps"] == .int(1))
        #expect(try await db.store.loadCase("S-1") == step.after)

        let history = try await db.store.history("S-1")
        #expect(history.map(\.step) == [1, 2])
        #expect(history.map(\.event) == ["start", "bump"])
        #expect(history.map(\.eventID) == [nil, "evt-1"])
        #expect(history.map(\.at) == [t0, t1])
        #expect(history.map(\.from) == [nil, "open"])
        #expect(history.map(\.to) == ["open", "open"])
        let entry = try #require(history.last)
        #expect(entry.audit == step.audit)
        // The evaluation and the values it read come back exactly.
        #expect(entry.audit.evaluations.map(\.purpose) == ["set bumps"])
        let set = try #require(entry.audit.evaluations.first)
        #expect(set.expression == "bumps + 1")
        #expect(set.result == .int(1))
        #expect(set.error == nil)
        #expect(set.reads.map(\.name) == ["bumps"])
        #expect(set.reads.map(\.value) == [.int(0)])
        #expect(set.location == step.audit.evaluations.first?.location)
    }

    @Test(arguments: StoreKind.allCases) func theAuditOfAGuardAndItsReadsIsStored(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let start = try await createCase(db.store, engine, id: "S-1", at: t0)
        let triage = try start.after.task("triage")
        let t1 = try plus(t0, seconds: hour)
        _ = try await db.store.apply(caseID: "S-1", eventID: nil, { (c: CaseState) throws(EngineError) -> Step in
            try engine.complete(task: triage.id, outcome: "accept", at: t1, in: c)
        }, response: responseBytes)
        let approve = try await send(db.store, engine, "S-1", "approve", data: ["ok": .bool(true)], at: try plus(t0, seconds: 2 * hour))
        let entry = try #require(try await db.store.history("S-1").last)
        #expect(entry.audit == approve.audit)
        let guardCheck = try #require(entry.audit.evaluations.first { $0.expression == "event.ok" })
        #expect(guardCheck.purpose == "when of on:approve in 'working'")
        #expect(guardCheck.result == .bool(true))
        #expect(guardCheck.reads.map(\.name) == ["event.ok"])
        #expect(guardCheck.reads.map(\.value) == [.bool(true)])
        let note = try #require(entry.audit.evaluations.first { $0.purpose == "set note" })
        #expect(note.result == .string("approved for Li Lei"))
        #expect(note.reads.map(\.name) == ["customer.name"])
        #expect(note.reads.map(\.value) == [.string("Li Lei")])
        #expect(entry.from == "working")
        #expect(entry.to == "done")
    }

    @Test(arguments: StoreKind.allCases) func taskStatusesFollowTheSteps(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let start = try await createCase(db.store, engine, id: "S-1", at: t0)
        let triage = try start.after.task("triage")
        let call = try start.after.task("call_customer")
        let note = try start.after.task("file_note")
        #expect([triage.id, call.id, note.id] == ["S-1-task-1", "S-1-task-2", "S-1-task-3"])
        #expect(try await db.store.tasks(queue: nil, status: "open", limit: 100).map(TaskRow.init)
                == [TaskRow(triage, "open"), TaskRow(call, "open"), TaskRow(note, "open")])

        // Completing triage with `accept`: it is completed with that outcome, the state's other
        // task is cancelled, the kept one stays open, and the next state's task opens.
        let t1 = try plus(t0, seconds: 2 * hour)
        let outcome = try await db.store.apply(caseID: "S-1", eventID: "done-triage", { (c: CaseState) throws(EngineError) -> Step in
            try engine.complete(task: triage.id, outcome: "accept", at: t1, in: c)
        }, response: responseBytes)
        guard case .applied(let applied) = outcome else { Issue.record("not applied"); return }
        let accepted = applied.step
        #expect(accepted.after.state == "working")
        #expect(accepted.completedTask == triage)
        #expect(accepted.cancelledTasks == [note])
        let repair = try accepted.after.task("repair")
        #expect(repair.id == "S-1-task-8")
        #expect(accepted.openedTasks == [repair])

        #expect(try await db.store.task(triage.id).map(TaskRow.init) == TaskRow(triage, "completed", outcome: "accept", closedAt: t1))
        #expect(try await db.store.task(note.id).map(TaskRow.init) == TaskRow(note, "cancelled", closedAt: t1))
        #expect(try await db.store.task(call.id).map(TaskRow.init) == TaskRow(call, "open"))
        #expect(try await db.store.task(repair.id).map(TaskRow.init) == TaskRow(repair, "open"))
        #expect(try await db.store.task("S-1-task-99") == nil)

        #expect(try await db.store.tasks(queue: nil, status: nil, limit: 100).map(TaskRow.init) == [
            TaskRow(triage, "completed", outcome: "accept", closedAt: t1), TaskRow(call, "open"),
            TaskRow(note, "cancelled", closedAt: t1), TaskRow(repair, "open"),
        ])
        #expect(try await db.store.tasks(queue: nil, status: "open", limit: 100).map(\.task.id) == [call.id, repair.id])
        #expect(try await db.store.tasks(queue: nil, status: "completed", limit: 100).map(\.task.id) == [triage.id])
        #expect(try await db.store.tasks(queue: nil, status: "cancelled", limit: 100).map(\.task.id) == [note.id])
        #expect(try await db.store.tasks(queue: "desk", status: nil, limit: 100).map(\.task.id) == [triage.id])
        #expect(try await db.store.tasks(queue: "desk", status: "open", limit: 100).isEmpty)
        #expect(try await db.store.tasks(queue: "workshop", status: "open", limit: 100).map(\.task.id) == [repair.id])
        #expect(try await db.store.tasks(queue: nil, status: nil, limit: 2).map(\.task.id) == [triage.id, call.id])
        #expect(try await db.store.loadCase("S-1")?.openTasks == [call, repair])

        // Waiting for the customer cancels repair; the reply opens a new one.
        let t2 = try plus(t0, seconds: 3 * hour)
        let waiting = try await send(db.store, engine, "S-1", "wait_customer", at: t2)
        #expect(waiting.cancelledTasks == [repair])
        #expect(try await db.store.task(repair.id).map(TaskRow.init) == TaskRow(repair, "cancelled", closedAt: t2))
        let replied = try await send(db.store, engine, "S-1", "customer_reply", at: try plus(t0, seconds: 4 * hour))
        let repair2 = try replied.after.task("repair")
        #expect(repair2.id != repair.id)
        #expect(try await db.store.task(repair2.id).map(TaskRow.init) == TaskRow(repair2, "open"))
        #expect(try await db.store.tasks(queue: "workshop", status: nil, limit: 100).map(\.status) == ["cancelled", "open"])
        #expect(try await db.store.loadCase("S-1") == replied.after)
    }

    @Test(arguments: StoreKind.allCases) func timersAreMirroredFromTheSnapshot(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let start = try await createCase(db.store, engine, id: "S-1", at: t0)
        let far = try ts("2100-01-01T00:00:00Z")
        // Ordered by due time: the 4h escalation, the SLA warning and breach, the 48h expiry.
        let expected = try [
            ("after:open:1", "2026-03-09T14:00:00+08:00"), ("sla:resolution:warn", "2026-03-10T09:00:00+08:00"),
            ("sla:resolution:breach", "2026-03-10T10:00:00+08:00"), ("after:open:0", "2026-03-11T10:00:00+08:00"),
        ].map { event, due in TimerRow(caseID: "S-1", timerID: try start.after.timer(event).id, due: try ts(due)) }
        #expect(try await db.store.claimDueTimers(upTo: far, limit: 100, lease: 0).map(TimerRow.init) == expected)

        // Leaving `open` removes its timers; the SLA's stay.
        let triage = try start.after.task("triage")
        let t1 = try plus(t0, seconds: hour)
        let accepted = try await db.store.apply(caseID: "S-1", eventID: nil, { (c: CaseState) throws(EngineError) -> Step in
            try engine.complete(task: triage.id, outcome: "accept", at: t1, in: c)
        }, response: responseBytes)
        guard case .applied(let applied) = accepted else { Issue.record("not applied"); return }
        let step = applied.step
        #expect(step.cancelledTimers.map(\.event) == ["after:open:0", "after:open:1"])
        #expect(try await db.store.claimDueTimers(upTo: far, limit: 100, lease: 0).map(TimerRow.init) == Array(expected[1...2]))
        #expect(try await db.store.loadCase("S-1")?.timers == step.after.timers)

        // Pausing the SLA removes its timers; resuming arms new ones for the time left.
        let paused = try await send(db.store, engine, "S-1", "wait_customer", at: try plus(t0, seconds: 2 * hour))
        #expect(paused.after.timers.isEmpty)
        #expect(try await db.store.claimDueTimers(upTo: far, limit: 100, lease: 0).isEmpty)
        #expect(try await db.store.loadCase("S-1")?.slas == paused.after.slas)
        #expect(paused.after.slas.first?.status == .paused)
        #expect(paused.after.slas.first?.remaining == 22 * hour)
        let resumed = try await send(db.store, engine, "S-1", "customer_reply", at: try plus(t0, seconds: 5 * hour))
        #expect(try await db.store.claimDueTimers(upTo: far, limit: 100, lease: 0).map(TimerRow.init) == [
            TimerRow(caseID: "S-1", timerID: try resumed.after.timer("sla:resolution:warn").id, due: try ts("2026-03-10T12:00:00+08:00")),
            TimerRow(caseID: "S-1", timerID: try resumed.after.timer("sla:resolution:breach").id, due: try ts("2026-03-10T13:00:00+08:00")),
        ])
        #expect(try await db.store.loadCase("S-1") == resumed.after)
    }

    @Test(arguments: StoreKind.allCases) func dueTimersCutsOffAtTheTimeAndTheLimitAcrossCases(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let a = try await createCase(db.store, engine, id: "A", at: t0)
        let b = try await createCase(db.store, engine, id: "B", at: try plus(t0, seconds: hour))
        // A VIP case: a 4h SLA, so its warning comes first; its breach and its escalation timer
        // fall due at the same time (the escalation's condition is checked when it fires).
        let c = try await createCase(db.store, engine, id: "C", at: try plus(t0, seconds: 30 * 60), vip: true)
        #expect(c.after.timers.map(\.event) == ["after:open:0", "after:open:1", "sla:resolution:warn", "sla:resolution:breach"])
        let all = (a.after.timers + b.after.timers + c.after.timers).map(TimerRow.init)
            .sorted { ($0.due, $0.timerID) < ($1.due, $1.timerID) }
        let far = try ts("2100-01-01T00:00:00Z")
        #expect(try await db.store.claimDueTimers(upTo: far, limit: 100, lease: 0).map(TimerRow.init) == all)
        #expect(all.count == 12)
        #expect(all.map(\.caseID) == ["C", "A", "C", "C", "B", "A", "A", "B", "B", "A", "C", "B"])
        // At or before: a timer due exactly then is due; one a second later is not.
        let cWarn = try ts("2026-03-09T13:30:00+08:00")
        #expect(try await db.store.claimDueTimers(upTo: cWarn, limit: 100, lease: 0).map(TimerRow.init) == [all[0]])
        #expect(try await db.store.claimDueTimers(upTo: try plus(cWarn, seconds: -1), limit: 100, lease: 0).isEmpty)
        #expect(try await db.store.claimDueTimers(upTo: try ts("2026-03-09T14:30:00+08:00"), limit: 100, lease: 0).map(TimerRow.init) == Array(all[0...3]))
        #expect(try await db.store.claimDueTimers(upTo: far, limit: 5, lease: 0).map(TimerRow.init) == Array(all[0...4]))
    }

    @Test(arguments: StoreKind.allCases) func anEngineRejectionIsRejectedAndWritesNothing(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let start = try await createCase(db.store, engine, id: "S-1", at: t0)
        let triage = try start.after.task("triage")
        let t1 = try plus(t0, seconds: hour)
        _ = try await db.store.apply(caseID: "S-1", eventID: nil, { (c: CaseState) throws(EngineError) -> Step in
            try engine.complete(task: triage.id, outcome: "accept", at: t1, in: c)
        }, response: responseBytes)
        #expect(start.after.step == 1)
        let before = try await StoreSnapshot(db.store, caseID: "S-1")
        let current = try #require(before.snapshot)
        #expect(current.step == 2)

        let at = try plus(t0, seconds: 2 * hour)
        let expected = try #require(throws: EngineError.self) {
            try engine.apply(Event("approve", data: ["ok": .bool(false)], at: at), to: current)
        }
        #expect(expected.kind == .eventRejected)
        let responses = Counter()
        let error = try await #require(throws: StoreError.self) {
            try await db.store.apply(caseID: "S-1", eventID: "evt-rejected", { (c: CaseState) throws(EngineError) -> Step in
                try engine.apply(Event("approve", data: ["ok": .bool(false)], at: at), to: c)
            }, response: { step in responses.increment(); return responseBytes(step) })
        }
        #expect(error.kind == .rejected)
        #expect(error.message == expected.message)
        let engineError = try #require(error.engine?.error)
        #expect(engineError.kind == .eventRejected)
        #expect(engineError.message == expected.message)
        #expect(engineError.field == expected.field)
        #expect(responses.value == 0)
        #expect(try await StoreSnapshot(db.store, caseID: "S-1") == before)
        #expect(try await db.store.loadCase("S-1")?.step == 2)
        #expect(try await db.store.history("S-1").count == 2)

        // The rejected event id was not recorded: the same id with an acceptable event applies.
        let applied = try await send(db.store, engine, "S-1", "approve", data: ["ok": .bool(true)], at: at, eventID: "evt-rejected")
        #expect(applied.after.step == 3)
        #expect(try await db.store.history("S-1").map(\.eventID) == [nil, nil, "evt-rejected"])
    }

    @Test(arguments: StoreKind.allCases) func aBadPayloadIsRejectedWithTheEnginesField(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        try await createCase(db.store, engine, id: "S-1", at: t0)
        let before = try await StoreSnapshot(db.store, caseID: "S-1")
        let at = try plus(t0, seconds: 60)
        let error = try await #require(throws: StoreError.self) {
            try await db.store.apply(caseID: "S-1", eventID: "e", { (c: CaseState) throws(EngineError) -> Step in
                try engine.apply(Event("bump", data: ["count": .int(2)], at: at), to: c)
            }, response: responseBytes)
        }
        #expect(error.kind == .rejected)
        #expect(error.engine?.error.kind == .invalidPayload)
        #expect(error.engine?.error.field == "count")
        #expect(error.message == "event 'bump': unknown field 'count'")
        #expect(try await StoreSnapshot(db.store, caseID: "S-1") == before)
    }

    @Test(arguments: StoreKind.allCases) func anUnknownCaseIsNotFound(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        try await createCase(db.store, engine, id: "S-1", at: t0)
        let before = try await StoreSnapshot(db.store, caseID: "S-1")
        let called = Counter()
        let error = try await #require(throws: StoreError.self) {
            try await db.store.apply(caseID: "S-404", eventID: "evt-1", { (c: CaseState) throws(EngineError) -> Step in
                called.increment()
                return try engine.apply(Event("bump", at: t0), to: c)
            }, response: responseBytes)
        }
        #expect(error.kind == .notFound)
        #expect(error.message == "no case 'S-404'; check the id (GET /v1/cases lists cases)")
        #expect(error.engine == nil)
        #expect(called.value == 0)
        #expect(try await db.store.loadCase("S-404") == nil)
        #expect(try await db.store.history("S-404").isEmpty)
        #expect(try await StoreSnapshot(db.store, caseID: "S-1") == before)
    }
}
