import CaseflowModel
import Testing

/// Guards columns on lines with Chinese text: a column counts characters (Unicode scalars), not
/// UTF-8 bytes or UTF-16 units, whether the Chinese is before the error on the same line, on
/// earlier lines, or inside the expression itself.
@Suite("Columns after Chinese text")
struct UnicodeColumnTests {
    /// A file with one problem, and the text on its line that the diagnostic must point at.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var files: [String: String]
        var code: DiagnosticCode
        var file: String
        var line: Int
        /// The problem's text; its first character is the expected column.
        var needle: String
        var testDescription: String { name }
    }

    static let rules = """
        ruleset: cn/returns
        source: 网络购买商品七日无理由退货暂行办法
        fields:
          order.channel: string
          product.category: string
        rules:

        """

    static let cases: [Case] = [
        Case(name: "state title before a bad target on the same line", files: ["repair.yaml": """
            workflow: repair
            version: 1
            title: 退货退款 Return and refund
            initial: open
            states:
              open: {title: 待审核 Waiting, entry: [{task: review, outcomes: [ok]}], on: {ok: dnoe}, after: [{delay: 72h, target: done}]}
              done: {final: true, title: 已完成}
            """], code: .unknownTarget, file: "repair.yaml", line: 6, needle: "dnoe"),
        Case(name: "rule title and basis on earlier lines, then a when", files: ["returns.yaml": rules + """
              excluded_by_nature:
                title: 不适用无理由退货的商品
                basis: 暂行办法第六条
                when: product.categry in ["customized", "fresh"]
            """], code: .unknownField, file: "returns.yaml", line: 10, needle: "product.categry"),
        Case(name: "Chinese string literal inside the expression", files: ["returns.yaml": rules + """
              phone_online:
                when: product.category == '手机' && order.chanel == 'online'
            """], code: .unknownField, file: "returns.yaml", line: 8, needle: "order.chanel"),
        Case(name: "title and Chinese literal in a one-line flow mapping", files: ["returns.yaml": rules + """
              phone_online: {title: 手机网购, when: "product.category == '手机' && order.chanel == 'online'"}
            """], code: .unknownField, file: "returns.yaml", line: 7, needle: "order.chanel"),
        Case(name: "Chinese on the first line of a folded block", files: ["returns.yaml": rules + """
              fresh_online:
                title: 生鲜网购
                when: >
                  product.category in ["生鲜", "定制"]
                  && order.chanel == "online"
            """], code: .unknownField, file: "returns.yaml", line: 11, needle: "order.chanel"),
        Case(name: "a character outside the BMP counts once", files: ["repair.yaml": """
            workflow: repair
            version: 1
            initial: open
            states:
              open: {title: 𠮷野家 pickup, entry: [{task: review, outcomes: [ok]}], on: {ok: dnoe}, after: [{delay: 72h, target: done}]}
              done: {final: true}
            """], code: .unknownTarget, file: "repair.yaml", line: 5, needle: "dnoe"),
    ]

    @Test("the column counts characters", arguments: cases)
    func column(_ c: Case) throws {
        let directory = try TemporaryDirectory()
        for (name, text) in c.files { try directory.write(name, text + "\n") }
        let lines = try #require(c.files[c.file]).split(separator: "\n", omittingEmptySubsequences: false)
        let lineText = try #require(lines.dropFirst(c.line - 1).first)
        let prefix = try #require(lineText.range(of: c.needle).map { lineText[..<$0.lowerBound] })
        let column = prefix.unicodeScalars.count + 1
        // Chinese text really comes before the problem, or the case proves nothing.
        let before = lines.prefix(c.line - 1).joined(separator: "\n") + prefix
        #expect(before.unicodeScalars.contains { !$0.isASCII })

        let found = directory.found()
        #expect(found.map(\.code) == [c.code])
        #expect(found.map(\.severity) == [.error])
        #expect(found.map(\.place) == [.at(c.file, c.line, column)])
    }
}
