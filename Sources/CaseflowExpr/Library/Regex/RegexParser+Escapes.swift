/// Backslash escapes: assertions (`\A \z \b \B`), quoting (`\Q…\E`), classes (`\d \pL` …) and
/// escaped code points (`\.`, `\n`, `\x{263A}`, `\012`).
extension RegexParser {
    /// What an escape stands for.
    enum Escape {
        case scalar(UInt32)
        case set(RegexCharacterClass)
    }

    /// An escape outside brackets, at `position`.
    mutating func parseEscape() throws(RegexError) {
        let start = position
        switch peek(at: start + 1) {
        case "A": append(.assertion(.textStart))
        case "z": append(.assertion(.textEnd))
        case "b": append(.assertion(.wordBoundary))
        case "B": append(.assertion(.notWordBoundary))
        case "Q":
            parseQuote()
            return
        default:
            switch try parseEscapeAtom(inClass: false) {
            case .scalar(let value):
                appendLiteral(value)
            case .set(var set):
                set.finish(negated: false, caseInsensitive: flags.caseInsensitive)
                append(.characterClass(set))
            }
            return
        }
        position += 2
    }

    /// `\Q…\E`: everything up to `\E` (or the end of the pattern) is literal text.
    private mutating func parseQuote() {
        position += 2
        while let c = peek() {
            if c == "\\" && peek(at: position + 1) == "E" {
                position += 2
                return
            }
            appendLiteral(c.value)
            position += 1
        }
    }

    /// An escape that stands for a code point or a class, in brackets or out, at `position`.
    mutating func parseEscapeAtom(inClass: Bool) throws(RegexError) -> Escape {
        let start = position
        guard let c = peek(at: start + 1) else {
            throw RegexError("trailing backslash", at: start, "write \\\\ to match a backslash")
        }
        position += 2
        switch c {
        case "a": return .scalar(0x07)
        case "f": return .scalar(0x0C)
        case "t": return .scalar(0x09)
        case "n": return .scalar(0x0A)
        case "r": return .scalar(0x0D)
        case "v": return .scalar(0x0B)
        case "d", "s", "w", "D", "S", "W":
            let letter = Unicode.Scalar(UInt8(c.value | 0x20)) // lowercase
            return .set(RegexCharacterClass(RegexCharacterClass.perlRanges(letter) ?? [], negated: letter != c))
        case "p", "P":
            return .set(try parseUnicodeClass(negated: c == "P", start: start))
        case "x":
            return .scalar(try parseHex(start: start))
        case "0":
            return .scalar(parseOctal(first: 0))
        case "1"..."7" where peek().map(Self.isOctalDigit) ?? false:
            return .scalar(parseOctal(first: c.value - 0x30))
        case "1"..."9", "k", "g":
            throw RegexError("backreference '\(text(start..<position))'", at: start, "RE2 syntax does not support backreferences")
        case "Z":
            throw RegexError("unsupported escape '\\Z'", at: start, "RE2 syntax has \\z for the end of the text")
        case "C":
            throw RegexError("unsupported escape '\\C'", at: start, "RE2's single-byte \\C is not supported; use .")
        case "A", "z", "b", "B", "Q": // outside brackets, parseEscape has taken these
            throw RegexError("invalid escape '\\\(c)' in a character class", at: start)
        default:
            // Any ASCII punctuation (or space) may be escaped to stand for itself.
            if c.value < 0x80 && !RegexCharacterClass.isWordCharacter(c.value) { return .scalar(c.value) }
            throw RegexError("invalid escape '\\\(c)'", at: start, "RE2 syntax has no such escape")
        }
    }

    /// `\x41` (two digits) or `\x{1F600}` (any number, up to U+10FFFF); `position` is past the `x`.
    private mutating func parseHex(start: Int) throws(RegexError) -> UInt32 {
        if peek() == "{" {
            var index = position + 1
            var value: UInt32 = 0
            while let c = peek(at: index), let digit = Self.hexValue(c) {
                value = min(value * 16 + digit, 0x110000)
                index += 1
            }
            guard index > position + 1, peek(at: index) == "}", value <= 0x10FFFF else {
                throw RegexError("invalid escape '\(text(start..<index + 1))'", at: start,
                                 "write \\x{…} with hexadecimal digits up to 10FFFF")
            }
            position = index + 1
            return value
        }
        guard let high = peek().flatMap(Self.hexValue), let low = peek(at: position + 1).flatMap(Self.hexValue) else {
            throw RegexError("invalid escape '\(text(start..<position + 2))'", at: start,
                             "write \\x with two hexadecimal digits, or \\x{…}")
        }
        position += 2
        return high * 16 + low
    }

    /// Up to two more octal digits after the first (already read), as RE2 reads `\012` and `\12`.
    private mutating func parseOctal(first: UInt32) -> UInt32 {
        var value = first
        for _ in 0..<2 {
            guard let c = peek(), Self.isOctalDigit(c) else { break }
            value = value * 8 + (c.value - 0x30)
            position += 1
        }
        return value
    }

    /// `\pL`, `\p{Greek}`, `\p{^Greek}` or `\PL`; `position` is past the `p`.
    private mutating func parseUnicodeClass(negated: Bool, start: Int) throws(RegexError) -> RegexCharacterClass {
        guard let first = peek() else {
            throw RegexError("missing Unicode class name after '\\p'", at: start)
        }
        var name: String
        if first == "{" {
            var end = position + 1
            while let c = peek(at: end), c != "}" { end += 1 }
            guard end < pattern.count else {
                throw RegexError("missing '}' after '\(text(start..<position + 1))'", at: start)
            }
            name = text(position + 1..<end)
            position = end + 1
        } else {
            name = String(first)
            position += 1
        }
        var negated = negated
        if name.hasPrefix("^") {
            negated.toggle()
            name.removeFirst()
        }
        guard let property = RegexUnicodeProperty.named(name) else {
            throw RegexError("unsupported Unicode class '\(name)'", at: start,
                             "supported are \(RegexUnicodeProperty.supportedNames)")
        }
        return RegexCharacterClass(property, negated: negated)
    }

    static func isOctalDigit(_ c: Unicode.Scalar) -> Bool {
        c.value >= 0x30 && c.value <= 0x37
    }

    static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c.value {
        case 0x30...0x39: c.value - 0x30
        case 0x41...0x46: c.value - 0x41 + 10
        case 0x61...0x66: c.value - 0x61 + 10
        default: nil
        }
    }
}
