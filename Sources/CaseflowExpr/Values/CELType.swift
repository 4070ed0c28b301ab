/// A CEL type: the static types the checker reasons about, and the runtime type values that
/// `type(x)` returns and identifiers such as `int` or `string` denote.
public indirect enum CELType: Hashable, Sendable, CustomStringConvertible {
    /// Unknown at check time; anything is accepted and checked at run time.
    case dyn
    case null
    case bool
    case int
    case uint
    case double
    case string
    case bytes
    case timestamp
    case duration
    case list(CELType)
    case map(CELType, CELType)
    /// The type of a type value; `type(int)` is `type`.
    case type(CELType)
    /// A type parameter in a function signature (`A` in `size(list(A)) -> int`).
    case parameter(String)
    /// The type of a sub-expression that already has an error; accepted everywhere so one
    /// mistake is reported once, not again by every operator around it.
    case error

    /// The name CEL gives this type's kind, ignoring parameters.
    public var kindName: String {
        switch self {
        case .dyn: return "dyn"
        case .null: return "null_type"
        case .bool: return "bool"
        case .int: return "int"
        case .uint: return "uint"
        case .double: return "double"
        case .string: return "string"
        case .bytes: return "bytes"
        case .timestamp: return "google.protobuf.Timestamp"
        case .duration: return "google.protobuf.Duration"
        case .list: return "list"
        case .map: return "map"
        case .type: return "type"
        case .parameter(let name): return name
        case .error: return "error"
        }
    }

    public var description: String {
        switch self {
        case .list(let e): return "list(\(e))"
        case .map(let k, let v): return "map(\(k), \(v))"
        case .type(let t) where t != .dyn: return "type(\(t))"
        default: return kindName
        }
    }

    /// The type a ``kindName`` names, as stored forms keep a type value (`dyn` when unknown).
    public static func named(_ kindName: String) -> CELType { namedTypes[kindName] ?? .dyn }

    /// The runtime type values that plain identifiers denote (`int`, `string`, `list` …).
    static let namedTypes: [String: CELType] = [
        "null_type": .null, "bool": .bool, "int": .int, "uint": .uint, "double": .double,
        "string": .string, "bytes": .bytes, "list": .list(.dyn), "map": .map(.dyn, .dyn),
        "type": .type(.dyn),
        "google.protobuf.Timestamp": .timestamp, "google.protobuf.Duration": .duration,
    ]

    /// True when a value of type `self` may be used where `other` is expected (dyn accepts all).
    public func isAssignable(to other: CELType) -> Bool {
        switch (self, other) {
        case (.dyn, _), (_, .dyn), (.parameter, _), (_, .parameter), (.error, _), (_, .error): return true
        case (.list(let a), .list(let b)): return a.isAssignable(to: b)
        case (.map(let k1, let v1), .map(let k2, let v2)): return k1.isAssignable(to: k2) && v1.isAssignable(to: v2)
        case (.type, .type): return true
        default: return self == other
        }
    }
}
