/// Everything loaded from `workflows/` and `rules/`: the input of validation, the engine and the daemon.
public struct Definitions: Sendable {
    public var workflows: [Workflow] = []
    public var ruleSets: [RuleSet] = []
    public var calendars: [CalendarDefinition] = []
    /// The files read, by path, for printing source lines under diagnostics.
    public var files: [String: SourceFile] = [:]

    public init() {}

    public func workflow(_ id: String) -> Workflow? { workflows.first { $0.id == id } }
    public func ruleSet(_ id: String) -> RuleSet? { ruleSets.first { $0.id == id } }
    public func calendar(_ name: String) -> CalendarDefinition? { calendars.first { $0.name == name } }
}
