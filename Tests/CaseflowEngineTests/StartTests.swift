import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine

/// Starting a case: the data is checked against the workflow's case schema (types, enums,
/// required fields, unknown fields with a suggestion), defaults are filled in, and text is
/// converted to the declared types.
@Suite struct StartTests {
    static let intake = """
        workflow: intake
        version: 3
        case:
          customer.tier: {type: string, enum: [standard, vip], default: standard}
          order.channel: {type: string, enum: [online, store, phone]}
          order.delivered_at: timestamp
          order.total: {type: double, optional: true}
          repair.count: {type: int, default: 0}
          request.window: {type: duration, optional: true}
          decision.reason: {type: string, optional: true}
          order.items: {type: list, optional: true}
        events:
          close: {}
        initial: open
        states:
          open:
            on:
              close: closed
          closed: {final: true}
        """

    let engine: Engine
    let t0: Timestamp
    let delivered: Timestamp

    init() throws {
        engine = try makeEngine(Self.intake)
        t0 = try ts("2026-03-09T10:00:00+08:00")
        delivered = try ts("2026-03-02T10:00:00+08:00")
    }

    @Test func defaultsAreAppliedAndOptionalFieldsStayUnset() throws {
        let step = try engine.start(workflow: "intake", id: "C-1",
                                    data: ["order.channel": .string("online"), "order.delivered_at": .timestamp(delivered)], at: t0)
        let c = step.after
        #expect(c.data == [
            "order.channel": .string("online"),
            "order.delivered_at": .timestamp(delivered),
            "customer.tier": .string("standard"),
            "repair.count": .int(0),
        ])
        #expect(c.id == "C-1")
        #expect(c.workflow == "intake")
        #expect(c.version == 3)
        #expect(c.state == "open")
        #expect(c.step == 1)
        #expect(c.createdAt == t0)
        #expect(c.updatedAt == t0)
        #expect(c.parentID == nil)
        #expect(c.isClosed == false)
        #expect(c.openTasks.isEmpty && c.timers.isEmpty && c.slas.isEmpty)
        #expect(step.before == nil)
        #expect(step.audit.event == "start")
        #expect(step.audit.from == nil)
        #expect(step.audit.to == "open")
        #expect(step.audit.at == t0)
    }

    @Test func givenValuesOverrideDefaultsAndNullCountsAsUnset() throws {
        let step = try engine.start(workflow: "intake", id: "C-1", data: [
            "order.channel": .string("store"), "order.delivered_at": .timestamp(delivered),
            "customer.tier": .string("vip"), "repair.count": .null,
        ], at: t0)
        #expect(step.after.data["customer.tier"] == .string("vip"))
        #expect(step.after.data["repair.count"] == .int(0))
    }

    @Test func textAndNumbersAreConvertedToTheDeclaredTypes() throws {
        let step = try engine.start(workflow: "intake", id: "C-1", data: [
            "order.channel": .string("phone"),
            "order.delivered_at": .string("2026-03-02T10:00:00+08:00"),
            "order.total": .int(199),
            "repair.count": .double(2),
            "request.window": .string("1h30m"),
        ], at: t0)
        #expect(step.after.data["order.delivered_at"] == .timestamp(delivered))
        #expect(step.after.data["order.total"] == .double(199))
        #expect(step.after.data["repair.count"] == .int(2))
        #expect(step.after.data["request.window"] == CELDuration(seconds: 5400).map(Value.duration))
    }

    @Test func aValueOutsideTheEnumIsInvalidWithASuggestion() throws {
        let error = try #require(throws: EngineError.self) {
            try engine.start(workflow: "intake", id: "C-1",
                             data: ["order.channel": .string("onlin"), "order.delivered_at": .timestamp(delivered)], at: t0)
        }
        #expect(error.kind == .invalidData)
        #expect(error.field == "order.channel")
        #expect(error.message == "'order.channel' must be one of online, store, phone, got 'onlin' (did you mean 'online'?)")
    }

    @Test func aValueOfTheWrongTypeIsInvalid() throws {
        let error = try #require(throws: EngineError.self) {
            try engine.start(workflow: "intake", id: "C-1", data: [
                "order.channel": .string("online"), "order.delivered_at": .timestamp(delivered), "repair.count": .string("two"),
            ], at: t0)
        }
        #expect(error.kind == .invalidData)
        #expect(error.field == "repair.count")
        #expect(error.message == "'repair.count' must be int, got string 'two'")
    }

    @Test func listsNestedTooDeeplyAreInvalid() throws {
        // Deeper data could be stored but never read back (JSON readers stop at 512 levels).
        func nested(_ levels: Int) -> Value { (1..<levels).reduce(Value.list([.int(1)])) { inner, _ in .list([inner]) } }
        let base: [String: Value] = ["order.channel": .string("online"), "order.delivered_at": .timestamp(delivered)]
        let fine = try engine.start(workflow: "intake", id: "C-1", data: base.merging(["order.items": nested(32)]) { $1 }, at: t0)
        #expect(fine.after.data["order.items"] == nested(32))
        let error = try #require(throws: EngineError.self) {
            try engine.start(workflow: "intake", id: "C-2", data: base.merging(["order.items": nested(33)]) { $1 }, at: t0)
        }
        #expect(error.kind == .invalidData)
        #expect(error.field == "order.items")
        #expect(error.message == "'order.items' nests lists and maps more than 32 levels deep; flatten it")
    }

    @Test func aFractionForAnIntFieldIsInvalid() throws {
        let error = try #require(throws: EngineError.self) {
            try engine.start(workflow: "intake", id: "C-1", data: [
                "order.channel": .string("online"), "order.delivered_at": .timestamp(delivered), "repair.count": .double(1.5),
            ], at: t0)
        }
        #expect(error.kind == .invalidData)
        #expect(error.field == "repair.count")
    }

    @Test func textThatIsNotATimestampIsInvalid() throws {
        let error = try #require(throws: EngineError.self) {
            try engine.start(workflow: "intake", id: "C-1",
                             data: ["order.channel": .string("online"), "order.delivered_at": .string("2026-03-02 10:00")], at: t0)
        }
        #expect(error.kind == .invalidData)
        #expect(error.field == "order.delivered_at")
        #expect(error.message.hasPrefix("'order.delivered_at': '2026-03-02 10:00' is not a timestamp; write RFC 3339 with a zone"))
    }

    @Test func anUnknownFieldIsInvalidWithTheClosestName() throws {
        let error = try #require(throws: EngineError.self) {
            try engine.start(workflow: "intake", id: "C-1", data: [
                "order.channel": .string("online"), "order.delivered_at": .timestamp(delivered), "order.deliverd_at": .timestamp(delivered),
            ], at: t0)
        }
        #expect(error.kind == .invalidData)
        #expect(error.field == "order.deliverd_at")
        #expect(error.message == "unknown field 'order.deliverd_at' (did you mean 'order.delivered_at'?)")
    }

    @Test func ofSeveralUnknownFieldsTheAlphabeticallyFirstIsReported() throws {
        let unknown = ["zone.extra", "repair.cuont", "order.deliverd_at", "customer.teir", "order.chanel", "note.text"]
        // Dictionaries of other capacities and insertion orders iterate their keys in other orders.
        for capacity in [0, 8, 64, 512] {
            for names in [unknown, unknown.reversed()] {
                var data = [String: Value](minimumCapacity: capacity)
                data["order.channel"] = .string("online")
                data["order.delivered_at"] = .timestamp(delivered)
                for name in names { data[name] = .string("x") }
                let error = try #require(throws: EngineError.self) {
                    try engine.start(workflow: "intake", id: "C-1", data: data, at: t0)
                }
                #expect(error.kind == .invalidData)
                #expect(error.field == "customer.teir")
                #expect(error.message == "unknown field 'customer.teir' (did you mean 'customer.tier'?)")
            }
        }
    }

    @Test func aMissingRequiredFieldIsInvalid() throws {
        let error = try #require(throws: EngineError.self) {
            try engine.start(workflow: "intake", id: "C-1", data: ["order.channel": .string("online")], at: t0)
        }
        #expect(error.kind == .invalidData)
        #expect(error.field == "order.delivered_at")
        #expect(error.message == "missing required field 'order.delivered_at' (timestamp)")
    }

    @Test func anUnknownWorkflowIsRefusedWithASuggestion() throws {
        let error = try #require(throws: EngineError.self) {
            try engine.start(workflow: "intak", id: "C-1", data: [:], at: t0)
        }
        #expect(error.kind == .unknownWorkflow)
        #expect(error.message == "unknown workflow 'intak'; loaded: intake (did you mean 'intake'?)")
    }

    @Test func aChildCaseKeepsItsParent() throws {
        let step = try engine.start(workflow: "intake", id: "C-2",
                                    data: ["order.channel": .string("online"), "order.delivered_at": .timestamp(delivered)],
                                    at: t0, parentID: "C-1")
        #expect(step.after.parentID == "C-1")
    }
}
