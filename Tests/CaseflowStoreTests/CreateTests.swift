import Foundation
import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine
import CaseflowStore

/// `create` and `loadCase`: the whole case comes back as it went in; a taken id is refused and
/// changes nothing.
@Suite struct CreateTests {
    let engine: Engine
    let t0: Timestamp

    init() throws {
        engine = try makeServiceEngine()
        t0 = try mondayTen()
    }

    @Test(arguments: StoreKind.allCases) func createThenLoadRoundTripsTheWholeCase(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let step = try await createCase(db.store, engine, id: "S-1", at: t0)
        let loaded = try #require(try await db.store.loadCase("S-1"))
        #expect(loaded == step.after)
        // The parts the round trip must keep, spelled out.
        #expect(loaded.data == (try serviceData()).merging(["bumps": .int(0)]) { a, _ in a })
        #expect(loaded.data["order.count"] == .int(Int64.max))
        #expect(loaded.data["order.amount"] == .double(1234.5678))
        #expect(loaded.data["order.placed_at"] == .timestamp(try ts("2026-03-02T02:15:30.123456789Z")))
        #expect(loaded.openTasks.map(\.name) == ["triage", "call_customer", "file_note"])
        #expect(loaded.openTasks == step.openedTasks)
        #expect(loaded.timers == step.after.timers)
        #expect(loaded.timers.count == 4)
        #expect(loaded.slas == step.after.slas)
        #expect(loaded.slas.map(\.name) == ["resolution"])
        #expect(loaded.slas.first?.deadline == (try ts("2026-03-10T10:00:00+08:00")))
        #expect(loaded.step == 1)
        #expect(loaded.state == "open")
        #expect(loaded.isClosed == false)
        #expect(loaded.createdAt == t0)
    }

    @Test(arguments: StoreKind.allCases) func valuesOfEveryKindSurviveExactly(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        var step = try engine.start(workflow: "service", id: "S-1", data: try serviceData(), at: t0)
        // The store saves whatever the snapshot holds: push the edges of every value kind through it.
        var map = CELMap()
        map.insert(.bool(true), .uint(UInt64.max))
        map.insert(.string(""), .bytes([0, 1, 254, 255]))
        step.after.data["edge.values"] = .list([
            .int(Int64.min), .int(0), .uint(0), .double(-0.5), .double(5e-324), .double(1.7976931348623157e308),
            .double(0.1 + 0.2), .double(.infinity), .double(-.infinity),
            .string("e\u{301} vs é, emoji 🧾, NUL \u{0} end"), .string(""),
            .timestamp(try ts("0001-01-01T00:00:00Z")), .timestamp(try ts("9999-12-31T23:59:59.999999999Z")),
            .timestamp(try ts("2026-03-09T10:00:00.000000001+08:00")),
            .duration(try #require(CELDuration(seconds: -90, nanos: -1))), .null, .list([]), .map(CELMap()), .map(map),
        ])
        step.after.parentID = "P-0"
        try await db.store.create(step, response: [])
        let loaded = try #require(try await db.store.loadCase("S-1"))
        #expect(loaded == step.after)
        #expect(loaded.data["edge.values"] == step.after.data["edge.values"])
        // Swift equality is strict about kinds: an int must not come back as a double.
        if case .list(let items) = loaded.data["edge.values"] {
            #expect(items.map(\.kindName) == ["int", "int", "uint", "double", "double", "double", "double", "double", "double",
                                              "string", "string", "google.protobuf.Timestamp", "google.protobuf.Timestamp",
                                              "google.protobuf.Timestamp", "google.protobuf.Duration", "null_type",
                                              "list", "map", "map"])
        } else {
            Issue.record("edge.values is not a list")
        }
        #expect(loaded.parentID == "P-0")
    }

    @Test(arguments: StoreKind.allCases) func aNaNComesBackAsNaN(_ kind: StoreKind) async throws {
        // NaN equals nothing, not even itself, so the case cannot be compared whole.
        let db = try await TempStore(kind)
        var step = try engine.start(workflow: "service", id: "S-1", data: try serviceData(), at: t0)
        step.after.data["order.amount"] = .double(.nan)
        try await db.store.create(step, response: [])
        let loaded = try #require(try await db.store.loadCase("S-1"))
        guard case .double(let d) = loaded.data["order.amount"] else {
            Issue.record("order.amount is \(String(describing: loaded.data["order.amount"]))")
            return
        }
        #expect(d.isNaN)
    }

    @Test(arguments: StoreKind.allCases) func createWritesTheFirstHistoryRowAndTheTasks(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let step = try await createCase(db.store, engine, id: "S-1", at: t0)
        let history = try await db.store.history("S-1")
        #expect(history.count == 1)
        let first = try #require(history.first)
        #expect(first.step == 1)
        #expect(first.event == "start")
        #expect(first.eventID == nil)
        #expect(first.at == t0)
        #expect(first.from == nil)
        #expect(first.to == "open")
        #expect(first.audit == step.audit)
        let tasks = try await db.store.tasks(queue: nil, status: nil, limit: 100).map(TaskRow.init)
        #expect(tasks == step.openedTasks.map { TaskRow($0, "open") })
    }

    @Test(arguments: StoreKind.allCases) func aLoadedCaseOfAnUnknownIDIsNil(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        #expect(try await db.store.loadCase("nope") == nil)
        #expect(try await db.store.history("nope").isEmpty)
        #expect(try await db.store.task("nope-task-1") == nil)
    }

    @Test(arguments: StoreKind.allCases) func creatingAnExistingIDIsAConflictAndChangesNothing(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        try await createCase(db.store, engine, id: "S-1", at: t0)
        let before = try await StoreSnapshot(db.store, caseID: "S-1")

        let later = try plus(t0, seconds: hour)
        let again = try engine.start(workflow: "service", id: "S-1", data: try serviceData(name: "Han Meimei", vip: true), at: later)
        let error = try await #require(throws: StoreError.self) {
            try await db.store.create(again, response: responseBytes(again))
        }
        #expect(error.kind == .conflict)
        #expect(error.message == "case 'S-1' exists already; choose another id or send events to it")
        #expect(error.engine == nil)
        #expect(try await StoreSnapshot(db.store, caseID: "S-1") == before)
        #expect(try await db.store.loadCase("S-1")?.data["customer.name"] == .string("Li Lei"))
        #expect(try await db.store.cases(workflow: nil, state: nil, limit: 100).count == 1)
    }
}
