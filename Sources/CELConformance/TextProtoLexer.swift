/// One token of protobuf text format and where it starts.
struct TextProtoToken: Sendable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        /// A numeric literal as written (unsigned; `-` is a separate symbol).
        case number(String)
        /// A string literal's bytes after escape processing.
        case string([UInt8])
        /// Punctuation: `{ } [ ] < > : , ; - / .`
        case symbol(Character)
        case end
    }

    var kind: Kind
    var location: TextLocation
}

/// Splits protobuf text format into tokens, skipping whitespace and `#` comments.
///
/// String escapes follow protobuf's C-like rules and produce bytes: `\303\277` is two bytes,
/// and `\u00ff` is the UTF-8 encoding of U+00FF.
struct TextProtoLexer {
    private let bytes: [UInt8]
    private var i = 0
    private var line = 1
    private var lineStart = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The current position; columns count characters (UTF-8 lead bytes), from 1.
    var location: TextLocation {
        let column = bytes[lineStart..<min(i, bytes.count)].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return TextLocation(line: line, column: column)
    }

    private func peek(_ k: Int = 0) -> UInt8? { i + k < bytes.count ? bytes[i + k] : nil }

    mutating func next() throws(TextProtoError) -> TextProtoToken {
        skipSpaceAndComments()
        let start = location
        guard let c = peek() else { return TextProtoToken(kind: .end, location: start) }
        let kind: TextProtoToken.Kind
        if c.isLetter || c == UInt8(ascii: "_") {
            kind = .identifier(take { $0.isLetter || $0.isDigit || $0 == UInt8(ascii: "_") })
        } else if c.isDigit || (c == UInt8(ascii: ".") && peek(1)?.isDigit == true) {
            kind = .number(try number(at: start))
        } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
            kind = .string(try string(quote: c, at: start))
        } else if "{}[]<>:,;-/.".utf8.contains(c) {
            i += 1
            kind = .symbol(Character(Unicode.Scalar(c)))
        } else {
            throw TextProtoError("unexpected character '\(Character(Unicode.Scalar(c)))'", at: start)
        }
        return TextProtoToken(kind: kind, location: start)
    }

    private mutating func skipSpaceAndComments() {
        while let c = peek() {
            if c == UInt8(ascii: "\n") {
                i += 1
                line += 1
                lineStart = i
            } else if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r")
                        || c == 0x0B || c == 0x0C {
                i += 1
            } else if c == UInt8(ascii: "#") {
                while let d = peek(), d != UInt8(ascii: "\n") { i += 1 }
            } else {
                return
            }
        }
    }

    private mutating func take(while accept: (UInt8) -> Bool) -> String {
        let from = i
        while let c = peek(), accept(c) { i += 1 }
        return String(decoding: bytes[from..<i], as: UTF8.self)
    }

    /// A decimal, hex or octal integer, or a float (`1.5`, `.5`, `1e10`, `2.5f`).
    private mutating func number(at start: TextLocation) throws(TextProtoError) -> String {
        let hex = peek() == UInt8(ascii: "0") && (peek(1) == UInt8(ascii: "x") || peek(1) == UInt8(ascii: "X"))
        var text = ""
        while let c = peek() {
            let exponentSign = !hex && (c == UInt8(ascii: "+") || c == UInt8(ascii: "-"))
                && (text.last == "e" || text.last == "E")
            guard c.isLetter || c.isDigit || c == UInt8(ascii: "_") || c == UInt8(ascii: ".") || exponentSign else { break }
            text.append(Character(Unicode.Scalar(c)))
            i += 1
        }
        var float = Substring(text)
        if !hex, float.last == "f" || float.last == "F" { float = float.dropLast() }
        guard TextProtoField.integer(text) != nil || (!hex && !float.contains("_") && Double(float) != nil) else {
            throw TextProtoError("invalid number '\(text)'", at: start)
        }
        return text
    }

    private mutating func string(quote: UInt8, at start: TextLocation) throws(TextProtoError) -> [UInt8] {
        i += 1
        var out: [UInt8] = []
        while true {
            guard let c = peek(), c != UInt8(ascii: "\n") else {
                throw TextProtoError("unterminated string", at: start)
            }
            if c == quote {
                i += 1
                return out
            }
            if c == UInt8(ascii: "\\") {
                try escape(into: &out)
            } else {
                out.append(c)
                i += 1
            }
        }
    }

    private mutating func escape(into out: inout [UInt8]) throws(TextProtoError) {
        let at = location
        i += 1
        guard let c = peek() else { throw TextProtoError("unterminated string", at: at) }
        i += 1
        switch c {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "a"): out.append(0x07)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "?"): out.append(c)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var value = UInt32(c - UInt8(ascii: "0"))
            for _ in 0..<2 {
                guard let d = peek(), d >= UInt8(ascii: "0"), d <= UInt8(ascii: "7") else { break }
                value = value * 8 + UInt32(d - UInt8(ascii: "0"))
                i += 1
            }
            guard value <= 0xFF else { throw TextProtoError("octal escape out of range", at: at) }
            out.append(UInt8(value))
        case UInt8(ascii: "x"), UInt8(ascii: "X"):
            guard let value = hexDigits(min: 1, max: 2) else { throw TextProtoError("\\x needs a hex digit", at: at) }
            out.append(UInt8(value))
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let width = c == UInt8(ascii: "u") ? 4 : 8
            guard var value = hexDigits(min: width, max: width) else {
                throw TextProtoError("\\\(Character(Unicode.Scalar(c))) needs \(width) hex digits", at: at)
            }
            // A UTF-16 surrogate pair written as two \u escapes.
            if (0xD800..<0xDC00).contains(value), peek() == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u") {
                i += 2
                guard let low = hexDigits(min: 4, max: 4), (0xDC00..<0xE000).contains(low) else {
                    throw TextProtoError("invalid surrogate pair", at: at)
                }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(value) else { throw TextProtoError("invalid code point", at: at) }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw TextProtoError("unknown escape '\\\(Character(Unicode.Scalar(c)))'", at: at)
        }
    }

    private mutating func hexDigits(min: Int, max: Int) -> UInt32? {
        var value: UInt32 = 0
        var count = 0
        while count < max, let d = peek(), let v = UInt32(String(Character(Unicode.Scalar(d))), radix: 16) {
            value = value * 16 + v
            count += 1
            i += 1
        }
        return count >= min ? value : nil
    }
}

extension UInt8 {
    fileprivate var isLetter: Bool { (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) }
    fileprivate var isDigit: Bool { (0x30...0x39).contains(self) }
}
