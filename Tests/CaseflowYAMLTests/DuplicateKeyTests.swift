import CaseflowSource
import CaseflowYAML
import Testing

@Suite("Duplicate and merge keys are collected, not thrown")
struct DuplicateKeyTests {
    static let text = """
        states:
          approved: {final: true}
          denied: {final: true}
          approved:
            on: {x: y}
        title: a
        title: b

        """

    @Test func reportsTheDuplicateAndTheFirstOccurrence() throws {
        let result = try YAML.parse(text: Self.text, file: testFile)
        #expect(result.problems.count == 2)
        let first = try #require(result.problems.first)
        #expect(first.kind == .duplicateKey)
        #expect(first.location == at(4, 3))
        #expect(first.notes.map(\.location) == [at(2, 3)])
        #expect(first.message.contains("\"approved\""))
        #expect(first.message.contains("line 2, column 3"))
        #expect(first.description.contains("t.yaml:4:3: error: duplicate key \"approved\""))
        #expect(first.description.contains("t.yaml:2:3: note: \"approved\" is first defined here"))
    }

    @Test func collectsEveryDuplicateInOneRun() throws {
        let result = try YAML.parse(text: Self.text, file: testFile)
        #expect(result.problems.map(\.location) == [at(4, 3), at(7, 1)])
        #expect(result.problems.last?.notes.first?.location == at(6, 1))
    }

    @Test func treeKeepsTheFirstEntry() throws {
        let top = try #require(try YAML.parse(text: Self.text, file: testFile).root)
        #expect(top["states"]?.entries?.compactMap(\.key.string) == ["approved", "denied"])
        #expect(top["states"]?["approved"]?["final"]?.bool == true)
        #expect(top["title"]?.string == "a")
    }

    @Test func keysInDifferentMappingsDoNotClash() throws {
        let result = try YAML.parse(text: "a: {x: 1}\nb: {x: 2}\nx: 3\n", file: testFile)
        #expect(result.problems.isEmpty)
    }

    @Test func quotedAndPlainSpellingsOfTheSameKeyClash() throws {
        let result = try YAML.parse(text: "on: 1\n\"on\": 2\n", file: testFile)
        #expect(result.problems.map(\.kind) == [.duplicateKey])
        #expect(result.problems.first?.location == at(2, 1))
    }

    @Test func duplicatesInAFlowMappingAreFound() throws {
        let result = try YAML.parse(text: "{a: 1, b: 2, a: 3}\n", file: testFile)
        #expect(result.problems.first?.location == at(1, 14))
        #expect(result.problems.first?.notes.first?.location == at(1, 2))
    }

    @Test func mergeKeysAreRejectedWithAHint() throws {
        let result = try YAML.parse(text: "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n", file: testFile)
        #expect(result.problems.map(\.kind) == [.mergeKey])
        #expect(result.problems.first?.location == at(3, 3))
        #expect(result.problems.first?.message.contains("not supported") == true)
        #expect(result.root?["other"]?.entries?.compactMap(\.key.string) == ["y"])
    }

    @Test func aQuotedMergeKeyIsAnOrdinaryKey() throws {
        let result = try YAML.parse(text: "\"<<\": 1\n", file: testFile)
        #expect(result.problems.isEmpty)
        #expect(result.root?["<<"]?.int == 1)
    }
}
