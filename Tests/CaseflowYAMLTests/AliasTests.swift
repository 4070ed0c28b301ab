import CaseflowSource
import CaseflowYAML
import Testing

@Suite("Anchors, aliases and the expansion budget")
struct AliasTests {
    @Test func aliasGetsTheAnchoredContent() throws {
        let top = try #require(root("""
            defaults: &d
              queue: returns_desk
              due: 24h
            a: *d
            b: [*d, *d]

            """))
        #expect(top["a"]?["queue"]?.string == "returns_desk")
        #expect(top["a"]?.entries?.count == 2)
        #expect(top["b"]?[1]?["due"]?.string == "24h")
        #expect(top["a"]?.kind == top["defaults"]?.kind)
    }

    @Test func aliasNodeIsLocatedAtTheAliasAndItsContentAtTheAnchor() {
        let top = root("defaults: &d\n  queue: q\na: *d\ns: &s \"x\"\nt: *s\n")
        #expect(top?["a"]?.location == at(3, 4))
        #expect(top?["a"]?["queue"]?.location == at(2, 10))
        #expect(top?["t"]?.location == at(5, 4))
        #expect(top?["t"]?.scalar?.contentStart == at(4, 8))
    }

    @Test func anchorsCanBeRedefined() {
        let top = root("a: &x 1\nb: *x\nc: &x 2\nd: *x\n")
        #expect(top?["b"]?.int == 1)
        #expect(top?["d"]?.int == 2)
    }

    @Test func unknownAliasIsAnErrorAtTheAlias() {
        let error = parseError("a: 1\nb: *missing\n")
        #expect(error?.kind == .unknownAlias)
        #expect(error?.location == at(2, 4))
        #expect(error?.message.contains("*missing") == true)
    }

    @Test func aliasToItsOwnEnclosingNodeIsRejected() {
        let error = parseError("a: &loop\n  b: *loop\n")
        #expect(error?.kind == .unknownAlias)
        #expect(error?.location == at(2, 6))
        #expect(error?.notes.first?.location == at(1, 4))
        #expect(error?.message.contains("recursive") == true)
    }

    /// The classic "billion laughs": 9^9 strings if expanded.
    static let billionLaughs: String = {
        var lines = ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            let refs = Array(repeating: "*\(previous)", count: 9).joined(separator: ",")
            lines.append("\(name): &\(name) [\(refs)]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    /// Failing at line 6, at the first alias past the budget, shows the bomb was never expanded.
    @Test func billionLaughsFailsFastWithTheBudgetError() throws {
        let error = try #require(parseError(Self.billionLaughs))
        #expect(error.kind == .aliasBudgetExceeded)
        // e expands to 66,430 nodes; the first *e inside f pushes the total past 100,000.
        #expect(error.location.line == 6)
        #expect(error.message.contains("100000"))
    }

    @Test func budgetIsConfigurable() {
        let text = "a: &a [1, 2, 3]\nb: [*a, *a]\n"   // each alias adds 4 nodes
        #expect(parseError(text, limits: YAMLLimits(maxAliasedNodes: 8)) == nil)
        let error = parseError(text, limits: YAMLLimits(maxAliasedNodes: 7))
        #expect(error?.kind == .aliasBudgetExceeded)
        #expect(error?.location == at(2, 9))
        #expect(error?.notes.first?.location == at(1, 4))
    }

    @Test func nestedAliasesCountTheirExpandedSize() {
        // *b stands for b's 1 + 2 * 4 = 9 nodes, so two of them add 18 plus b's own 8.
        let text = "a: &a [1, 2, 3]\nb: &b [*a, *a]\nc: [*b, *b]\n"
        #expect(parseError(text, limits: YAMLLimits(maxAliasedNodes: 26)) == nil)
        #expect(parseError(text, limits: YAMLLimits(maxAliasedNodes: 25))?.kind == .aliasBudgetExceeded)
    }

    @Test func anUnlimitedBudgetDoesNotOverflowTheCount() throws {
        // 40 levels of 9 aliases each would count 9^40 nodes, far past Int.max.
        var lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
        for level in 1...40 {
            let refs = Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ")
            lines.append("l\(level): &l\(level) [\(refs)]")
        }
        let limits = YAMLLimits(maxAliasedNodes: .max)
        let top = try #require(try YAML.parse(text: lines.joined(separator: "\n"), file: testFile, limits: limits).root)
        #expect(top["l40"]?[8]?[8]?.items?.count == 9)
    }
}
