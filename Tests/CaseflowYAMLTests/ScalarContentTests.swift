import CaseflowSource
import CaseflowYAML
import Testing

@Suite("Scalar styles and where their content starts")
struct ScalarContentTests {
    @Test func plainScalarContentStartsAtTheNode() {
        let scalar = root("when: rules.seven_day_return\n")?["when"]?.scalar
        #expect(scalar?.style == .plain)
        #expect(scalar?.contentStart == at(1, 7))
    }

    @Test func quotedScalarsStartOneColumnAfterTheQuote() {
        let top = root("a: \"customer.tier == 'vip'\"\nb:   'it''s'\n")
        #expect(top?["a"]?.location == at(1, 4))
        #expect(top?["a"]?.scalar?.contentStart == at(1, 5))
        #expect(top?["a"]?.scalar?.style == .doubleQuoted)
        #expect(top?["b"]?.scalar?.contentStart == at(2, 7))
        #expect(top?["b"]?.scalar?.style == .singleQuoted)
        #expect(top?["b"]?.string == "it's")
    }

    @Test func anchoredQuotedScalarStartsAfterAnchorAndQuote() {
        let top = root("a: &x \"v\"\n")
        #expect(top?["a"]?.location == at(1, 4))
        #expect(top?["a"]?.scalar?.contentStart == at(1, 8))
    }

    @Test func literalBlockStartsOnTheNextLineAtItsIndentation() {
        let text = "rules:\n  r:\n    when: |  # comment\n      a &&\n        b\n"
        let scalar = node(root(text), "rules", "r", "when")?.scalar
        #expect(scalar?.style == .literal)
        #expect(scalar?.value == "a &&\n  b\n")
        #expect(node(root(text), "rules", "r", "when")?.location == at(3, 11))
        #expect(scalar?.contentStart == at(4, 7))
    }

    @Test func foldedBlockStartsOnTheNextLineAtItsIndentation() {
        let scalar = root("when: >-\n   order.channel == 'online'\n   && true\n")?["when"]?.scalar
        #expect(scalar?.style == .folded)
        #expect(scalar?.value == "order.channel == 'online' && true")
        #expect(scalar?.contentStart == at(2, 4))
    }

    @Test func leadingEmptyLinesBelongToTheContent() {
        // Value line n is file line contentStart.line + n, so the empty first line counts.
        let scalar = root("k: |\n\n  x\n")?["k"]?.scalar
        #expect(scalar?.value == "\nx\n")
        #expect(scalar?.contentStart == at(2, 3))
    }

    @Test func explicitIndentationIndicatorIsHonoured() {
        let scalar = root("k: |2\n    x\n")?["k"]?.scalar
        #expect(scalar?.value == "  x\n")
        #expect(scalar?.contentStart == at(2, 3))
    }

    @Test func blockScalarInSequence() {
        let scalar = root("- |\n  one\n- x\n")?[0]?.scalar
        #expect(scalar?.value == "one\n")
        #expect(scalar?.contentStart == at(2, 3))
    }

    @Test func emptyBlockScalarContentStartIsItsIndicator() {
        let scalar = root("k: |\nnext: 1\n")?["k"]?.scalar
        #expect(scalar?.value == "")
        #expect(scalar?.contentStart == at(1, 4))
    }

    @Test func explicitIndentationUnderAnAnchoredMapping() {
        // The mapping's indentation is that of "r" (2), not of "&b"; |1 makes the block 3 deep.
        let scalar = root("base: &b\n  r: |1\n    x\n")?["base"]?["r"]?.scalar
        #expect(scalar?.value == " x\n")
        #expect(scalar?.contentStart == at(3, 4))
    }

    @Test func blockScalarInACRLFFile() {
        let scalar = root("a: 1\r\nk: |\r\n  one\r\n  two\r\n")?["k"]?.scalar
        #expect(scalar?.value == "one\ntwo\n")
        #expect(scalar?.contentStart == at(3, 3))
    }

    @Test func unicodeLineSeparatorCountsAsALineBreakLikeLibyaml() {
        // libyaml breaks lines at U+2028; the block scalar's content line must agree with it.
        let top = root("a: \"x\u{2028}y\"\nk: |\n  z\n")
        #expect(top?["k"]?.location == at(3, 4))
        #expect(top?["k"]?.scalar?.contentStart == at(4, 3))
    }
}
