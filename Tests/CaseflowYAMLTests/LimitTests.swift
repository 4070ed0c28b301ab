import CaseflowSource
import CaseflowYAML
import Testing

@Suite("Depth and size limits")
struct LimitTests {
    /// `depth` nested flow sequences around one scalar.
    static func nested(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + "x" + String(repeating: "]", count: depth) + "\n"
    }

    @Test func nestingUpToTheLimitIsAllowed() {
        #expect(root(Self.nested(64)) != nil)
        #expect(parseError(Self.nested(3), limits: YAMLLimits(maxDepth: 3)) == nil)
    }

    @Test func nestingBeyondTheLimitIsRejectedWhereItHappens() {
        let error = parseError(Self.nested(65))
        #expect(error?.kind == .tooDeep)
        #expect(error?.location == at(1, 65))
        #expect(error?.message.contains("64") == true)
    }

    @Test func blockNestingCountsToo() {
        let text = "a:\n  b:\n    c:\n      d: 1\n"
        #expect(parseError(text, limits: YAMLLimits(maxDepth: 4)) == nil)
        let error = parseError(text, limits: YAMLLimits(maxDepth: 3))
        #expect(error?.kind == .tooDeep)
        #expect(error?.location == at(4, 7))
    }

    @Test func hugeNestingFailsFast() {
        // libyaml would happily build this; the composer stops at level 65.
        let error = parseError(Self.nested(100_000), limits: YAMLLimits(maxBytes: 1 << 20))
        #expect(error?.kind == .tooDeep)
    }

    @Test func aliasCannotSmuggleDepthPastTheLimit() {
        let text = "a: &a [[[x]]]\nb: [[*a]]\n"
        // *a sits at depth 3 and holds three levels, so the document is six deep.
        #expect(parseError(text, limits: YAMLLimits(maxDepth: 6)) == nil)
        let error = parseError(text, limits: YAMLLimits(maxDepth: 5))
        #expect(error?.kind == .tooDeep)
        #expect(error?.location == at(2, 6))
    }

    @Test func textLargerThanTheLimitIsRejectedBeforeParsing() {
        let text = "k: " + String(repeating: "x", count: 100) + "\n"
        let error = parseError(text, limits: YAMLLimits(maxBytes: 50))
        #expect(error?.kind == .fileTooLarge)
        #expect(error?.location == at(1, 1))
        #expect(error?.message.contains("104 bytes") == true)
        #expect(parseError(text, limits: YAMLLimits(maxBytes: 104)) == nil)
    }

    @Test func sizeIsMeasuredInUTF8Bytes() {
        // 4 characters, 12 bytes.
        #expect(parseError("退货退款", limits: YAMLLimits(maxBytes: 11))?.kind == .fileTooLarge)
        #expect(parseError("退货退款", limits: YAMLLimits(maxBytes: 12)) == nil)
    }

    @Test func defaultsAreDocumentedValues() {
        #expect(YAMLLimits.default.maxBytes == 1_048_576)
        #expect(YAMLLimits.default.maxDepth == 64)
        #expect(YAMLLimits.default.maxAliasedNodes == 100_000)
    }
}
