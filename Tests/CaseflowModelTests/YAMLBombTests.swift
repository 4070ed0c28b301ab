import CaseflowModel
import Testing

/// Guards against alias bombs ("billion laughs"): the file is refused with CF003 at the alias that
/// crosses the budget, without expanding it, and the other files of the run are still checked.
@Suite("YAML alias bomb")
struct YAMLBombTests {
    /// Nine levels of ten aliases each: 10^9 nodes if expanded.
    static let bomb: String = {
        var lines = ["workflow: lol", "version: 1", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 {
            let previous = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            lines.append("a\(level): &a\(level) [\(previous)]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test("a billion laughs is refused with the alias-budget diagnostic, and other files still report")
    func billionLaughs() throws {
        let directory = try TemporaryDirectory()
        try directory.write("bomb.yaml", Self.bomb)
        try directory.write("repair.yaml", """
            workflow: repair
            version: 1
            initial: opne
            states:
              open: {final: true}

            """)
        let found = directory.found()
        #expect(found.map(\.code) == [.yamlLimit, .unknownInitial])
        let bomb = try #require(found.first)
        #expect(bomb.severity == .error)
        #expect(bomb.place.file == "bomb.yaml")
        // Expanded so far: a1…a3 add 12,330 nodes; each *a3 in a4 adds 11,111, so the eighth
        // one (line 7, column 45) crosses 100,000. The note points at the anchor &a3.
        #expect(bomb.place == .at("bomb.yaml", 7, 45))
        #expect(bomb.notes == [.at("bomb.yaml", 6, 5)])
        #expect(found.last?.place == .at("repair.yaml", 3, 10))
    }
}
