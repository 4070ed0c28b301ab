/// One lexical token of a CEL expression, with the scalar offset where it starts.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        /// An integer literal's magnitude; the parser applies a leading minus and checks range.
        case int(UInt64)
        case uint(UInt64)
        case double(Double)
        case string(String)
        case bytes([UInt8])
        case ident(String)
        /// A field name in backticks, selected after a dot: ``headers.`content-type` ``.
        case quotedIdent(String)
        /// Operators and punctuation, spelled as in the source: `&&`, `(`, `?`, `in` …
        case symbol(String)
        case end
    }
    var kind: Kind
    var offset: Int
}
