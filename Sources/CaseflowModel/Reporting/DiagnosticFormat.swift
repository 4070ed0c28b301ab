/// How `caseflow validate` prints its findings.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    /// `path:line:col: error[CODE]: message`, the source line and a caret, as compilers print.
    case text
    /// One JSON document with every diagnostic, for scripts.
    case json
    /// SARIF 2.1.0, for code-scanning tools.
    case sarif
    /// GitHub Actions workflow commands, which annotate the changed lines in a pull request.
    case github

    /// Renders diagnostics; `files` supplies source lines for the text format.
    public func render(_ diagnostics: [Diagnostic], files: [String: SourceFile], fileCount: Int) -> String {
        switch self {
        case .text: return TextRenderer(files: files).render(diagnostics, fileCount: fileCount)
        case .json: return JSONRenderer.render(diagnostics, fileCount: fileCount)
        case .sarif: return SARIFRenderer.render(diagnostics)
        case .github: return GitHubRenderer.render(diagnostics)
        }
    }
}
