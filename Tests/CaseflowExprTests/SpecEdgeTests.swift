import Testing
@testable import CaseflowExpr

/// Parts of the current cel-spec beyond the conformance data the project ships: quoted field
/// names, unsigned zone offsets, the int64-nanosecond range of durations, dotted type names.
@Suite struct SpecEdgeTests {
    @Test func aQuotedFieldNameSelectsAMapKeyThatIsNoIdentifier() throws {
        #expect(try eval("{'content-type': 'application/json'}.`content-type` == 'application/json'").boolValue == true)
        #expect(try eval("{'foo.txt': 32}.`foo.txt`").celEquals(.int(32)))
        #expect(try eval("has({'/api/v1': true}.`/api/v2`)").boolValue == false)
        #expect(try eval("has({'/api/v1': true}.`/api/v1`)").boolValue == true)
    }

    @Test func aQuotedFieldIsNeverPartOfAVariablesDottedName() throws {
        // `a.b.c` is a declared variable; a.`b.c` is key 'b.c' of the map `a`.
        var env = Environment()
        env.declare("a.b.c", type: .int)
        env.declare("a", type: .map(.string, .int))
        let program = try Program("a.`b.c`", in: env)
        let map = try #require(CELMap(entries: [(.string("b.c"), .int(2))]))
        let value = try program.evaluate(Bindings(env, ["a.b.c": .int(1), "a": .map(map)]))
        #expect(value.celEquals(.int(2)))
        #expect(try Parser.parse("m.`content-type`").description == "m.`content-type`")
    }

    @Test(arguments: [
        ("x.`a-b`()", "cannot be called"),
        ("`a`", "may only follow a '.'"),
        ("m.`a", "not closed"),
        ("m.``", "cannot be empty"),
        ("m.`a\"b`", "cannot appear in a quoted field name"),
    ])
    func badQuotedNamesAreSyntaxErrors(_ source: String, _ message: String) {
        do {
            _ = try Parser.parse(source)
            Issue.record("\(source) parsed")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func aZoneOffsetMayOmitItsSign() throws {
        #expect(try eval("timestamp('2009-02-13T23:31:30Z').getHours('02:00')").celEquals(.int(1)))
        #expect(try eval("timestamp('2009-02-13T23:31:30Z').getHours('-02:30')").celEquals(.int(21)))
        #expect(throws: EvalError.self) { try eval("timestamp('2009-02-13T23:31:30Z').getHours('2:00')") }
    }

    @Test func durationsStayWithinInt64Nanoseconds() throws {
        #expect(throws: EvalError.self) { try eval("timestamp('9999-12-31T23:59:59Z') - timestamp('0001-01-01T00:00:00Z')") }
        #expect(throws: EvalError.self) { try eval("duration('3000000h')") }
        #expect(try eval("timestamp('2200-01-01T00:00:00Z') - timestamp('2000-01-01T00:00:00Z') > duration('1000000h')").boolValue == true)
    }

    @Test func protobufTypeNamesAreTheTimeTypes() throws {
        #expect(try eval("google.protobuf.Timestamp == type(timestamp('2009-02-13T23:31:30Z'))").boolValue == true)
        #expect(try eval("google.protobuf.Duration == type(duration('1s'))").boolValue == true)
        #expect(try check("google.protobuf.Duration == type(duration('1s'))", [:]).isEmpty)
    }
}
