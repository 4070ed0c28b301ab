/// Typed reads of a field's value. A value of the wrong shape throws a ``TextProtoError`` at the
/// field's location, since the schema (which this generic parser does not know) forbids it.
extension TextProtoField {
    func message() throws(TextProtoError) -> TextProtoMessage {
        guard case .message(let m) = value else { throw mismatch("a message") }
        return m
    }

    /// A string field: the literal's bytes decoded as UTF-8 (invalid sequences are replaced).
    func string() throws(TextProtoError) -> String {
        String(decoding: try bytes(), as: UTF8.self)
    }

    /// A bytes field: the literal's raw bytes.
    func bytes() throws(TextProtoError) -> [UInt8] {
        guard case .scalar(.string(let b)) = value else { throw mismatch("a string") }
        return b
    }

    func int64() throws(TextProtoError) -> Int64 {
        guard case .scalar(.number(let text)) = value, let (negative, magnitude) = Self.integer(text) else {
            throw mismatch("an integer")
        }
        if !negative, let v = Int64(exactly: magnitude) { return v }
        if negative, magnitude <= UInt64(Int64.max) { return -Int64(magnitude) }
        if negative, magnitude == UInt64(Int64.max) + 1 { return Int64.min }
        throw TextProtoError("integer \(text) is out of range for int64", at: location)
    }

    func uint64() throws(TextProtoError) -> UInt64 {
        guard case .scalar(.number(let text)) = value, let (negative, magnitude) = Self.integer(text) else {
            throw mismatch("an unsigned integer")
        }
        guard !negative || magnitude == 0 else {
            throw TextProtoError("integer \(text) is out of range for uint64", at: location)
        }
        return magnitude
    }

    func double() throws(TextProtoError) -> Double {
        switch value {
        case .scalar(.number(let text)):
            if let (negative, magnitude) = Self.integer(text) {
                return negative ? -Double(magnitude) : Double(magnitude)
            }
            var t = Substring(text)
            if t.last == "f" || t.last == "F" { t = t.dropLast() }
            if let d = Double(t) { return d }
        case .scalar(.identifier(let name)):
            let negative = name.hasPrefix("-")
            switch name.drop(while: { $0 == "-" }).lowercased() {
            case "inf", "infinity": return negative ? -.infinity : .infinity
            case "nan": return .nan
            default: break
            }
        default: break
        }
        throw mismatch("a floating-point number")
    }

    func bool() throws(TextProtoError) -> Bool {
        switch value {
        case .scalar(.identifier("true")), .scalar(.identifier("True")), .scalar(.identifier("t")),
             .scalar(.number("1")):
            return true
        case .scalar(.identifier("false")), .scalar(.identifier("False")), .scalar(.identifier("f")),
             .scalar(.number("0")):
            return false
        default:
            throw mismatch("a bool")
        }
    }

    /// An enum field: the value's name, or its number as decimal text when written as a number.
    func enumValue() throws(TextProtoError) -> String {
        switch value {
        case .scalar(.identifier(let name)) where !name.hasPrefix("-"): return name
        case .scalar(.number): return String(try int64())
        default: throw mismatch("an enum value")
        }
    }

    private func mismatch(_ expected: String) -> TextProtoError {
        TextProtoError("field '\(name)' must be \(expected)", at: location)
    }

    /// Sign and magnitude of an integer literal: decimal, `0x` hex or `0`-prefixed octal.
    static func integer(_ text: String) -> (Bool, UInt64)? {
        var t = Substring(text)
        let negative = t.first == "-"
        if negative { t = t.dropFirst() }
        var radix = 10
        if t.hasPrefix("0x") || t.hasPrefix("0X") {
            radix = 16
            t = t.dropFirst(2)
        } else if t.count > 1, t.first == "0" {
            radix = 8
            t = t.dropFirst()
        }
        guard let first = t.first, first.isHexDigit, let magnitude = UInt64(t, radix: radix) else { return nil }
        return (negative, magnitude)
    }
}
