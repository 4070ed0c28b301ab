import CaseflowModel
import Testing

/// Chains as long as a 1 MiB file can hold are checked with stacks of the validator's own, not
/// the thread's: 15,000 states linked by `always` and 15,000 rules that each read the next
/// used to overflow the stack of `caseflow validate` and of a daemon's reload.
@Suite("Long chains of states and rules")
struct LongChainTests {
    static let length = 15_000

    @Test func alwaysChainOfFifteenThousandStates() throws {
        var text = "workflow: chain\nversion: 1\ninitial: s0\nstates:\n"
        for i in 0..<Self.length { text += "  s\(i): {always: [{target: s\(i + 1)}]}\n" }
        text += "  s\(Self.length): {final: true}\n"
        let directory = try TemporaryDirectory()
        _ = try directory.write("chain.yaml", text)
        #expect(directory.check().diagnostics.filter { $0.severity == .error }.map(\.message) == [])

        // Closed into a loop, it is found once, at the edge that closes it.
        let looped = text.replacingOccurrences(of: "  s\(Self.length): {final: true}\n", with: "  s\(Self.length): {always: [{target: s0}]}\n  end: {final: true}\n")
        _ = try directory.write("chain.yaml", looped)
        let loops = directory.check().diagnostics.filter { $0.code == .alwaysLoop }
        #expect(loops.count == 1)
        #expect(loops.first?.location.line == Self.length + 5)
    }

    /// Each of 5,000 states loops back to the first: 5,000 cycles, of which ten are reported,
    /// each message shortened, in time that grows with the file.
    @Test func manyCyclesAreReportedAFew() throws {
        var text = "workflow: loops\nversion: 1\ninitial: s0\nstates:\n"
        for i in 0..<5_000 { text += "  s\(i): {always: [{target: s\(i + 1), when: 'now > now'}, {target: s0}]}\n" }
        text += "  s5000: {final: true}\n"
        let directory = try TemporaryDirectory()
        _ = try directory.write("loops.yaml", text)
        let loops = directory.check().diagnostics.filter { $0.code == .alwaysLoop }
        #expect(loops.count == 10)
        #expect(loops.allSatisfy { $0.message.count < 400 }, "\(loops.first?.message ?? "")")
        #expect(loops.contains { $0.message.contains("more) …") })
    }

    @Test func ruleChainOfFifteenThousandRules() throws {
        var text = "ruleset: x/chain\nfields: {a.b: string}\nrules:\n"
        for i in 0..<Self.length { text += "  r\(i): {title: t, basis: b, when: rules.r\(i + 1)}\n" }
        text += "  r\(Self.length): {title: t, basis: b, when: \"a.b == 'x'\"}\n"
        let directory = try TemporaryDirectory()
        _ = try directory.write("rules.yaml", text)
        let errors = directory.check().diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.code) == [.ruleChainTooLong])
        #expect(errors.first?.message.contains("chain of \(Self.length + 1) rules") == true)
    }
}
