/// Splits CEL source text into tokens, decoding string and bytes literals with all CEL escapes.
struct Lexer {
    private let text: [Unicode.Scalar]
    private var i = 0

    init(_ source: String) {
        text = Array(source.unicodeScalars)
    }

    static let keywords: Set<String> = ["true", "false", "null", "in"]
    /// Words reserved by CEL: not identifiers, but allowed as field and receiver-function names.
    static let reserved: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let",
        "loop", "package", "namespace", "return", "var", "void", "while",
    ]

    mutating func tokenize() throws(ExprError) -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = try next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        i + ahead < text.count ? text[i + ahead] : nil
    }

    private func error(_ message: String, at offset: Int) -> ExprError {
        ExprError(.syntax, message, at: position(offset))
    }

    func position(_ offset: Int) -> SourcePosition {
        var line = 1, column = 1
        for k in 0..<min(offset, text.count) {
            if text[k] == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return SourcePosition(line: line, column: column, offset: offset)
    }

    private mutating func skipSpaceAndComments() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
                i += 1
            } else if c == "/" && peek(1) == "/" {
                while let d = peek(), d != "\n" { i += 1 }
            } else {
                return
            }
        }
    }

    private mutating func next() throws(ExprError) -> Token {
        skipSpaceAndComments()
        let start = i
        guard let c = peek() else { return Token(kind: .end, offset: i) }

        if c.isDigit || (c == "." && peek(1)?.isDigit == true) {
            return try number(start)
        }
        if c.isIdentStart {
            // String and bytes prefixes: r, R, b, B, and their two-letter combinations.
            var j = i
            var raw = false, bytes = false
            while j < text.count, j - i < 2 {
                let p = text[j]
                if (p == "r" || p == "R") && !raw { raw = true } else if (p == "b" || p == "B") && !bytes { bytes = true } else { break }
                j += 1
            }
            if j > i, j < text.count, text[j] == "\"" || text[j] == "'" {
                i = j
                return try quoted(start: start, raw: raw, bytes: bytes)
            }
            while let d = peek(), d.isIdentContinue { i += 1 }
            let word = String(String.UnicodeScalarView(text[start..<i]))
            if word == "in" { return Token(kind: .symbol("in"), offset: start) }
            return Token(kind: .ident(word), offset: start)
        }
        if c == "\"" || c == "'" {
            return try quoted(start: start, raw: false, bytes: false)
        }
        if c == "`" {
            return try quotedIdentifier(start)
        }
        let two = peek(1).map { String(c) + String($0) } ?? ""
        if ["&&", "||", "==", "!=", "<=", ">="].contains(two) {
            i += 2
            return Token(kind: .symbol(two), offset: start)
        }
        if "+-*/%<>!?:.,()[]{}".unicodeScalars.contains(c) {
            i += 1
            return Token(kind: .symbol(String(c)), offset: start)
        }
        if c == "&" || c == "|" {
            throw error("'\(c)' is not an operator; use '\(c)\(c)'", at: start)
        }
        if c == "=" {
            throw error("'=' is not an operator; use '==' to compare", at: start)
        }
        if let ascii = Self.fullWidth[c] {
            throw ExprError(.fullWidthPunctuation,
                            "full-width '\(c)' where an expression needs the ASCII '\(ascii)'; switch the input method to half-width (半角) and retype it",
                            at: position(start))
        }
        throw error("unexpected character '\(c)'", at: start)
    }

    /// Punctuation a Chinese input method types in place of ASCII, with the ASCII meant.
    static let fullWidth: [Unicode.Scalar: String] = [
        "：": ":", "，": ",", "“": "\"", "”": "\"", "‘": "'", "’": "'", "（": "(", "）": ")",
        "！": "!", "？": "?", "【": "[", "】": "]", "＝": "=", "＜": "<", "＞": ">", "．": ".", "\u{3000}": " ",
    ]

    /// A field name in backticks, for keys that are not identifiers (`content-type`, `foo.txt`,
    /// `/api/v1`): letters, digits, `_ . - /` and spaces, no escapes (cel-spec's grammar).
    private mutating func quotedIdentifier(_ start: Int) throws(ExprError) -> Token {
        i += 1
        let bodyStart = i
        while let d = peek(), d != "`" {
            guard d.isIdentContinue || "._-/ ".unicodeScalars.contains(d) else {
                throw error("'\(d)' cannot appear in a quoted field name; only letters, digits, '_', '.', '-', '/' and spaces can", at: i)
            }
            i += 1
        }
        guard peek() == "`" else { throw error("quoted field name is not closed with '`'", at: start) }
        let name = String(String.UnicodeScalarView(text[bodyStart..<i]))
        i += 1
        guard !name.isEmpty else { throw error("a quoted field name cannot be empty", at: start) }
        return Token(kind: .quotedIdent(name), offset: start)
    }

    private mutating func number(_ start: Int) throws(ExprError) -> Token {
        if peek() == "0", peek(1) == "x" || peek(1) == "X" {
            i += 2
            let digitsStart = i
            while let d = peek(), d.properties.isASCIIHexDigit { i += 1 }
            let digits = String(String.UnicodeScalarView(text[digitsStart..<i]))
            guard let value = UInt64(digits, radix: 16) else {
                throw error("hexadecimal literal out of range or empty", at: start)
            }
            return try integerSuffix(value, start)
        }
        while let d = peek(), d.isDigit { i += 1 }
        var isDouble = false
        if peek() == ".", peek(1)?.isDigit == true {
            isDouble = true
            i += 1
            while let d = peek(), d.isDigit { i += 1 }
        }
        if peek() == "e" || peek() == "E" {
            var j = i + 1
            if j < text.count, text[j] == "+" || text[j] == "-" { j += 1 }
            if j < text.count, text[j].isDigit {
                isDouble = true
                i = j
                while let d = peek(), d.isDigit { i += 1 }
            }
        }
        let literal = String(String.UnicodeScalarView(text[start..<i]))
        if isDouble {
            guard let value = Double(literal) else { throw error("invalid number '\(literal)'", at: start) }
            return Token(kind: .double(value), offset: start)
        }
        guard let value = UInt64(literal) else {
            throw error("integer literal '\(literal)' is out of range", at: start)
        }
        return try integerSuffix(value, start)
    }

    private mutating func integerSuffix(_ value: UInt64, _ start: Int) throws(ExprError) -> Token {
        if peek() == "u" || peek() == "U" {
            i += 1
            return Token(kind: .uint(value), offset: start)
        }
        return Token(kind: .int(value), offset: start)
    }

    private mutating func quoted(start: Int, raw: Bool, bytes: Bool) throws(ExprError) -> Token {
        guard let quote = peek() else { throw error("unterminated string", at: start) }
        let triple = peek(1) == quote && peek(2) == quote
        i += triple ? 3 : 1
        var out: [UInt8] = []
        var scalars = String.UnicodeScalarView()
        func append(_ s: Unicode.Scalar) {
            if bytes { out.append(contentsOf: Array(String(s).utf8)) } else { scalars.append(s) }
        }
        while true {
            guard let c = peek() else {
                throw error("unterminated \(bytes ? "bytes" : "string") literal: add the closing \(triple ? String(repeating: String(quote), count: 3) : String(quote))", at: start)
            }
            if triple {
                if c == quote, peek(1) == quote, peek(2) == quote { i += 3; break }
            } else {
                if c == quote { i += 1; break }
                if c == "\n" || c == "\r" {
                    throw error("newline in a quoted string: end the string, or use a triple-quoted string", at: i)
                }
            }
            if c == "\\" && !raw {
                let escStart = i
                i += 1
                guard let e = peek() else { throw error("unterminated escape", at: escStart) }
                i += 1
                switch e {
                case "a": append("\u{07}")
                case "b": append("\u{08}")
                case "f": append("\u{0C}")
                case "n": append("\n")
                case "r": append("\r")
                case "t": append("\t")
                case "v": append("\u{0B}")
                case "\\", "?", "\"", "'", "`": append(e)
                case "x", "X":
                    let v = try hexDigits(2, escStart)
                    if bytes { out.append(UInt8(v)) } else { append(Unicode.Scalar(UInt8(v))) }
                case "u", "U":
                    if bytes { throw error("\\\(e) escapes are not allowed in bytes literals", at: escStart) }
                    let v = try hexDigits(e == "u" ? 4 : 8, escStart)
                    guard let s = Unicode.Scalar(v) else {
                        throw error("\\\(e) escape is not a valid code point", at: escStart)
                    }
                    append(s)
                case "0"..."3":
                    guard let d1 = peek(), let d2 = peek(1), d1.isOctal, d2.isOctal else {
                        throw error("octal escape needs three digits, e.g. \\012", at: escStart)
                    }
                    i += 2
                    let v = (e.value - 48) * 64 + (d1.value - 48) * 8 + (d2.value - 48)
                    if bytes { out.append(UInt8(v)) } else { append(Unicode.Scalar(UInt8(v))) }
                default:
                    throw error("unknown escape '\\\(e)'", at: escStart)
                }
                continue
            }
            append(c)
            i += 1
        }
        if bytes { return Token(kind: .bytes(out), offset: start) }
        return Token(kind: .string(String(scalars)), offset: start)
    }

    private mutating func hexDigits(_ count: Int, _ escStart: Int) throws(ExprError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<count {
            guard let d = peek(), d.properties.isASCIIHexDigit, let n = UInt32(String(d), radix: 16) else {
                throw error("escape needs \(count) hexadecimal digits", at: escStart)
            }
            v = v * 16 + n
            i += 1
        }
        return v
    }
}

extension Unicode.Scalar {
    var isDigit: Bool { value >= 48 && value <= 57 }
    var isOctal: Bool { value >= 48 && value <= 55 }
    var isIdentStart: Bool { (value >= 65 && value <= 90) || (value >= 97 && value <= 122) || value == 95 }
    var isIdentContinue: Bool { isIdentStart || isDigit }
}

extension String {
    /// True for a name an expression can write without backticks (`delivered_at`, not `content-type`).
    var isPlainIdentifier: Bool {
        guard let first = unicodeScalars.first, first.isIdentStart else { return false }
        return unicodeScalars.allSatisfy(\.isIdentContinue)
    }
}
