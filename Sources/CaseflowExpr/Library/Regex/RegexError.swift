/// Why a pattern was refused: what is wrong, where (a code point offset into the pattern), and
/// why or what to do instead.
///
/// It renders as `missing ')' at offset 2` or
/// `backreference '\1' at offset 3: RE2 syntax does not support backreferences`.
struct RegexError: Error, Sendable, Equatable, CustomStringConvertible {
    var message: String
    var offset: Int?
    var detail: String?

    init(_ message: String, at offset: Int?, _ detail: String? = nil) {
        self.message = message
        self.offset = offset
        self.detail = detail
    }

    var description: String {
        var text = message
        if let offset { text += " at offset \(offset)" }
        if let detail { text += ": \(detail)" }
        return text
    }
}
