import CaseflowModel
import Testing

/// Guards validation of a very large workflow: a generated chain of 10,000 states validates
/// clean, and one typo deep inside it is found at its own line. (Speed is measured by the
/// benchmarks, never asserted here.)
@Suite("A 10,000-state workflow")
struct LargeWorkflowTests {
    static let count = 10_000
    static let header = """
        workflow: chain
        version: 1
        case:
          c: {type: int, default: 0}
        events:
          cancel: {}
        initial: s0
        states:
        """

    /// State `i` opens task `t` with outcomes `n` (to the next state, guarded) and `k` (skipping
    /// one), so a broken `n` target leaves every state reachable. One flow line per state keeps
    /// the file under the 1 MiB size limit.
    static func chain(typoAt broken: Int? = nil) -> String {
        var lines = [header]
        lines.reserveCapacity(count + 4)
        func name(_ i: Int) -> String { i < count ? "s\(i)" : "done" }
        for i in 0..<count {
            let next = i == broken ? "s\(i + 1)x" : name(i + 1)
            lines.append("  s\(i): {entry: [{task: t, outcomes: [n, k]}], on: {n: {target: \(next), when: c < 5}, k: \(name(i + 2))}}")
        }
        lines.append("  done: {final: true}")
        lines.append("on:\n  cancel: done\n")
        return lines.joined(separator: "\n")
    }

    @Test("the generated chain validates with no errors and no warnings")
    func clean() throws {
        let text = Self.chain()
        #expect(text.utf8.count < DefinitionLoader().limits.maxBytes)
        let directory = try TemporaryDirectory()
        try directory.write("chain.yaml", text)
        let report = directory.check()
        #expect(report.diagnostics.map(\.description) == [])
        #expect(report.definitions.workflow("chain")?.states.count == Self.count + 1)
    }

    @Test("a typo in the target of state 5000 is found at its line")
    func typoDeepInside() throws {
        let text = Self.chain(typoAt: 5000)
        let directory = try TemporaryDirectory()
        try directory.write("chain.yaml", text)
        let place = try #require(locate("target: s5001x", in: text, file: "chain.yaml"))
        // The header's 8 lines, then one line per state: s5000 is on line 8 + 5000 + 1.
        #expect(place.line == 5009)
        #expect(directory.found() == [
            .error(.unknownTarget, "chain.yaml", place.line, place.column + "target: ".count, suggestion: "s5001"),
        ])
    }
}
