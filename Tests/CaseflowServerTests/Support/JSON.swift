import Foundation

/// A JSON value for building request bodies and checking answers field by field, keeping
/// booleans, numbers and strings apart; `.missing` is what a lookup of an absent key gives.
enum JSON: Equatable, Sendable, CustomStringConvertible {
    case missing
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    /// Parses bytes; anything that is not JSON gives `.missing`.
    static func parse(_ bytes: [UInt8]) -> JSON {
        (try? JSONDecoder().decode(JSON.self, from: Data(bytes))) ?? .missing
    }

    subscript(key: String) -> JSON {
        if case .object(let o) = self { return o[key] ?? .missing }
        return .missing
    }

    subscript(index: Int) -> JSON {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return .missing
    }

    var array: [JSON] {
        if case .array(let a) = self { return a }
        return []
    }

    var object: [String: JSON] {
        if case .object(let o) = self { return o }
        return [:]
    }

    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var number: Double? {
        if case .number(let n) = self { return n }
        return nil
    }

    var keys: [String] { object.keys.sorted() }

    /// Compact JSON text with sorted keys.
    var text: String {
        switch self {
        case .missing, .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n):
            return n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : "\(n)"
        case .string(let s):
            let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
            return String(decoding: data, as: UTF8.self)
        case .array(let a): return "[" + a.map(\.text).joined(separator: ",") + "]"
        case .object(let o):
            return "{" + o.keys.sorted().map { JSON.string($0).text + ":" + o[$0]!.text }.joined(separator: ",") + "}"
        }
    }

    var description: String { self == .missing ? "<missing>" : text }
}

extension JSON: Decodable {
    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null }
        else if let b = try? single.decode(Bool.self) { self = .bool(b) }
        else if let n = try? single.decode(Double.self) { self = .number(n) }
        else if let s = try? single.decode(String.self) { self = .string(s) }
        else if let a = try? single.decode([JSON].self) { self = .array(a) }
        else { self = .object(try single.decode([String: JSON].self)) }
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .number(Double(value)) }
    init(floatLiteral value: Double) { self = .number(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: JSON...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, JSON)...) {
        var o: [String: JSON] = [:]
        for (k, v) in elements { o[k] = v }
        self = .object(o)
    }
    init(nilLiteral: ()) { self = .null }
}
