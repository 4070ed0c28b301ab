import CaseflowSource
import CaseflowYAML
import Testing

@Suite("Large files")
struct PerformanceTests {
    /// A generated workflow with `count` states of ten lines each, after five
    /// header lines: 10,000 states make about 100,000 lines.
    static func workflow(states count: Int) -> String {
        var text = "workflow: generated\nversion: 1\ntitle: 生成的流程 generated\ninitial: s0\nstates:\n"
        for index in 0..<count {
            text += """
                  s\(index):
                    entry:
                      - task: review_\(index)
                        queue: desk
                        due: "customer.tier == 'vip' ? duration('4h') : duration('24h')"
                    on:
                      approve: s\(index + 1)
                      deny: {target: denied, set: {decision.reason: "'no'"}}
                    after:
                      - {delay: 48h, target: escalated}

                """
        }
        return text
    }

    // Speed is measured by `caseflow-bench`, not asserted here; this checks a large file's positions.
    @Test func tenThousandStatesParseWithCorrectPositions() throws {
        let text = Self.workflow(states: 10_000)
        let limits = YAMLLimits(maxBytes: 16 << 20)
        var parsed: YAMLParseResult?
        // A path too long for Swift's inline small strings, as real paths are.
        let file = "workflows/generated/ten-thousand-states.yaml"
        parsed = try YAML.parse(text: text, file: file, limits: limits)
        let result = try #require(parsed)
        #expect(result.problems.isEmpty)
        let states = try #require(result.root?["states"])
        #expect(states.entries?.count == 10_000)
        let last = try #require(states["s9999"])
        let keyLine = 6 + 9_999 * 10
        #expect(states.entry(forKey: "s9999")?.key.location == at(keyLine, 3, file: file))
        #expect(last["on"]?["approve"]?.string == "s10000")
        #expect(last["entry"]?[0]?["due"]?.scalar?.contentStart == at(keyLine + 4, 15, file: file))
    }

    @Test func duplicateDetectionIsNotQuadratic() throws {
        // 20,000 distinct keys, then one duplicate of the first.
        var text = ""
        for index in 0..<20_000 { text += "k\(index): \(index)\n" }
        text += "k0: again\n"
        let result = try YAML.parse(text: text, file: testFile)
        #expect(result.problems.map(\.location) == [at(20_001, 1)])
        #expect(result.problems.first?.notes.first?.location == at(1, 1))
    }
}
