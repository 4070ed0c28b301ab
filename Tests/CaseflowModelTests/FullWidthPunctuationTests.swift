import Testing
@testable import CaseflowModel

/// Full-width punctuation is a slip only where YAML needs ASCII: after a key and between the
/// items of a flow collection. In titles, comments, quoted text and block text it is Chinese.
@Suite("Full-width punctuation")
struct FullWidthPunctuationTests {
    @Test func aColonAfterAKeyIsRepairedAndReportedAtItsColumn() {
        let (text, findings) = FullWidthPunctuation.repair("states:\n  open:\n    title：待处理\n    - on： x\n")
        #expect(text == "states:\n  open:\n    title: 待处理\n    - on: x\n")
        #expect(findings.map { [$0.line, $0.column] } == [[3, 10], [4, 9]])
        #expect(findings[0].message.contains("after 'title'"))
    }

    @Test(arguments: [
        "title: 退货：七天无理由\n",                          // a value
        "# 注意：冒号\n",                                     // a comment
        "title: ok  # 备注：说明\n",                          // a trailing comment
        "- 退货：七天\n",                                     // a list item of text
        "title: \"退货：审核\"\n",                             // quoted text
        "description: >\n  note：this is text\n  a，b\nnext: 1\n",  // a folded block
        "steps: ['a，b', c]\n",                               // a comma inside a quoted item
    ])
    func textThatIsChineseIsLeftAlone(_ source: String) {
        let (text, findings) = FullWidthPunctuation.repair(source)
        #expect(findings.isEmpty)
        #expect(text == source)
    }

    @Test func aCommaInAFlowListOrMapIsRepaired() {
        let (text, findings) = FullWidthPunctuation.repair("outcomes: [fixed，not_fixed]\ndata: {a： 1，b: 2}\n")
        #expect(text == "outcomes: [fixed,not_fixed]\ndata: {a: 1,b: 2}\n")
        #expect(findings.map { [$0.line, $0.column] } == [[1, 17], [2, 9], [2, 12]])
    }

    @Test func aBlockEndsWhereTheIndentationReturns() {
        let (text, findings) = FullWidthPunctuation.repair("a: |\n  x：y\nb： 2\n")
        #expect(text == "a: |\n  x：y\nb: 2\n")
        #expect(findings.map(\.line) == [3])
    }
}
