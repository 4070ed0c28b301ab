import CaseflowSource
import CaseflowModel
import CaseflowYAML
import Testing

/// Guards the GitHub Actions format: one `::error` or `::warning` workflow command per
/// diagnostic with file, line, col and title, and the message escaped as the syntax requires.
@Suite("GitHub Actions output")
struct GitHubRendererTests {
    @Test("one command per diagnostic, with file, line and col")
    func commands() throws {
        let directory = try TemporaryDirectory()
        let (output, path) = try RenderSample.render(.github, in: directory)
        #expect(output == """
            ::warning file=\(path),line=14,col=11,title=CF209 shadowed-transition::this transition of 'approve' in state 'open' is never taken: the one before it has no 'when' and always matches; move it up or add a condition
            ::error file=\(path),line=16,col=13,title=CF201 unknown-target::transition to unknown state 'deniedd' (did you mean 'denied'?)

            """)
    }

    @Test("percent signs, line breaks, and commas and colons in properties are escaped")
    func escaping() {
        let location = SourceLocation(file: "C:/flows,v2/return.yaml", line: 2, column: 5)
        let output = DiagnosticFormat.github.render([Diagnostic(.unknownKey, at: location, "unknown key '50%'\nsecond line")],
                                                    files: [:], fileCount: 1)
        #expect(output == "::error file=C%3A/flows%2Cv2/return.yaml,line=2,col=5,title=CF101 unknown-key::unknown key '50%25'%0Asecond line\n")
    }
}
