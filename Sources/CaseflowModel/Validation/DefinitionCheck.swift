/// Loads and validates definition files in one step, as `caseflow validate` and the daemon's
/// reload do.
public enum DefinitionCheck {
    /// Definitions and every diagnostic about them, sorted by place.
    public struct Report: Sendable {
        public var definitions: Definitions
        public var diagnostics: [Diagnostic]
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    public static func run(paths: [String]) -> Report {
        let loaded = DefinitionLoader().load(paths: paths)
        let (functions, calendarProblems) = loaded.definitions.functionTable()
        let checked = Validator(functions: functions).validate(loaded.definitions)
        let all = (loaded.diagnostics + calendarProblems + checked).sorted { ($0.location, $0.code.id) < ($1.location, $1.code.id) }
        return Report(definitions: loaded.definitions, diagnostics: all)
    }
}
