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

    @Test(.timeLimit(.minutes(1)))
    func tenThousandStatesParseQuicklyWithCorrectPositions() throws {
        let text = Self.workflow(states: 10_000)
        let limits = YAMLLimits(maxBytes: 16 << 20)
        let clock = ContinuousClock()
        var parsed: YAMLParseResult?
        // A path too long for Swift's inline small strings, as real paths are.
        let file = "workflows/generated/ten-thousand-states.yaml"
        let elapsed = try clock.measure { parsed = try YAML.parse(text: text, file: file, limits: limits) }
        let result = try #require(parsed)
        #expect(result.problems.isEmpty)
        let states = try #require(result.root?["states"])
        #expect(states.entries?.count == 10_000)
        let last = try #require(states["s9999"])
        let keyLine = 6 + 9_999 * 10
        #expect(states.entry(forKey: "s9999")?.key.location == at(keyLine, 3, file: file))
        #expect(last["on"]?["approve"]?.string == "s10000")
        #expect(last["entry"]?[0]?["due"]?.scalar?.contentStart == at(keyLine + 4, 15, file: file))
        // Generous for a loaded 2-core CI machine; a quiet one takes about 0.5 s in a debug build.
        #expect(elapsed < .seconds(5))
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
