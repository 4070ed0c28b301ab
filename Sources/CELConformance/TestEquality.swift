import CaseflowExpr

/// How the suite compares an expected value with the result: stricter than CEL's `==`.
///
/// The type must match exactly (`1`, `1u` and `1.0` differ), strings compare by code points,
/// NaN equals NaN, lists compare element by element, maps by size and by each expected key's
/// value, and type values by kind.
enum TestEquality {
    static func equal(_ expected: Value, _ actual: Value) -> Bool {
        switch (expected, actual) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.uint(let a), .uint(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.string(let a), .string(let b)): return sameScalars(a, b)
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.timestamp(let a), .timestamp(let b)): return a == b
        case (.duration(let a), .duration(let b)): return a == b
        case (.type(let a), .type(let b)): return a.kindName == b.kindName
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.map(let a), .map(let b)):
            return a.count == b.count && a.entries.allSatisfy { entry in
                b.entries.contains { equal(entry.key.value, $0.key.value) && equal(entry.value, $0.value) }
            }
        default: return false
        }
    }

    /// Code-point equality: Swift's `==` on strings treats `é` and `e\u{301}` as equal; CEL does not.
    private static func sameScalars(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.elementsEqual(b.unicodeScalars)
    }

    /// A short CEL-like rendering for failure reasons (`1u`, `2.0`, `b"\xff"`, `type(int)`).
    static func render(_ value: Value, limit: Int = 120) -> String {
        let text = renderFull(value)
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    private static func renderFull(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return String(b)
        case .int(let i): return String(i)
        case .uint(let u): return "\(u)u"
        case .double(let d): return d.isFinite && d == d.rounded() && abs(d) < 1e16 ? "\(d)" : "\(d) (double)"
        case .string(let s): return s.debugDescription
        case .bytes(let bytes):
            let body = bytes.map { b -> String in
                (0x20..<0x7F).contains(b) && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\")
                    ? String(Character(Unicode.Scalar(b))) : "\\x" + (b < 16 ? "0" : "") + String(b, radix: 16)
            }
            return "b\"" + body.joined() + "\""
        case .list(let items): return "[" + items.map(renderFull).joined(separator: ", ") + "]"
        case .map(let map):
            return "{" + map.entries.map { renderFull($0.key.value) + ": " + renderFull($0.value) }
                .joined(separator: ", ") + "}"
        case .timestamp(let t): return "timestamp(\(t.seconds)s \(t.nanos)ns)"
        case .duration(let d): return "duration(\(d.seconds)s \(d.nanos)ns)"
        case .type(let t): return "type(\(t.kindName))"
        }
    }
}
