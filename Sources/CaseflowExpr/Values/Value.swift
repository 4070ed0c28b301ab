/// A CEL runtime value: what expressions evaluate to and what case data is made of.
///
/// The cases follow the CEL value model. Integers are 64-bit and never wrap: an overflow is an
/// ``EvalError``. Strings count their size in Unicode code points, as CEL requires.
public enum Value: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list([Value])
    case map(CELMap)
    case timestamp(Timestamp)
    case duration(CELDuration)
    case type(CELType)

    /// The runtime type of this value, as `type(x)` reports it.
    public var celType: CELType {
        switch self {
        case .null: return .null
        case .bool: return .bool
        case .int: return .int
        case .uint: return .uint
        case .double: return .double
        case .string: return .string
        case .bytes: return .bytes
        case .list: return .list(.dyn)
        case .map: return .map(.dyn, .dyn)
        case .timestamp: return .timestamp
        case .duration: return .duration
        case .type: return .type(.dyn)
        }
    }

    /// A short name of the value's kind for error messages ("int", "string", "list" …).
    public var kindName: String { celType.kindName }
}

extension Value {
    /// True for `null`.
    @inlinable public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The Swift `Bool` if this is a CEL bool.
    @inlinable public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    /// The Swift `String` if this is a CEL string.
    @inlinable public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
}
