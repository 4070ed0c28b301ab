/// Parses protobuf text format into a ``TextProtoMessage`` tree, without a schema.
///
/// Supports `name: value`, `name { … }`, `name: { … }` (and `< … >`), lists `name: [a, b]` and
/// `name [{…}, {…}]`, adjacent string concatenation, `-` before numbers and `inf`/`nan`,
/// `[ext.name]` and `[type.googleapis.com/pkg.Type]` fields, optional `,`/`;` separators and
/// `#` comments.
struct TextProtoParser {
    private var lexer: TextProtoLexer
    private var token: TextProtoToken

    /// Parses a whole file as the fields of its top-level message.
    static func parse(_ bytes: [UInt8]) throws(TextProtoError) -> TextProtoMessage {
        var parser = try TextProtoParser(bytes)
        return try parser.fields(closedBy: nil)
    }

    private init(_ bytes: [UInt8]) throws(TextProtoError) {
        lexer = TextProtoLexer(bytes)
        token = try lexer.next()
    }

    private mutating func advance() throws(TextProtoError) { token = try lexer.next() }

    private mutating func accept(_ symbol: Character) throws(TextProtoError) -> Bool {
        guard token.kind == .symbol(symbol) else { return false }
        try advance()
        return true
    }

    private func unexpected(_ expected: String) -> TextProtoError {
        let found: String
        switch token.kind {
        case .identifier(let s): found = "'\(s)'"
        case .number(let s): found = "number \(s)"
        case .string: found = "a string"
        case .symbol(let c): found = "'\(c)'"
        case .end: found = "the end of the file"
        }
        return TextProtoError("expected \(expected), found \(found)", at: token.location)
    }

    /// Fields up to the closing symbol (or the end of the file for the top level).
    private mutating func fields(closedBy close: Character?) throws(TextProtoError) -> TextProtoMessage {
        var message = TextProtoMessage()
        while true {
            if token.kind == .end {
                guard let close else { return message }
                throw unexpected("'\(close)'")
            }
            if let close, try accept(close) { return message }
            try field(into: &message.fields)
            if try !accept(",") { _ = try accept(";") }
        }
    }

    private mutating func field(into fields: inout [TextProtoField]) throws(TextProtoError) {
        let location = token.location
        let (name, isExtension) = try fieldName()
        let colon = try accept(":")
        func add(_ value: TextProtoValue) {
            fields.append(TextProtoField(name: name, isExtension: isExtension, value: value, location: location))
        }
        if let message = try messageValue() {
            add(.message(message))
        } else if try accept("[") {
            if try accept("]") { return }
            repeat {
                if let message = try messageValue() {
                    add(.message(message))
                } else if colon {
                    add(.scalar(try scalar()))
                } else {
                    throw unexpected("'{' (a list without ':' holds messages)")
                }
            } while try accept(",")
            guard try accept("]") else { throw unexpected("',' or ']'") }
        } else if colon {
            add(.scalar(try scalar()))
        } else {
            throw unexpected("':' or '{' after field '\(name)'")
        }
    }

    /// `name`, or `[ext.name]` / `[type.googleapis.com/pkg.Type]` for extension and Any fields.
    private mutating func fieldName() throws(TextProtoError) -> (String, Bool) {
        if case .identifier(let name) = token.kind {
            try advance()
            return (name, false)
        }
        guard try accept("[") else { throw unexpected("a field name") }
        var name = ""
        var wantPart = true
        while true {
            switch token.kind {
            case .identifier(let part) where wantPart:
                name += part
                wantPart = false
            case .symbol(let c) where !wantPart && (c == "." || c == "/"):
                name.append(c)
                wantPart = true
            case .symbol("]") where !wantPart:
                try advance()
                return (name, true)
            default:
                throw unexpected("a type name in '[…]'")
            }
            try advance()
        }
    }

    /// A `{ … }` or `< … >` message, or nil when the next token opens neither.
    private mutating func messageValue() throws(TextProtoError) -> TextProtoMessage? {
        if try accept("{") { return try fields(closedBy: "}") }
        if try accept("<") { return try fields(closedBy: ">") }
        return nil
    }

    private mutating func scalar() throws(TextProtoError) -> TextProtoScalar {
        switch token.kind {
        case .string(var bytes):
            try advance()
            while case .string(let more) = token.kind {
                bytes += more
                try advance()
            }
            return .string(bytes)
        case .number(let text):
            try advance()
            return .number(text)
        case .identifier(let name):
            try advance()
            return .identifier(name)
        case .symbol("-"):
            try advance()
            switch token.kind {
            case .number(let text):
                try advance()
                return .number("-" + text)
            case .identifier(let name) where ["inf", "infinity", "nan"].contains(name.lowercased()):
                try advance()
                return .identifier("-" + name)
            default:
                throw unexpected("a number after '-'")
            }
        default:
            throw unexpected("a value")
        }
    }
}
