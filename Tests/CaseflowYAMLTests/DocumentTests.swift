import CaseflowSource
import CaseflowYAML
import Testing

@Suite("Empty and single documents")
struct DocumentTests {
    @Test(arguments: ["", "\n\n", "# only a comment\n", "---\n", "--- # nothing\n...\n", "\u{FEFF}"])
    func emptyDocumentHasNoRoot(text: String) throws {
        let result = try YAML.parse(text: text, file: testFile)
        #expect(result.root == nil)
        #expect(result.problems.isEmpty)
    }

    @Test func explicitNullIsANode() throws {
        let top = try #require(try YAML.parse(text: "~\n", file: testFile).root)
        #expect(top.isNull)
        #expect(top.location == at(1, 1))
    }

    @Test func emptyQuotedStringIsANode() throws {
        let top = try #require(try YAML.parse(text: "''\n", file: testFile).root)
        #expect(top.string == "")
        #expect(!top.isNull)
    }

    @Test func topLevelScalarAndSequence() {
        #expect(root("hello\n")?.string == "hello")
        #expect(root("- a\n- b\n")?.items?.count == 2)
    }

    @Test func keyWithoutValueIsNull() {
        let top = root("a:\nb: 1\n")
        #expect(top?["a"]?.isNull == true)
        #expect(top?["a"]?.location == at(1, 3))
    }

    @Test func lookupOfMissingKeysAndWrongShapes() {
        let top = root("a: [1]\n")
        #expect(top?["missing"] == nil)
        #expect(top?["a"]?["x"] == nil)
        #expect(top?["a"]?[1] == nil)
        #expect(top?[0] == nil)
        #expect(top?.kindName == "mapping")
        #expect(top?["a"]?.kindName == "sequence")
        #expect(top?["a"]?[0]?.kindName == "scalar")
    }

    @Test func handBuiltNodesSupportLookup() {
        let here = at(1, 1)
        func scalar(_ text: String) -> YAMLNode {
            YAMLNode(location: here, kind: .scalar(YAMLScalar(value: text, style: .plain, contentStart: here)))
        }
        var node = YAMLNode(location: here, kind: .mapping([YAMLMappingEntry(key: scalar("k"), value: scalar("1"))]))
        #expect(node["k"]?.int == 1)
        node.kind = .mapping([YAMLMappingEntry(key: scalar("j"), value: scalar("2"))])
        #expect(node["k"] == nil)
        #expect(node["j"]?.int == 2)
    }

    /// Small mappings are scanned and large ones indexed; lookups must agree across the switch.
    @Test(arguments: [1, 7, 8, 9, 40])
    func keyLookupAcrossTheIndexThreshold(count: Int) throws {
        var text = ""
        for index in 0..<count { text += "k\(index): \(index)\n" }
        text += "k0: duplicate\n"
        let result = try YAML.parse(text: text, file: testFile)
        let top = try #require(result.root)
        #expect(result.problems.map(\.location) == [at(count + 1, 1)])
        for index in 0..<count {
            #expect(top["k\(index)"]?.int == index)
        }
        #expect(top["k\(count)"] == nil)
    }

    @Test(arguments: [3, 12])
    func handBuiltMappingLookupFindsTheFirstOfDuplicateKeys(count: Int) {
        let here = at(1, 1)
        func scalar(_ text: String) -> YAMLNode {
            YAMLNode(location: here, kind: .scalar(YAMLScalar(value: text, style: .plain, contentStart: here)))
        }
        var entries = (0..<count).map { YAMLMappingEntry(key: scalar("k\($0)"), value: scalar("\($0)")) }
        entries.append(YAMLMappingEntry(key: scalar("k1"), value: scalar("again")))
        let node = YAMLNode(location: here, kind: .mapping(entries))
        #expect(node["k1"]?.string == "1")
        #expect(node["k\(count - 1)"]?.int == count - 1)
    }
}
