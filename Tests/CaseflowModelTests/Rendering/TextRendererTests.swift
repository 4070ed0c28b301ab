import CaseflowSource
import CaseflowModel
import CaseflowYAML
import Testing

/// Guards the text format of `caseflow validate`: `path:line:col: severity[CODE]: message`, the
/// source line with a caret under the column, notes the same way, and the closing count line.
@Suite("Text output")
struct TextRendererTests {
    @Test("headline, source line, caret, note and count, exactly")
    func golden() throws {
        let directory = try TemporaryDirectory()
        let (output, path) = try RenderSample.render(.text, in: directory)
        #expect(output == """
            \(path):14:11: warning[CF209]: this transition of 'approve' in state 'open' is never taken: the one before it has no 'when' and always matches; move it up or add a condition
             14 |         - target: express
                |           ^
            \(path):13:11: note: the unconditional transition
             13 |         - target: queued
                |           ^
            \(path):16:13: error[CF201]: transition to unknown state 'deniedd' (did you mean 'denied'?)
             16 |       deny: deniedd
                |             ^
            1 error, 1 warning in 1 file

            """)
    }

    @Test("the count line says how many errors, warnings and files, in plural where needed")
    func countLine() {
        let location = SourceLocation(file: "a.yaml", line: 1, column: 1)
        let two = [Diagnostic(.unknownTarget, at: location, "one"), Diagnostic(.unknownTarget, at: location, "two")]
        #expect(DiagnosticFormat.text.render([], files: [:], fileCount: 0) == "0 errors, 0 warnings in 0 files\n")
        #expect(DiagnosticFormat.text.render(two, files: [:], fileCount: 3).hasSuffix("\n2 errors, 0 warnings in 3 files\n"))
    }

    /// Where the caret goes on such a line is left to the report: one space per character puts it
    /// left of a wide CJK character in a terminal.
    @Test("a line with Chinese text before the column keeps the column in characters and prints whole")
    func chineseLine() throws {
        let text = "workflow: repair\nversion: 1\ninitial: open\nstates:\n  open: {title: 待审核, on: {ok: dnoe}}\n  done: {final: true}\n"
        let file = SourceFile(path: "repair.yaml", text: text)
        let location = SourceLocation(file: "repair.yaml", line: 5, column: 31)
        let output = DiagnosticFormat.text.render([Diagnostic(.unknownTarget, at: location, "transition to unknown state 'dnoe'", suggestion: "done")],
                                                  files: ["repair.yaml": file], fileCount: 1)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "repair.yaml:5:31: error[CF201]: transition to unknown state 'dnoe' (did you mean 'done'?)")
        #expect(lines.dropFirst().first == " 5 |   open: {title: 待审核, on: {ok: dnoe}}")
        #expect(lines.dropFirst(2).first.map { $0.hasPrefix("   | ") && $0.hasSuffix("^") } == true)
    }
}
