/// A stable identifier for one kind of problem, such as `CF201` for an unknown target state.
///
/// Codes never change meaning, so teams can search for them, suppress them in tooling, and
/// match them in code (`if d.code == .unknownTarget`), the way GRDB exposes SQLite result codes.
public struct DiagnosticCode: Hashable, Sendable, CustomStringConvertible {
    /// The code as printed: `CF201`.
    public let id: String
    /// A short kebab-case name: `unknown-target`.
    public let name: String

    public var description: String { id }

    // Reading files
    public static let yamlSyntax = DiagnosticCode(id: "CF001", name: "yaml-syntax")
    public static let duplicateKey = DiagnosticCode(id: "CF002", name: "duplicate-key")
    public static let yamlLimit = DiagnosticCode(id: "CF003", name: "yaml-limit")
    public static let unreadableFile = DiagnosticCode(id: "CF004", name: "unreadable-file")
    public static let unknownFileKind = DiagnosticCode(id: "CF005", name: "unknown-file-kind")
    // Shape of definitions
    public static let unknownKey = DiagnosticCode(id: "CF101", name: "unknown-key")
    public static let wrongType = DiagnosticCode(id: "CF102", name: "wrong-type")
    public static let missingKey = DiagnosticCode(id: "CF103", name: "missing-key")
    public static let badDuration = DiagnosticCode(id: "CF104", name: "bad-duration")
    public static let badTimestamp = DiagnosticCode(id: "CF105", name: "bad-timestamp")
    public static let badValue = DiagnosticCode(id: "CF106", name: "bad-value")
    public static let badName = DiagnosticCode(id: "CF107", name: "bad-name")
    public static let fullWidthPunctuation = DiagnosticCode(id: "CF108", name: "full-width-punctuation")
    // State machine
    public static let unknownTarget = DiagnosticCode(id: "CF201", name: "unknown-target")
    public static let unreachableState = DiagnosticCode(id: "CF202", name: "unreachable-state")
    public static let noWayToFinish = DiagnosticCode(id: "CF203", name: "no-way-to-finish")
    public static let noFinalState = DiagnosticCode(id: "CF204", name: "no-final-state")
    public static let finalWithTransitions = DiagnosticCode(id: "CF205", name: "final-with-transitions")
    public static let duplicateWorkflow = DiagnosticCode(id: "CF206", name: "duplicate-workflow")
    public static let unknownInitial = DiagnosticCode(id: "CF207", name: "unknown-initial")
    public static let alwaysLoop = DiagnosticCode(id: "CF208", name: "always-loop")
    public static let shadowedTransition = DiagnosticCode(id: "CF209", name: "shadowed-transition")
    public static let unknownEvent = DiagnosticCode(id: "CF210", name: "unknown-event")
    public static let unhandledEvent = DiagnosticCode(id: "CF211", name: "unhandled-event")
    public static let unhandledOutcome = DiagnosticCode(id: "CF212", name: "unhandled-outcome")
    public static let unknownTask = DiagnosticCode(id: "CF213", name: "unknown-task")
    public static let unknownWorkflow = DiagnosticCode(id: "CF214", name: "unknown-workflow")
    public static let unknownField = DiagnosticCode(id: "CF215", name: "unknown-field")
    public static let childMissingField = DiagnosticCode(id: "CF216", name: "child-missing-field")
    public static let childReport = DiagnosticCode(id: "CF217", name: "child-report")
    public static let kpiField = DiagnosticCode(id: "CF218", name: "kpi-field")
    // Rules, values, calendars
    public static let unknownRule = DiagnosticCode(id: "CF301", name: "unknown-rule")
    public static let unknownValue = DiagnosticCode(id: "CF302", name: "unknown-value")
    public static let unknownCalendar = DiagnosticCode(id: "CF303", name: "unknown-calendar")
    public static let ruleCycle = DiagnosticCode(id: "CF304", name: "rule-cycle")
    public static let unknownRuleSet = DiagnosticCode(id: "CF305", name: "unknown-ruleset")
    public static let duplicateRuleSet = DiagnosticCode(id: "CF306", name: "duplicate-ruleset")
    public static let schemaMismatch = DiagnosticCode(id: "CF307", name: "schema-mismatch")
    public static let duplicateCalendar = DiagnosticCode(id: "CF308", name: "duplicate-calendar")
    public static let ambiguousRule = DiagnosticCode(id: "CF309", name: "ambiguous-rule")
    public static let calendarYearMissing = DiagnosticCode(id: "CF310", name: "calendar-year-missing")
    public static let ruleChainTooLong = DiagnosticCode(id: "CF311", name: "rule-chain-too-long")
    public static let duplicateVocabularyField = DiagnosticCode(id: "CF312", name: "duplicate-vocabulary-field")
    public static let daysInBusinessTime = DiagnosticCode(id: "CF313", name: "days-in-business-time")
    // Expressions
    public static let expressionSyntax = DiagnosticCode(id: "CF401", name: "expression-syntax")
    public static let unknownName = DiagnosticCode(id: "CF402", name: "unknown-name")
    public static let typeMismatch = DiagnosticCode(id: "CF403", name: "type-mismatch")
    public static let notBool = DiagnosticCode(id: "CF404", name: "not-bool")
    public static let unknownFunction = DiagnosticCode(id: "CF405", name: "unknown-function")
    public static let badLiteral = DiagnosticCode(id: "CF406", name: "bad-literal")

    /// Every code, for documentation and for the SARIF rule table.
    public static let all: [DiagnosticCode] = [
        .yamlSyntax, .duplicateKey, .yamlLimit, .unreadableFile, .unknownFileKind,
        .unknownKey, .wrongType, .missingKey, .badDuration, .badTimestamp, .badValue, .badName, .fullWidthPunctuation,
        .unknownTarget, .unreachableState, .noWayToFinish, .noFinalState, .finalWithTransitions,
        .duplicateWorkflow, .unknownInitial, .alwaysLoop, .shadowedTransition, .unknownEvent,
        .unhandledEvent, .unhandledOutcome, .unknownTask, .unknownWorkflow, .unknownField, .childMissingField, .childReport, .kpiField,
        .unknownRule, .unknownValue, .unknownCalendar, .ruleCycle, .unknownRuleSet, .duplicateRuleSet,
        .schemaMismatch, .duplicateCalendar, .ambiguousRule, .calendarYearMissing, .ruleChainTooLong,
        .duplicateVocabularyField, .daysInBusinessTime,
        .expressionSyntax, .unknownName, .typeMismatch, .notBool, .unknownFunction, .badLiteral,
    ]
}
