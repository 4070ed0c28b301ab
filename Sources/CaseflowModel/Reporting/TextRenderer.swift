import CaseflowSource
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
        // Wide characters (CJK) take two terminal cells, so they get two spaces.
        let prefix = line.unicodeScalars.prefix(max(0, location.column - 1))
            .map { $0 == "\t" ? "\t" : ($0.isWide ? "  " : " ") }.joined()
        return " \(number) | \(line)\n \(gutter) | \(prefix)^\n"
    }

    func summary(_ diagnostics: [Diagnostic], fileCount: Int) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(plural(errors, "error")), \(plural(warnings, "warning")) in \(plural(fileCount, "file"))"
    }
}

extension Unicode.Scalar {
    /// East Asian wide and fullwidth characters, which terminals draw two cells wide.
    var isWide: Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
