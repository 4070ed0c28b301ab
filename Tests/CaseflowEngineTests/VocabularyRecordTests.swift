import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import CaseflowTestSupport
import Foundation
import Testing

/// One case record with every vocabulary field, as an order system sends it: the shipped
/// workflows each start a case from it, and every shipped rule evaluates on it, through the
/// path `caseflow rules eval` takes (the data file read by `CaseData.load`, then
/// `CompiledRuleSet.evaluate`).
@Suite("A full vocabulary record")
struct VocabularyRecordTests {
    /// The repository root, from this file: Tests/CaseflowEngineTests/VocabularyRecordTests.swift.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every field of rules/vocabulary.yaml with a valid value, nested as JSON objects.
    static let record = """
        {
          "customer": {"id": "C-1", "name": "李雷", "tier": "vip"},
          "order": {
            "id": "SO-1", "channel": "online",
            "paid_at": "2026-03-01T20:00:00+08:00", "invoiced_at": "2026-03-01T20:05:00+08:00",
            "delivered_at": "2026-03-02T10:00:00+08:00", "exclusion_confirmed": false,
            "withdrawal_info_given": true, "exchanged_at": "2026-03-03T12:00:00+08:00"
          },
          "product": {"sku": "SKU-9", "serial": "SN-123", "category": "phone"},
          "request": {
            "kind": "return", "reason": "不想要了", "fault": "屏幕闪烁", "condition": "intact",
            "performance_fault": true, "seal_broken": false,
            "submitted_at": "2026-03-05T09:00:00+08:00", "handled_at": "2026-03-05T15:00:00+08:00"
          },
          "repair": {"count": 0, "days": 0, "started_at": "2026-03-05T11:00:00+08:00", "waiting_for_parts": false},
          "returned_goods": {"received_at": "2026-03-06T09:00:00+08:00"},
          "refund": {"refunded_at": "2026-03-06T09:30:00+08:00", "amount": 399.5},
          "complaint": {"source": "customer", "received_at": "2026-03-05T09:00:00+08:00", "responded_at": "2026-03-05T10:00:00+08:00"},
          "parent": {"id": "R-0"}
        }
        """

    /// The shipped definitions, as `caseflow validate` loads them.
    static func shipped() throws -> Definitions {
        let report = DefinitionCheck.run(paths: ["workflows", "rules"].map { root.appendingPathComponent($0).path })
        #expect(report.diagnostics.filter { $0.severity == .error }.map(\.description) == [])
        return report.definitions
    }

    /// The record as `caseflow rules eval --data FILE` reads it.
    static func loadRecord() throws -> [String: Value] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vocabulary-record-\(UUID().uuidString).json")
        try record.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try CaseData.load(path: file.path)
    }

    static let at = "2026-03-06T10:00:00+08:00"

    @Test("the record has every vocabulary field, and only those")
    func recordIsFull() throws {
        let definitions = try Self.shipped()
        let names = Set(try CaseData.flatten(try Self.loadRecord(), keeping: []).keys)
        #expect(names == Set(definitions.vocabulary.map(\.name)))
    }

    @Test("every shipped workflow starts a case from it and keeps every field, typed by the vocabulary")
    func everyWorkflowStarts() throws {
        let definitions = try Self.shipped()
        let engine = try Engine(definitions: definitions)
        let record = try Self.loadRecord()
        #expect(definitions.workflows.count == 4)
        for w in definitions.workflows {
            var data = record
            // What a workflow needs beyond the vocabulary: its own required fields.
            for field in w.fields where field.isRequired && definitions.vocabularyField(field.name) == nil {
                data[field.name] = .string(field.allowed?.first ?? "x")
            }
            let step = try engine.start(workflow: w.id, id: "\(w.id)-1", data: data, at: try ts(Self.at))
            let kept = step.after.data
            for field in definitions.vocabulary {
                #expect(kept[field.name] != nil, "workflow '\(w.id)' dropped '\(field.name)'")
                if let value = kept[field.name], case .success(let typed) = YAMLValue.convert(value, to: field.type) {
                    #expect(typed == value, "workflow '\(w.id)' keeps '\(field.name)' as \(value.kindName), not \(field.type.rawValue)")
                } else if let value = kept[field.name] {
                    Issue.record("workflow '\(w.id)' keeps '\(field.name)' as \(value.kindName), not \(field.type.rawValue)")
                }
            }
            #expect(kept["order.paid_at"] == .timestamp(try ts("2026-03-01T20:00:00+08:00")))
            #expect(kept["customer.name"] == .string("李雷"))
        }
    }

    @Test("every shipped rule evaluates on it, as caseflow rules eval does")
    func everyRuleEvaluates() throws {
        let definitions = try Self.shipped()
        let record = try Self.loadRecord()
        let functions = definitions.functionTable().functions
        var evaluated = 0
        let at = try ts(Self.at)
        for set in definitions.ruleSets {
            let compiled = try CompiledRuleSet(set, functions: functions)
            for rule in set.rules {
                do {
                    _ = try compiled.evaluate(rule: rule.name, data: record, at: at)
                    evaluated += 1
                } catch {
                    Issue.record("\(set.id)/\(rule.name): \(error.message)")
                }
            }
        }
        #expect(evaluated == definitions.ruleSets.map(\.rules.count).reduce(0, +))
        #expect(evaluated >= 30)
    }

    @Test("a name neither declared nor in the vocabulary is refused with the closest name, at the start and in rules eval")
    func unknownNamesAreRefused() throws {
        let definitions = try Self.shipped()
        let engine = try Engine(definitions: definitions)
        var record = try Self.loadRecord()
        record["order.paid_att"] = .string("2026-03-01T20:00:00+08:00")
        let start = try #require(throws: EngineError.self) {
            try engine.start(workflow: "return", id: "R-1", data: record, at: try ts(Self.at))
        }
        #expect(start.kind == .invalidData)
        #expect(start.field == "order.paid_att")
        #expect(start.message == "unknown field 'order.paid_att' (did you mean 'order.paid_at'?)")

        let returns = try CompiledRuleSet(try #require(definitions.ruleSet("cn/returns")), functions: definitions.functionTable().functions)
        let eval = try #require(throws: EngineError.self) {
            try returns.evaluate(rule: "seven_day_return", data: record, at: try ts(Self.at))
        }
        #expect(eval.field == "order.paid_att")
        #expect(eval.message.hasPrefix("'order.paid_att' is not a field rule set 'cn/returns' reads, nor a vocabulary field"))
        #expect(eval.message.hasSuffix("(did you mean 'order.paid_at'?)"))
    }

    @Test("a vocabulary field the workflow does not use is still checked against its type")
    func extrasAreTyped() throws {
        let engine = try Engine(definitions: try Self.shipped())
        var record = try CaseData.flatten(try Self.loadRecord(), keeping: [])
        record["order.paid_at"] = .string("last Monday")
        let error = try #require(throws: EngineError.self) {
            try engine.start(workflow: "return", id: "R-1", data: record, at: try ts(Self.at))
        }
        #expect(error.field == "order.paid_at")
        #expect(error.message.contains("is not a timestamp"))
    }
}

/// A map value from string keys, in order.
func object(_ pairs: KeyValuePairs<String, Value>) -> Value {
    var map = CELMap()
    for (key, value) in pairs { map.insert(.string(key), value) }
    return .map(map)
}

/// `map` and `list` fields hold nested objects: flattening into dotted names stops at them.
@Suite("Map fields")
struct MapFieldTests {
    static let workflow = """
        workflow: intake
        version: 1
        case:
          order.id: string
          order.extra: map
          order.lines: {type: list, optional: true}
        initial: received
        states:
          received:
            always:
              - target: gift
                when: has(order.extra.gift) && order.extra.gift == true && order.extra.wrap.paper == 'red'
              - target: plain
          gift: {final: true}
          plain: {final: true}
        """

    static let extra: Value = object(["gift": .bool(true), "wrap": object(["paper": .string("red"), "note.text": .string("生日快乐")])])

    @Test("flatten stops at the names it is told are maps or lists")
    func flattenStopsAtContainers() throws {
        let nested: Value = object(["order": object(["id": .string("O-1"), "extra": Self.extra, "lines": .list([object(["sku": .string("A")])])])])
        #expect(CaseData.flatten(nested, keeping: ["order.extra", "order.lines"])
                == ["order.id": .string("O-1"), "order.extra": Self.extra, "order.lines": .list([object(["sku": .string("A")])])])
        // Without the schema every object is flattened, as before.
        #expect(CaseData.flatten(nested)["order.extra.wrap.paper"] == .string("red"))
        // Fields already dotted stay; flattening twice changes nothing.
        let once = try CaseData.flatten(["order": object(["id": .string("O-1")]), "order.extra": Self.extra], keeping: ["order.extra"])
        #expect(once == ["order.id": .string("O-1"), "order.extra": Self.extra])
        #expect(try CaseData.flatten(once, keeping: ["order.extra"]) == once)
        // An empty map stays a value.
        #expect(try CaseData.flatten(["order.extra": object([:])], keeping: []) == ["order.extra": object([:])])
        // A name given both ways is refused, not silently one of the two.
        let twice = #expect(throws: CaseData.Conflict.self) {
            try CaseData.flatten(["order.id": .string("O-1"), "order": object(["id": .string("O-2")])], keeping: [])
        }
        #expect(twice?.name == "order.id")
    }

    @Test("a map field given as a nested object reaches the engine whole, and expressions read into it")
    func nestedObjectsRoundTrip() throws {
        let engine = try makeEngine(Self.workflow)
        // As the daemon's request path gives it: the body's `data` object as written.
        let body = try CaseData.parse(text: """
            {"order": {"id": "O-1", "extra": {"gift": true, "wrap": {"paper": "red", "note.text": "生日快乐"}},
                       "lines": [{"sku": "A", "qty": 2}]}}
            """, file: "body.json")
        let step = try engine.start(workflow: "intake", id: "I-1", data: body, at: try ts("2026-03-06T10:00:00+08:00"))
        #expect(step.after.state == "gift")
        #expect(step.after.data["order.extra"] == Self.extra)
        #expect(step.after.data["order.lines"] == .list([object(["sku": .string("A"), "qty": .int(2)])]))
        #expect(step.after.data["order.id"] == .string("O-1"))
        #expect(step.after.data.keys.sorted() == ["order.extra", "order.id", "order.lines"])
        // Dotted names reach the same data.
        let dotted = try engine.start(workflow: "intake", id: "I-2", data: ["order.id": .string("O-1"), "order.extra": Self.extra],
                                      at: try ts("2026-03-06T10:00:00+08:00"))
        #expect(dotted.after.data == step.after.data.filter { $0.key != "order.lines" })
    }

    @Test("a field given both as a dotted name and inside a nested object is refused, naming it")
    func givenTwice() throws {
        let engine = try makeEngine(Self.workflow)
        let error = try #require(throws: EngineError.self) {
            try engine.start(workflow: "intake", id: "I-1",
                             data: ["order.id": .string("O-1"), "order": object(["id": .string("O-2"), "extra": Self.extra])],
                             at: try ts("2026-03-06T10:00:00+08:00"))
        }
        #expect(error.kind == .invalidData)
        #expect(error.field == "order.id")
        #expect(error.message.hasPrefix("'order.id' is given twice"))
    }

    @Test("a name under a map field is not a field of its own")
    func nothingBelowAMapIsAField() throws {
        let engine = try makeEngine(Self.workflow)
        let error = try #require(throws: EngineError.self) {
            try engine.start(workflow: "intake", id: "I-1", data: ["order.id": .string("O-1"), "order.extra": .string("gift")],
                             at: try ts("2026-03-06T10:00:00+08:00"))
        }
        #expect(error.field == "order.extra")
        #expect(error.message.contains("must be map"))
    }
}
