import CaseflowExpr

/// A direct reader for the JSON request bodies the daemon sees on every call: objects, arrays,
/// strings, integers, booleans and null. Anything else (fractions, exponents, integers beyond
/// 64 bits, duplicate keys, bad syntax or encoding) answers nil, and `JSONInput` reads the body
/// the general way, with its located error messages; so both paths give the same values.
struct FastJSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0

    static func read(_ data: [UInt8]) -> Value? {
        data.withUnsafeBufferPointer { buffer in
            var reader = FastJSONReader(bytes: buffer)
            reader.skipSpace()
            guard let value = reader.value() else { return nil }
            reader.skipSpace()
            return reader.i == buffer.count ? value : nil
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func value() -> Value? {
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""): return string().map(Value.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return integer()
        }
    }

    private mutating func literal(_ word: StaticString, _ value: Value) -> Value? {
        JSONScan.literal(word, bytes, &i) ? value : nil
    }

    private mutating func integer() -> Value? {
        guard let (negative, magnitude) = JSONScan.integer(bytes, &i) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return .int(Int64(truncatingIfNeeded: 0 &- magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return .int(Int64(magnitude))
    }

    private mutating func string() -> String? {
        JSONScan.string(bytes, &i)
    }

    private mutating func array() -> Value? {
        depth += 1
        guard depth <= 64 else { return nil }
        defer { depth -= 1 }
        i += 1
        var items: [Value] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .list(items) }
        while true {
            skipSpace()
            guard let item = value() else { return nil }
            items.append(item)
            skipSpace()
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .list(items) }
            return nil
        }
    }

    private mutating func object() -> Value? {
        depth += 1
        guard depth <= 64 else { return nil }
        defer { depth -= 1 }
        i += 1
        var entries: [(String, Value)] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .map(CELMap()) }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\""), let key = string() else { return nil }
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace()
            guard let item = value() else { return nil }
            entries.append((key, item))
            skipSpace()
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; break }
            return nil
        }
        // The same order as the general reader (sorted keys); a repeated key goes that way too.
        entries.sort { $0.0 < $1.0 }
        var map = CELMap()
        for (index, entry) in entries.enumerated() {
            if index > 0, entries[index - 1].0 == entry.0 { return nil }
            map.insert(.string(entry.0), entry.1)
        }
        return .map(map)
    }
}
