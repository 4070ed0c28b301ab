import CaseflowModel
import Foundation
import Testing

/// Guards every diagnostic the validator can produce: for each broken fixture under `Fixtures/`,
/// the exact code, severity, file, line, column, suggestion and note places — and nothing else.
@Suite("Fixture corpus")
struct FixtureCorpusTests {
    @Test("each broken fixture reports exactly its problems", arguments: Corpus.all)
    func fixture(_ fixture: Fixture) throws {
        let directory = try TemporaryDirectory(copying: PackagePaths.fixtures.appendingPathComponent(fixture.folder))
        #expect(directory.found() == fixture.expected)
    }

    @Test("every fixture folder is in the corpus, and every corpus entry has a folder")
    func foldersMatchCorpus() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: PackagePaths.fixtures.path)
            .filter { !$0.hasPrefix(".") }
        #expect(Set(folders) == Set(Corpus.all.map(\.folder)))
        #expect(Corpus.all.count == Set(Corpus.all.map(\.folder)).count, "a folder is listed twice")
    }

    /// Codes tested outside the corpus, because they need files no fixture folder can hold.
    static let testedElsewhere: [DiagnosticCode: String] = [
        .unreadableFile: "FileProblemTests (missing path, non-UTF-8 bytes)",
        .calendarYearMissing: "CalendarYearTests (depends on the date the check is made for)",
    ]

    /// Codes no check emits yet; each is a finding to fix, after which it gets a fixture.
    static let notEmitted: Set<DiagnosticCode> = []

    @Test("the corpus covers every diagnostic code the validator can produce")
    func coversEveryCode() {
        let covered = Set(Corpus.all.flatMap { $0.expected.map(\.code) })
            .union(Self.testedElsewhere.keys)
        let missing = Set(DiagnosticCode.all).subtracting(covered).subtracting(Self.notEmitted)
        #expect(missing.isEmpty, "no fixture for \(missing.map(\.id).sorted())")
    }
}
