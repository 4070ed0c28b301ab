import CaseflowSource
import CaseflowYAML
import Testing

@Suite("Node locations")
struct LocationTests {
    static let workflow = """
        workflow: return
        version: 3
        states:
          requested:
            always:
              - target: approved
                when: rules.x
              - manual_review
          denied: {final: true}
        list: [a, bb, ccc]

        """

    @Test func scalarsAndKeysHaveTheirOwnPositions() throws {
        let top = try #require(root(Self.workflow))
        #expect(top.location == at(1, 1))
        let entries = try #require(top.entries)
        #expect(entries.map(\.key.string) == ["workflow", "version", "states", "list"])
        #expect(entries.map(\.key.location) == [at(1, 1), at(2, 1), at(3, 1), at(10, 1)])
        #expect(top["workflow"]?.location == at(1, 11))
        #expect(top["version"]?.location == at(2, 10))
    }

    @Test func blockCollectionsStartAtTheirFirstKeyOrDash() {
        let top = root(Self.workflow)
        #expect(node(top, "states")?.location == at(4, 3))
        #expect(node(top, "states", "requested")?.location == at(5, 5))
        #expect(node(top, "states", "requested", "always")?.location == at(6, 7))
        #expect(node(top, "states", "requested", "always", 0)?.location == at(6, 9))
    }

    @Test func nestedScalarsInSequencesOfMappings() {
        let always = node(root(Self.workflow), "states", "requested", "always")
        #expect(node(always, 0, "target")?.location == at(6, 17))
        #expect(node(always, 0)?.entry(forKey: "when")?.key.location == at(7, 9))
        #expect(node(always, 0, "when")?.location == at(7, 15))
        #expect(node(always, 1)?.location == at(8, 9))
        #expect(node(always, 1)?.string == "manual_review")
    }

    @Test func flowCollectionsStartAtTheirBracket() {
        let top = root(Self.workflow)
        let denied = node(top, "states", "denied")
        #expect(denied?.location == at(9, 11))
        #expect(denied?.entry(forKey: "final")?.key.location == at(9, 12))
        #expect(node(denied, "final")?.location == at(9, 19))
        let list = node(top, "list")
        #expect(list?.location == at(10, 7))
        #expect(list?.items?.map(\.location) == [at(10, 8), at(10, 11), at(10, 15)])
    }

    @Test func nodesWithAnchorOrTagStartAtTheProperty() {
        let top = root("base: &b\n  x: 1\nk: !!str &c 12\n")
        #expect(node(top, "base")?.location == at(1, 7))
        #expect(node(top, "base", "x")?.location == at(2, 6))
        #expect(node(top, "k")?.location == at(3, 4))
        #expect(node(top, "k")?.scalar?.contentStart == at(3, 13))
        #expect(node(top, "k")?.tag == "tag:yaml.org,2002:str")
    }

    @Test func locationsCarryTheFileNameAndRenderForEditors() throws {
        let result = try YAML.parse(text: "a: b\n", file: "workflows/return.yaml")
        let value = try #require(result.root?["a"])
        #expect(value.location.file == "workflows/return.yaml")
        #expect(value.location.description == "workflows/return.yaml:1:4")
    }

    @Test func crlfLineBreaksCountAsOneBreak() {
        let top = root("a: 1\r\nb:\r\n  - x\r\n")
        #expect(node(top, "b")?.location == at(3, 3))
        #expect(node(top, "b", 0)?.location == at(3, 5))
    }

    @Test func byteOrderMarkDoesNotShiftTheFirstLine() {
        let top = root("\u{FEFF}a: 1\n")
        #expect(top?.entries?.first?.key.location == at(1, 1))
        #expect(node(top, "a")?.location == at(1, 4))
    }

    @Test func entriesKeepFileOrder() {
        let keys = root("z: 1\na: 2\nm: 3\nb: 4\n")?.entries?.compactMap(\.key.string)
        #expect(keys == ["z", "a", "m", "b"])
    }

    @Test func aTabCountsAsOneColumn() {
        #expect(node(root("a:\tb\n"), "a")?.location == at(1, 4))
    }

    @Test func locationsSortByFileLineAndColumn() {
        let sorted = [at(2, 1), at(1, 9), at(1, 2, file: "a.yaml"), at(1, 3)].sorted()
        #expect(sorted == [at(1, 2, file: "a.yaml"), at(1, 3), at(1, 9), at(2, 1)])
    }
}
