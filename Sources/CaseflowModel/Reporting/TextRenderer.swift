import CaseflowYAML

/// Prints diagnostics as swiftc and rustc do: a located headline, the source line, a caret
/// under the column, notes, and a closing count.
struct TextRenderer {
    let files: [String: SourceFile]

    func render(_ diagnostics: [Diagnostic], fileCount: Int) -> String {
        var out = ""
        for d in diagnostics {
            out += "\(d.location): \(d.severity.rawValue)[\(d.code.id)]: \(d.fullMessage)\n"
            out += snippet(d.location)
            for note in d.notes {
                out += "\(note.location): note: \(note.message)\n"
                out += snippet(note.location)
            }
        }
        out += summary(diagnostics, fileCount: fileCount) + "\n"
        return out
    }

    private func snippet(_ location: SourceLocation) -> String {
        guard let line = files[location.file]?.line(location.line) else { return "" }
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        // Tabs stay tabs so the caret lines up under the same characters.
        let prefix = line.unicodeScalars.prefix(max(0, location.column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
        return " \(number) | \(line)\n \(gutter) | \(prefix)^\n"
    }

    func summary(_ diagnostics: [Diagnostic], fileCount: Int) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(plural(errors, "error")), \(plural(warnings, "warning")) in \(plural(fileCount, "file"))"
    }
}
