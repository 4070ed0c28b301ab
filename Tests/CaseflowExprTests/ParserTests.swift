import Testing
@testable import CaseflowExpr

@Suite struct ParserTests {
    @Test(arguments: [
        ("1 +", 1, 4, "operand is missing"),
        ("a && (b || c", 1, 13, "expected ')'"),
        ("order.channel = 'online'", 1, 15, "use '=='"),
        ("x == 'unterminated", 1, 6, "unterminated string"),
        ("a &\n b", 1, 3, "use '&&'"),
        ("true &&\n  @", 2, 3, "unexpected character '@'"),
        ("items.all(1, true)", 1, 11, "must be a variable name"),
        ("var", 1, 1, "reserved word"),
        ("9223372036854775808", 1, 1, "out of range"),
        ("'a' 'b'", 1, 5, "after the end"),
    ])
    func syntaxErrorsArePlaced(source: String, line: Int, column: Int, fragment: String) {
        #expect {
            _ = try Parser.parse(source)
        } throws: { error in
            guard let e = error as? ExprError else { return false }
            return e.code == .syntax && e.position.line == line && e.position.column == column && e.message.contains(fragment)
        }
    }

    @Test func columnsCountCharactersNotBytes() throws {
        do {
            _ = try Parser.parse("'退货退款' == )")
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.position.column == 11)
        }
    }

    @Test func precedenceFollowsCEL() throws {
        #expect(try eval("1 + 2 * 3 == 7 && !false || false ? 'yes' : 'no'").stringValue == "yes")
        #expect(try eval("-2 * -3").celEquals(.int(6)))
        #expect(try eval("-9223372036854775808").celEquals(.int(.min)))
    }

    @Test func stringLiteralsDecodeEscapes() throws {
        #expect(try eval(#"'a\tb\u00e9\x41\101'"#).stringValue == "a\tbéAA")
        #expect(try eval(#"r'\n'"#).stringValue == "\\n")
        #expect(try eval("'''two\nlines'''").stringValue == "two\nlines")
    }
}
