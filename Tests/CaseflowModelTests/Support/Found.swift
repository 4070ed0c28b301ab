import CaseflowSource
import CaseflowModel
import CaseflowYAML

/// A diagnostic reduced to what the tests pin down: code, severity, place (file relative to the
/// checked folder), suggestion, and the places of its notes.
///
/// Comparing lists of these with `#expect(found == expected)` prints both sides readably.
struct Found: Hashable, Sendable, CustomStringConvertible {
    /// A file, line and column, the file relative to the checked folder.
    struct Place: Hashable, Sendable, CustomStringConvertible {
        var file: String
        var line: Int
        var column: Int
        var description: String { "\(file):\(line):\(column)" }

        /// A note's place, for ``Found/error(_:_:_:_:suggestion:note:)``.
        static func at(_ file: String, _ line: Int, _ column: Int) -> Place {
            Place(file: file, line: line, column: column)
        }
    }

    var code: DiagnosticCode
    var severity: Diagnostic.Severity
    var place: Place
    var suggestion: String?
    var notes: [Place]

    var description: String {
        var text = "\(place): \(severity.rawValue)[\(code.id)]"
        if let suggestion { text += " did you mean '\(suggestion)'" }
        if !notes.isEmpty { text += " notes at \(notes.map(\.description).joined(separator: ", "))" }
        return text
    }

    /// An expected error.
    static func error(_ code: DiagnosticCode, _ file: String, _ line: Int, _ column: Int,
                      suggestion: String? = nil, note: Place? = nil) -> Found {
        Found(code: code, severity: .error, place: Place(file: file, line: line, column: column),
              suggestion: suggestion, notes: note.map { [$0] } ?? [])
    }

    /// An expected warning.
    static func warning(_ code: DiagnosticCode, _ file: String, _ line: Int, _ column: Int,
                        suggestion: String? = nil, note: Place? = nil) -> Found {
        Found(code: code, severity: .warning, place: Place(file: file, line: line, column: column),
              suggestion: suggestion, notes: note.map { [$0] } ?? [])
    }
}

extension Found {
    /// The reduced form of `diagnostic`, its paths made relative to `directory`.
    init(_ diagnostic: Diagnostic, in directory: TemporaryDirectory) {
        func place(_ l: SourceLocation) -> Place {
            Place(file: directory.relative(l.file), line: l.line, column: l.column)
        }
        self.init(code: diagnostic.code, severity: diagnostic.severity, place: place(diagnostic.location),
                  suggestion: diagnostic.suggestion, notes: diagnostic.notes.map { place($0.location) })
    }
}

extension TemporaryDirectory {
    /// Loads and validates everything in the folder, as `caseflow validate` does.
    func check() -> DefinitionCheck.Report {
        DefinitionCheck.run(paths: [path])
    }

    /// The diagnostics of ``check()``, reduced, in the order the check sorts them.
    func found() -> [Found] {
        check().diagnostics.map { Found($0, in: self) }
    }
}
