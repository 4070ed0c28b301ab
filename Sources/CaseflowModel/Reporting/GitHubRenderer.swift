import Foundation

/// Diagnostics as GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`),
/// which show as annotations on the changed lines of a pull request.
enum GitHubRenderer {
    static func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { d in
            let command = d.severity == .error ? "error" : "warning"
            let properties = "file=\(property(d.location.file)),line=\(d.location.line),col=\(d.location.column),title=\(property("\(d.code.id) \(d.code.name)"))"
            return "::\(command) \(properties)::\(data(d.fullMessage))\n"
        }.joined()
    }

    /// Escapes a message as the workflow-command syntax requires.
    private static func data(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func property(_ s: String) -> String {
        data(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
