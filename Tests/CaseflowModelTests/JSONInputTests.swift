import Testing
import CaseflowExpr
@testable import CaseflowModel

/// Request bodies: the direct reader and the general one give the same values, and what the
/// direct reader does not handle goes the general way.
@Suite struct JSONInputTests {
    static let bodies: [String] = [
        #"{"workflow":"return","id":"R-1","data":{"customer.id":"C-1","order.total":129,"vip":true,"note":null}}"#,
        #"  { "type" : "goods_received" , "id": "e-1", "data": {"received_at": "2026-03-11T10:00:00+08:00"} }  "#,
        #"{"a":[1,-2,0,9223372036854775807,-9223372036854775808,[],{},[{"x":[true,false,null]}]]}"#,
        #"{"s":"quote \" backslash \\ slash \/ tab \t newline \n \u00e9 \u4e2d \u0001 退货"}"#,
        #"{"z":1,"a":2,"M":3,"é":4}"#,
        #"{}"#,
        // The general way: fractions, exponents, big integers, surrogate pairs.
        #"{"price":12.5,"rate":1e3,"tiny":-0.0}"#,
        #"{"big":18446744073709551615}"#,
        #"{"emoji":"\ud83c\udf89"}"#,
    ]

    /// A key given twice is refused with its place, by both readers (the direct one declines).
    @Test(arguments: [#"{"a":1,"a":2}"#, #"{"data":{"x":1,"y":{"z":2,"z":3}}}"#])
    func repeatedKeysAreRefused(_ body: String) {
        #expect(FastJSONReader.read(Array(body.utf8)) == nil)
        do {
            _ = try JSONInput.object(Array(body.utf8))
            Issue.record("\(body) was accepted")
        } catch {
            #expect(error.message.contains("duplicate key at line 1"), "\(error.message)")
        }
    }

    @Test(arguments: bodies) func bothReadersAgree(_ body: String) throws {
        let bytes = Array(body.utf8)
        let general = try JSONInput.general(bytes)
        if let fast = FastJSONReader.read(bytes) {
            #expect(fast == general, "fast \(fast) vs general \(general)")
        }
        #expect(try JSONInput.object(bytes) == { if case .map(let m) = general { Dictionary(uniqueKeysWithValues: m.entries.compactMap { e in e.key.value.stringValue.map { ($0, e.value) } }) } else { [:] } }())
    }

    @Test func theDirectReaderTakesTheCommonBodies() {
        for body in Self.bodies.prefix(6) {
            #expect(FastJSONReader.read(Array(body.utf8)) != nil, "\(body)")
        }
        for body in Self.bodies.dropFirst(6) {
            #expect(FastJSONReader.read(Array(body.utf8)) == nil, "\(body)")
        }
    }

    @Test(arguments: [
        (#"{"a":1 "b":2}"#, "malformed JSON"),
        (#"{"a":01}"#, "the number at 'a' cannot be read"),
        (#"{"a":"x"#, "malformed JSON"),
        (#"[1,2]"#, "the body must be a JSON object"),
        (#"{"a":tru}"#, "malformed JSON"),
    ]) func badBodiesAreRefusedWithTheGeneralMessages(_ body: String, _ start: String) {
        #expect(FastJSONReader.read(Array(body.utf8)) == nil || body.hasPrefix("["))
        do {
            _ = try JSONInput.object(Array(body.utf8))
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.message.hasPrefix(start), "\(error.message)")
        }
    }
}
