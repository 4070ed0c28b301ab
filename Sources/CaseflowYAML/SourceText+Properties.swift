/// Skips a node's `&anchor` and `!tag`, because libyaml's start mark for such a node is at them.
extension SourceText {
    /// The 0-based position of the first character after the properties that start at `start`,
    /// skipping the spaces, comments and line breaks between them and the content.
    func positionAfterProperties(_ start: (line: Int, column: Int)) -> (line: Int, column: Int) {
        var offset = byteOffset(line: start.line, column: start.column)
        var line = start.line
        var column = start.column
        func advance() {
            offset += 1
            while offset < bytes.count, Self.isContinuationByte(bytes[offset]) { offset += 1 }
            column += 1
        }
        func atBlank() -> Bool {
            bytes[offset] == UInt8(ascii: " ") || bytes[offset] == UInt8(ascii: "\t")
        }
        while offset < bytes.count {
            let breakWidth = Self.lineBreakWidth(bytes, at: offset)
            if breakWidth > 0 {
                offset += breakWidth
                line += 1
                column = 0
            } else if bytes[offset] == UInt8(ascii: "&") || bytes[offset] == UInt8(ascii: "!") {
                while offset < bytes.count, !atBlank(), Self.lineBreakWidth(bytes, at: offset) == 0 { advance() }
            } else if bytes[offset] == UInt8(ascii: "#") {
                while offset < bytes.count, Self.lineBreakWidth(bytes, at: offset) == 0 { advance() }
            } else if atBlank() {
                advance()
            } else {
                break
            }
        }
        return (line, column)
    }
}
