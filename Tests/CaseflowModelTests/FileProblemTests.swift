import CaseflowModel
import Foundation
import Testing

/// Guards files that cannot be read as definitions — a missing path, bytes that are not UTF-8,
/// a file over the size limit — each reported at line 1, column 1, without stopping the run.
@Suite("Unreadable and oversized files")
struct FileProblemTests {
    /// A file with one known problem, so each test can see the run went on.
    static let broken = """
        workflow: repair
        version: 1
        initial: opne
        states:
          open: {final: true}

        """

    @Test("a path that does not exist is CF004, and the other paths are still checked")
    func missingPath() throws {
        let directory = try TemporaryDirectory()
        let good = try directory.write("repair.yaml", Self.broken)
        let missing = directory.path + "/workflows"
        let report = DefinitionCheck.run(paths: [missing, good])
        #expect(report.diagnostics.map(\.code) == [.unknownInitial, .unreadableFile])
        let unreadable = try #require(report.diagnostics.last)
        #expect(unreadable.location.file == missing)
        #expect((unreadable.location.line, unreadable.location.column) == (1, 1))
    }

    @Test("a file that is not UTF-8 is CF004, and the other files are still checked")
    func notUTF8() throws {
        let directory = try TemporaryDirectory()
        // "réparation" saved as Latin-1: é is the lone byte 0xE9.
        try directory.write("latin1.yaml", bytes: Data("workflow: r".utf8) + Data([0xE9]) + Data("paration\n".utf8))
        try directory.write("repair.yaml", Self.broken)
        #expect(directory.found().map(\.description) == [
            "latin1.yaml:1:12: error[CF004]",
            "repair.yaml:3:10: error[CF207] did you mean 'open'",
        ])
    }

    @Test("a file over the size limit is CF003, and the other files are still checked")
    func tooLarge() throws {
        let directory = try TemporaryDirectory()
        let comment = "# " + String(repeating: "x", count: 78) + "\n"
        let lines = DefinitionLoader().limits.maxBytes / comment.utf8.count + 1
        try directory.write("huge.yaml", String(repeating: comment, count: lines))
        try directory.write("repair.yaml", Self.broken)
        #expect(directory.found().map(\.description) == [
            "huge.yaml:1:1: error[CF003]",
            "repair.yaml:3:10: error[CF207] did you mean 'open'",
        ])
    }
}
