import CaseflowExpr
import CaseflowSource
import CaseflowYAML

/// The declared type of one case field, event field or rule-set input.
public enum FieldType: String, Sendable, Hashable, CaseIterable {
    case string, int, double, bool, timestamp, duration, list, map

    /// The CEL type expressions see for a field of this type.
    public var celType: CELType {
        switch self {
        case .string: return .string
        case .int: return .int
        case .double: return .double
        case .bool: return .bool
        case .timestamp: return .timestamp
        case .duration: return .duration
        case .list: return .list(.dyn)
        case .map: return .map(.string, .dyn)
        }
    }
}

/// One field of a schema: `order.channel: {type: string, enum: [online, store]}`.
public struct FieldDefinition: Sendable {
    /// The dotted name, as expressions write it.
    public var name: String
    public var type: FieldType
    /// The allowed values of a string field, if restricted.
    public var allowed: [String]?
    /// True when a case may leave the field unset (`has(field)` tells).
    public var optional: Bool
    /// The value used when a case is started without the field.
    public var defaultValue: Value?
    public var title: String?
    /// What the field means, as the vocabulary says (`meaning:`).
    public var meaning: String?
    /// Personal data of a customer (the vocabulary's `personal: true`), which later steps may erase.
    public var personal: Bool
    /// The query parameter cases are found by this field's value (`GET /v1/cases?customer=`),
    /// from the vocabulary's `search:`; nil when the field is not searchable.
    public var search: String? = nil
    public var location: SourceLocation
    /// Whether the declaration wrote its type. A workflow or rule set may name a vocabulary field
    /// without one (`customer.id:`, `order.channel: {enum: [online, store]}`); the vocabulary
    /// gives it. Until then ``type`` is a placeholder.
    public var typeWritten: Bool
    /// Whether the declaration wrote `optional:` (so that it narrows the vocabulary's).
    public var optionalWritten: Bool
    /// Where `default:` is written; while ``typeWritten`` is false the default is kept as written
    /// (untyped), to be converted to the vocabulary's type.
    public var defaultLocation: SourceLocation?

    public init(name: String, type: FieldType, allowed: [String]? = nil, optional: Bool = false,
                defaultValue: Value? = nil, title: String? = nil, meaning: String? = nil, personal: Bool = false,
                location: SourceLocation) {
        self.name = name
        self.type = type
        self.allowed = allowed
        self.optional = optional
        self.defaultValue = defaultValue
        self.title = title
        self.meaning = meaning
        self.personal = personal
        self.location = location
        self.typeWritten = true
        self.optionalWritten = false
        self.defaultLocation = nil
    }

    /// A field must be given when it is neither optional nor defaulted.
    public var isRequired: Bool { !optional && defaultValue == nil }
}
