/// Everything loaded from `workflows/` and `rules/`: the input of validation, the engine and the daemon.
public struct Definitions: Sendable {
    public var workflows: [Workflow] = []
    public var ruleSets: [RuleSet] = []
    public var calendars: [CalendarDefinition] = []
    /// The shared case data vocabulary (`vocabulary:` files, usually `rules/vocabulary.yaml`):
    /// fields any workflow or rule set may use without declaring them, and any case may carry.
    public var vocabulary: [FieldDefinition] = []
    /// The files read, by path, for printing source lines under diagnostics.
    public var files: [String: SourceFile] = [:]
    /// Webhook subscriptions (`subscriptions:` files): configuration of the daemon, not part of
    /// any workflow version.
    public var subscriptions: [Subscription] = []
    /// The paths of the `subscriptions:` files among ``files``, which workflow versions leave out.
    public var subscriptionFiles: Set<String> = []
    /// Case fields every notification of the feed carries (`feed_fields:` in a subscriptions file).
    public var feedFields: [String] = []

    public init() {}

    public func workflow(_ id: String) -> Workflow? { workflows.first { $0.id == id } }
    public func ruleSet(_ id: String) -> RuleSet? { ruleSets.first { $0.id == id } }
    public func calendar(_ name: String) -> CalendarDefinition? { calendars.first { $0.name == name } }
    /// A vocabulary field by name (the first, if declared twice).
    public func vocabularyField(_ name: String) -> FieldDefinition? { vocabulary.first { $0.name == name } }
}
