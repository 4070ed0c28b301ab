import CaseflowSource
import Foundation
import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine
import CaseflowJSON

/// The writer's output must be exactly what `JSONEncoder` writes for the same values (so the
/// store can read old and new snapshots alike, and API answers do not change); it is compared
/// byte for byte over every step of a case that touches tasks, timers, SLAs, child cases,
/// rejections and values of every kind.
@Suite struct JSONWriterTests {
    let engine: Engine
    let t0: Timestamp

    init() throws {
        engine = try makeServiceEngine()
        t0 = try mondayTen()
    }

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
    func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    /// Where two texts first differ, to make a failure readable.
    func firstDifference(_ a: String, _ b: String) -> String {
        let x = Array(a.utf8), y = Array(b.utf8)
        let i = (0..<min(x.count, y.count)).first { x[$0] != y[$0] } ?? min(x.count, y.count)
        let show = { (v: [UInt8]) in String(decoding: v[max(0, i - 40)..<min(v.count, i + 40)], as: UTF8.self) }
        return "at byte \(i): writer …\(show(x))… encoder …\(show(y))…"
    }

    func expectEqual(_ writer: [UInt8], _ encoder: Data, sourceLocation: Testing.SourceLocation) {
        let a = text(writer), b = text(encoder)
        #expect(a == b, "\(firstDifference(a, b))", sourceLocation: sourceLocation)
    }

    /// Checks every encoding of one step against `JSONEncoder`.
    func expectSame(_ step: Step, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let e = Self.encoder()
        expectEqual(JSONWriter.encode(step.after), try e.encode(step.after), sourceLocation: sourceLocation)
        expectEqual(JSONWriter.encode(step.audit), try e.encode(step.audit), sourceLocation: sourceLocation)
        expectEqual(JSONWriter.response(step), try e.encode(StepJSON(step)), sourceLocation: sourceLocation)
        expectEqual(JSONWriter.response(step.after), try e.encode(CaseJSON(step.after)), sourceLocation: sourceLocation)
        for task in step.openedTasks {
            expectEqual(JSONWriter.encode(task), try e.encode(task), sourceLocation: sourceLocation)
        }
        // And what the writer wrote reads back as the same case (but for its report facts,
        // which only the compact form keeps).
        var written = step.after
        written.measures = nil
        let decoded = try JSONDecoder().decode(CaseState.self, from: Data(JSONWriter.encode(step.after)))
        #expect(decoded == written, sourceLocation: sourceLocation)
        // The snapshot reader reads it as the same case, or gives up (the store then decodes).
        for form in [JSONWriter.encode(step.after), Array(try Self.prettyEncoder().encode(step.after))] {
            if let read = SnapshotReader.caseState(form) { #expect(read == written, sourceLocation: sourceLocation) }
        }
    }

    static func prettyEncoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted]
        return e
    }

    @Test func everyStepOfAServiceCaseEncodesLikeJSONEncoder() throws {
        var steps: [Step] = []
        var c = try engine.start(workflow: "service", id: "S-1/\"x\"", data: try serviceData(name: "王 \\ / \u{1}\t"), at: t0)
        steps.append(c)
        func send(_ name: String, _ data: [String: Value] = [:], minutes: Int64) throws {
            c = try engine.apply(Event(name, data: data, at: try plus(t0, seconds: minutes * 60)), to: c.after)
            steps.append(c)
        }
        try send("bump", minutes: 1)
        try send("accept", minutes: 2)
        try send("wait_customer", minutes: 3)
        try send("customer_reply", minutes: 4)
        // A refused event changes nothing and yields no step.
        #expect(throws: EngineError.self) { try engine.apply(Event("approve", data: ["ok": .bool(false)], at: try plus(t0, seconds: 300)), to: c.after) }
        try send("approve", ["ok": .bool(true)], minutes: 6)
        #expect(c.after.isClosed)
        #expect(!c.children.isEmpty)
        #expect(steps.contains { !$0.cancelledTasks.isEmpty })
        #expect(steps.contains { $0.after.slas.contains { $0.remaining != nil } })
        for step in steps { try expectSame(step) }
        // Snapshots of ordinary cases are read without the general decoder (in any key order
        // and spacing), and a truncated or altered one is not read at all.
        for step in steps {
            let bytes = JSONWriter.encode(step.after)
            #expect(SnapshotReader.caseState(bytes) != nil)
            #expect(SnapshotReader.caseState(Array(try Self.prettyEncoder().encode(step.after))) != nil)
            #expect(SnapshotReader.caseState(Array(bytes.dropLast())) == nil)
            #expect(SnapshotReader.caseState(Array(text(bytes).replacingOccurrences(of: "\"step\":", with: "\"stop\":").utf8)) == nil)
            // What JSONDecoder reads otherwise or refuses is left to it: a key given twice, a
            // missing one.
            #expect(SnapshotReader.caseState(Array(text(bytes).replacingOccurrences(of: "\"state\":", with: "\"state\":\"x\",\"state\":").utf8)) == nil)
            let unclosed = text(bytes).replacingOccurrences(of: "\"isClosed\":false,", with: "").replacingOccurrences(of: "\"isClosed\":true,", with: "")
            #expect(SnapshotReader.caseState(Array(unclosed.utf8)) == nil)
        }
        let list = steps.map(\.after)
        expectEqual(JSONWriter.response(list), try Self.encoder().encode(list.map(CaseJSON.init)), sourceLocation: #_sourceLocation)
        expectEqual(JSONWriter.response([CaseState]()), try Self.encoder().encode([CaseJSON]()), sourceLocation: #_sourceLocation)
    }

    /// A step with its actor, and the case with who last acted, encode and read back alike.
    @Test func actorsEncodeLikeJSONEncoder() throws {
        let engine = try makeServiceEngine()
        var step = try engine.start(workflow: "service", id: "S-1", data: try serviceData(), at: try mondayTen())
        for actor in [Actor(token: "crm", person: "li.wei"), Actor(token: "crm", person: nil), Actor(token: nil, person: "王芳")] {
            step.audit.actor = actor
            step.after.updatedBy = actor
            try expectSame(step)
            #expect(SnapshotReader.caseState(JSONWriter.encode(step.after))?.updatedBy == actor)
        }
    }

    @Test func aLateTimerWithItsDueTimeEncodesLikeJSONEncoder() throws {
        let start = try engine.start(workflow: "service", id: "S-2", data: try serviceData(), at: t0)
        let timer = try start.after.timer("after:open:1")
        let fired = try engine.fire(timer: timer.id, at: try plus(timer.due, seconds: 7200), in: start.after)
        #expect(fired.audit.dueAt != nil)
        try expectSame(fired)
    }

    @Test func valuesOfEveryKindAndAwkwardTextEncodeLikeJSONEncoder() throws {
        var step = try engine.start(workflow: "service", id: "S-3", data: try serviceData(), at: t0)
        var map = CELMap()
        map.insert(.int(-1), .uint(UInt64.max))
        map.insert(.uint(2), .bytes([0, 127, 255]))
        map.insert(.bool(true), .type(.timestamp))
        map.insert(.string("1"), .string("int key 1 and string key '1' share a form"))
        map.insert(.int(1), .string("the last one wins in plain JSON"))
        let doubles: [Double] = [0, -0.0, 1, 0.1, 1e15, 1e16, 1e21, 1e-7, 5e-324, 1.7976931348623157e308, 12345678901234567890,
                                 .infinity, -.infinity]
        step.after.data = [
            "a": .int(Int64.min), "B": .int(Int64.max), "é": .double(2.5), "中文": .string("退货\u{0}\u{1f}\u{7f}\u{2028}🎉"),
            "a.b": .list(doubles.map(Value.double)), "a_b": .map(map), "z": .null, "Z": .duration(try #require(CELDuration(seconds: -90, nanos: -5))),
            "slash/": .string("</script> \\ \" \u{8}\u{c}\n\r\t"), "": .string(""), "t": .timestamp(try ts("1969-12-31T23:59:59.999999999Z")),
        ]
        step.audit.notes = ["note \"quoted\"", "", "多字节"]
        try expectSame(step)
        // Without the `type` value (left to the general decoder), the snapshot reader reads all
        // of it itself, and the same as JSONDecoder.
        map = CELMap()
        map.insert(.int(-1), .uint(UInt64.max))
        map.insert(.uint(2), .bytes([0, 127, 255]))
        map.insert(.string("1"), .list([.int(-7), .bool(false), .null]))
        step.after.data["a_b"] = .map(map)
        let bytes = JSONWriter.encode(step.after)
        let read = try #require(SnapshotReader.caseState(bytes))
        step.after.measures = nil       // kept in the compact form only
        #expect(read == step.after)
        #expect(read == (try JSONDecoder().decode(CaseState.self, from: Data(bytes))))
        #expect(read.data["a"] == .int(Int64.min) && read.data["B"] == .int(Int64.max))
        // A number JSON does not allow is not read as one.
        let written = text(bytes)
        #expect(written.contains(#"{"double":2.5}"#))
        for bad in ["02.5", "+2.5", ".5", "2.", "2.5e", "1e400"] {
            #expect(SnapshotReader.caseState(Array(written.replacingOccurrences(of: #"{"double":2.5}"#, with: #"{"double":\#(bad)}"#).utf8)) == nil, "\(bad)")
        }
        #expect(SnapshotReader.caseState(Array(written.replacingOccurrences(of: #"{"double":2.5}"#, with: #"{"double":25e-1}"#).utf8))?.data["é"] == .double(2.5))
    }

    @Test func notANumberIsWrittenAsText() throws {
        var w = JSONWriter()
        w.storedValue(.double(.nan))
        #expect(text(w.bytes) == #"{"double":"NaN"}"#)
        var p = JSONWriter()
        p.plainValue(.list([.double(.nan), .double(-.infinity), .null]))
        #expect(text(p.bytes) == #"["NaN","-Infinity",null]"#)
    }
}

/// The canonical form behind request fingerprints: the same data in any key order is the same
/// bytes; another value, or the same number as another type, is not.
@Suite struct CanonicalDataTests {
    func map(_ entries: [(String, Value)]) -> Value {
        var m = CELMap()
        for (k, v) in entries { m.insert(.string(k), v) }
        return .map(m)
    }

    @Test func keyOrderDoesNotMatterAtAnyDepth() {
        let a: [String: Value] = ["x": .list([map([("b", .int(1)), ("a", map([("d", .bool(true)), ("c", .null)]))])])]
        let b: [String: Value] = ["x": .list([map([("a", map([("c", .null), ("d", .bool(true))])), ("b", .int(1))])])]
        #expect(JSONWriter.canonical(a) == JSONWriter.canonical(b))
        #expect(JSONWriter.canonical(["x": .int(1)]) != JSONWriter.canonical(["x": .double(1)]))
        #expect(JSONWriter.canonical(["x": .int(1)]) != JSONWriter.canonical(["x": .int(2)]))
    }
}
