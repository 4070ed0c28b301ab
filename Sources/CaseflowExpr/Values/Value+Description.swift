/// Text forms of values: CEL literal syntax for messages, and `string(x)` conversion.
extension Value: CustomStringConvertible {
    public var description: String { debugText }

    /// The value written as a CEL literal: `'online'`, `[1, 2]`, `timestamp('2026-03-02T02:00:00Z')`.
    public var debugText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return String(u) + "u"
        case .double(let d): return formatDouble(d)
        case .string(let s): return "'" + s.replacingAll("\\", "\\\\").replacingAll("'", "\\'") + "'"
        case .bytes(let b): return "b'" + b.map { $0 >= 32 && $0 < 127 && $0 != 39 && $0 != 92 ? String(UnicodeScalar($0)) : "\\x" + hex2($0) }.joined() + "'"
        case .list(let items): return "[" + items.map(\.debugText).joined(separator: ", ") + "]"
        case .map(let m): return "{" + m.entries.map { $0.key.value.debugText + ": " + $0.value.debugText }.joined(separator: ", ") + "}"
        case .timestamp(let t): return "timestamp('\(t.rfc3339)')"
        case .duration(let d): return "duration('\(d.text)')"
        case .type(let t): return t.kindName
        }
    }
}

/// Formats a double as Go's `%g` with the shortest exact digits, as cel-go's `string(double)`.
func formatDouble(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
    if d == 0 { return d.sign == .minus ? "-0" : "0" }
    // Swift prints the shortest round-trip digits; take them apart into digits and exponent.
    var text = abs(d).description
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        exponent = Int(text[text.index(after: e)...]) ?? 0
        text = String(text[..<e])
    }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let intPart = String(parts[0])
    let fracPart = parts.count > 1 ? String(parts[1]) : ""
    var digits = intPart + fracPart
    var pointPosition = intPart.count + exponent
    while digits.first == "0" && digits.count > 1 { digits.removeFirst(); pointPosition -= 1 }
    while digits.last == "0" && digits.count > 1 { digits.removeLast() }
    let exp = pointPosition - 1
    let sign = d < 0 ? "-" : ""
    if exp < -4 || exp >= 21 {
        var mantissa = String(digits.first ?? "0")
        if digits.count > 1 { mantissa += "." + digits.dropFirst() }
        let e = abs(exp) < 10 ? "0" + String(abs(exp)) : String(abs(exp))
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + e
    }
    if pointPosition <= 0 {
        return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
    }
    if pointPosition >= digits.count {
        return sign + digits + String(repeating: "0", count: pointPosition - digits.count)
    }
    let cut = digits.index(digits.startIndex, offsetBy: pointPosition)
    return sign + digits[..<cut] + "." + digits[cut...]
}

private func hex2(_ b: UInt8) -> String {
    let h = String(b, radix: 16)
    return h.count == 1 ? "0" + h : h
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
