/// A CEL map: keys are bool, int, uint or string; values are any ``Value``.
///
/// Lookups follow CEL's heterogeneous numeric equality, so `{1: 'a'}[1u]` and `{1: 'a'}[1.0]`
/// both find the entry. Insertion order is kept so maps print and iterate predictably.
public struct CELMap: Sendable {
    public private(set) var keys: [MapKey] = []
    private var storage: [MapKey: Value] = [:]

    public init() {}

    /// Builds a map from entries; returns nil when a key repeats (CEL rejects duplicate keys).
    public init?(entries: [(MapKey, Value)]) {
        for (k, v) in entries {
            if lookup(k) != nil { return nil }
            insert(k, v)
        }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// Adds or replaces an entry.
    public mutating func insert(_ key: MapKey, _ value: Value) {
        if storage.updateValue(value, forKey: key) == nil { keys.append(key) }
    }

    /// The value stored under exactly this key.
    public subscript(key: MapKey) -> Value? { storage[key] }

    /// The value under a key equal to `key` by CEL's numeric equality.
    public func lookup(_ key: MapKey) -> Value? {
        if let v = storage[key] { return v }
        switch key {
        case .int(let i) where i >= 0: return storage[.uint(UInt64(i))]
        case .uint(let u) where u <= UInt64(Int64.max): return storage[.int(Int64(u))]
        default: return nil
        }
    }

    /// The value under a runtime value used as a key (doubles with integral values match ints).
    public func lookup(_ value: Value) -> Value? {
        if let key = MapKey(value) { return lookup(key) }
        if case .double(let d) = value, d.rounded() == d {
            if let i = Int64(exactly: d), let v = lookup(MapKey.int(i)) { return v }
            if let u = UInt64(exactly: d), let v = lookup(MapKey.uint(u)) { return v }
        }
        return nil
    }

    /// Entries in insertion order.
    public var entries: [(key: MapKey, value: Value)] { keys.map { ($0, storage[$0] ?? .null) } }
}

/// A key of a ``CELMap``: the four CEL types that may be map keys.
public enum MapKey: Hashable, Sendable {
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case string(String)

    /// The key for a value, or nil when the value's type cannot be a map key.
    public init?(_ value: Value) {
        switch value {
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .uint(let u): self = .uint(u)
        case .string(let s): self = .string(s)
        default: return nil
        }
    }

    /// The key as a runtime value.
    public var value: Value {
        switch self {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .uint(let u): return .uint(u)
        case .string(let s): return .string(s)
        }
    }
}
