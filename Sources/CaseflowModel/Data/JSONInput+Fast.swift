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
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { return nil }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return nil }
        i += n
        return value
    }

    private mutating func integer() -> Value? {
        var negative = false
        if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        let start = i
        var magnitude: UInt64 = 0
        while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
            let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (m2, o2) = m1.addingReportingOverflow(UInt64(bytes[i] - 48))
            if o1 || o2 { return nil }
            magnitude = m2
            i += 1
        }
        // No digits, a leading zero before more digits, or a fraction or exponent: not ours.
        guard i > start, !(bytes[start] == 48 && i - start > 1) else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return .int(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return .int(Int64(magnitude))
    }

    private mutating func string() -> String? {
        i += 1
        var start = i
        var text: [UInt8] = []
        var ascii = true
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                i += 1
                // ASCII needs no validation; `String(validating:)` is generic and slow.
                return ascii ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
            }
            if c >= 0x80 { ascii = false }
            if c < 0x20 { return nil }
            if c == UInt8(ascii: "\\") {
                text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                guard i + 1 < bytes.count else { return nil }
                switch bytes[i + 1] {
                case UInt8(ascii: "\""): text.append(0x22)
                case UInt8(ascii: "\\"): text.append(0x5C)
                case UInt8(ascii: "/"): text.append(0x2F)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    // Only characters outside the surrogates; pairs go the general way.
                    guard i + 5 < bytes.count, let code = hex4(i + 2), !(0xD800...0xDFFF).contains(code),
                          let scalar = Unicode.Scalar(code) else { return nil }
                    text.append(contentsOf: String(Character(scalar)).utf8)
                    i += 4
                default: return nil
                }
                i += 2
                start = i
                continue
            }
            i += 1
        }
        return nil
    }

    private func hex4(_ at: Int) -> UInt32? {
        var v: UInt32 = 0
        for k in at..<(at + 4) {
            let c = bytes[k]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: return nil
            }
            v = v * 16 + d
        }
        return v
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
