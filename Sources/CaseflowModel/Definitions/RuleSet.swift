import CaseflowExpr
import CaseflowSource
import CaseflowYAML

/// A named set of policy rules with their legal basis, the constants they use, and the case
/// fields they read: `rules/cn/returns.yaml` is rule set `cn/returns`.
public struct RuleSet: Sendable {
    public var id: String
    /// The law or policy the rules follow.
    public var source: String?
    /// The case fields the rules read, with their types: those declared under `fields:` and the
    /// vocabulary fields the rules read. A workflow using the set must declare those that are not
    /// in the vocabulary; it gets the others from the vocabulary.
    public var fields: [FieldDefinition]
    /// Named constants and lookup tables, as `values.NAME`.
    public var values: [NamedValue]
    public var rules: [Rule]
    public var location: SourceLocation
    public var file: String
    /// The fields as written under `fields:` (a vocabulary field may lack its type).
    public var declaredFields: [FieldDefinition] = []
    /// The vocabulary the fields were resolved against (a record may carry any of its fields).
    public var vocabulary: [FieldDefinition] = []

    public func rule(_ name: String) -> Rule? { rules.first { $0.name == name } }
}

/// A constant or lookup table of a rule set.
public struct NamedValue: Sendable {
    public var name: String
    public var value: Value
    public var type: CELType
    public var location: SourceLocation
}

/// A named condition with a title and its legal or business basis.
public struct Rule: Sendable {
    public var name: String
    public var title: String?
    public var basis: String?
    public var when: ExpressionSource
    public var location: SourceLocation
}

/// A business calendar as written in a `calendars:` file: zone, hours, holidays, make-up days,
/// and whether legal periods roll over to the next working day.
public struct CalendarDefinition: Sendable {
    public var name: String
    public var timezone: Located<String>
    /// Opening hours by day key as written: `mon-fri: [09:00-12:00, 13:00-18:00]`, `sat: …`.
    public var hours: [String: [String]]
    /// Public holidays as `YYYY-MM-DD`.
    public var holidays: [Located<String>]
    /// Make-up working days (调休) as `YYYY-MM-DD`.
    public var workdays: [Located<String>]
    /// Whether a period whose last day is not a working day ends with the next working day.
    public var rollover: Bool
    public var location: SourceLocation
}
