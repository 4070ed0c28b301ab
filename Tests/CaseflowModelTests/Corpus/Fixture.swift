import CaseflowModel
import Testing

/// One folder of `Fixtures/`: a small, complete set of definitions broken in one way, and every
/// diagnostic `caseflow validate` must report for it, in the order it reports them.
struct Fixture: Sendable, CustomTestStringConvertible {
    /// The folder name under `Fixtures/`.
    let folder: String
    let expected: [Found]

    init(_ folder: String, _ expected: Found...) {
        self.folder = folder
        self.expected = expected
    }

    var testDescription: String { folder }
}

/// The whole corpus, by concern.
enum Corpus {
    static let all: [Fixture] = files + shape + graph + events + rules + expressions + vocabulary
}
