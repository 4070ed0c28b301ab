import CaseflowSource
import CaseflowYAML

/// One problem found in a definition file: a stable code, a severity, a location, a message
/// that says how to fix it, and optionally a suggested replacement and related places.
///
/// Checks return these instead of throwing, so `caseflow validate` reports every problem in
/// every file in one run.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How bad a problem is: errors fail validation; warnings do only under `--strict`.
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning
        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    /// Another place that explains the problem, such as the first of two duplicate keys.
    public struct Note: Sendable, Hashable {
        public var location: SourceLocation
        public var message: String
        public init(_ location: SourceLocation, _ message: String) {
            self.location = location
            self.message = message
        }
    }

    public var code: DiagnosticCode
    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    /// A replacement to offer, shown as "did you mean '…'?".
    public var suggestion: String?
    public var notes: [Note]

    public init(_ code: DiagnosticCode, _ severity: Severity = .error, at location: SourceLocation, _ message: String,
                suggestion: String? = nil, notes: [Note] = []) {
        self.code = code
        self.severity = severity
        self.location = location
        self.message = message
        self.suggestion = suggestion
        self.notes = notes
    }

    /// The message with its suggestion, as one sentence.
    public var fullMessage: String {
        guard let suggestion else { return message }
        return message + " (did you mean '\(suggestion)'?)"
    }

    /// `path:line:col: error[CF201]: message`.
    public var description: String {
        "\(location): \(severity.rawValue)[\(code.id)]: \(fullMessage)"
    }
}

/// Collects diagnostics as checks run.
public struct DiagnosticBag: Sendable {
    public private(set) var items: [Diagnostic] = []

    public init() {}

    public mutating func error(_ code: DiagnosticCode, at location: SourceLocation, _ message: String,
                               suggestion: String? = nil, notes: [Diagnostic.Note] = []) {
        items.append(Diagnostic(code, .error, at: location, message, suggestion: suggestion, notes: notes))
    }

    public mutating func warning(_ code: DiagnosticCode, at location: SourceLocation, _ message: String,
                                 suggestion: String? = nil, notes: [Diagnostic.Note] = []) {
        items.append(Diagnostic(code, .warning, at: location, message, suggestion: suggestion, notes: notes))
    }

    public mutating func append(_ diagnostic: Diagnostic) { items.append(diagnostic) }
    public mutating func append(contentsOf other: [Diagnostic]) { items.append(contentsOf: other) }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }
}
