import Foundation

/// Diagnostics as one JSON document: `{"diagnostics": [...], "errors": N, "warnings": N, "files": N}`.
enum JSONRenderer {
    struct Document: Encodable {
        let diagnostics: [Entry]
        let errors: Int
        let warnings: Int
        let files: Int
    }

    struct Entry: Encodable {
        let code: String
        let name: String
        let severity: String
        let file: String
        let line: Int
        let column: Int
        let message: String
        let suggestion: String?
        let notes: [Note]
    }

    struct Note: Encodable {
        let file: String
        let line: Int
        let column: Int
        let message: String
    }

    static func render(_ diagnostics: [Diagnostic], fileCount: Int) -> String {
        let entries = diagnostics.map { d in
            Entry(code: d.code.id, name: d.code.name, severity: d.severity.rawValue, file: d.location.file,
                  line: d.location.line, column: d.location.column, message: d.message, suggestion: d.suggestion,
                  notes: d.notes.map { Note(file: $0.location.file, line: $0.location.line, column: $0.location.column, message: $0.message) })
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        return encode(Document(diagnostics: entries, errors: errors, warnings: diagnostics.count - errors, files: fileCount))
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
