/// Finds where the content of a `|` or `>` block scalar starts, which libyaml's events do not say.
extension SourceText {
    /// The 0-based line and column of a block scalar's first content line and indentation.
    ///
    /// - Parameters:
    ///   - header: the 0-based position of the `|` or `>` indicator (the scalar's start mark).
    ///   - parentIndent: the 0-based column of the enclosing block collection, or -1 at the top
    ///     level; used only with an explicit indentation indicator such as `|2`.
    /// - Returns: the line after the header and the indentation column, computed as libyaml does:
    ///   the explicit indicator added to the parent's indentation, or else the widest of the
    ///   leading empty lines and the first non-empty line.
    func blockScalarContentStart(header: (line: Int, column: Int), parentIndent: Int) -> (line: Int, column: Int) {
        let contentLine = header.line + 1
        if let increment = explicitIndentation(header: header) {
            return (contentLine, parentIndent >= 0 ? parentIndent + increment : increment)
        }
        var widestBlank = 0
        var line = contentLine
        while line < lineStarts.count {
            var offset = lineStarts[line]
            var spaces = 0
            while offset < bytes.count, bytes[offset] == UInt8(ascii: " ") {
                offset += 1
                spaces += 1
            }
            let isBlank = offset >= bytes.count || Self.lineBreakWidth(bytes, at: offset) > 0
            guard isBlank else { return (contentLine, max(widestBlank, spaces, parentIndent + 1, 1)) }
            widestBlank = max(widestBlank, spaces)
            line += 1
        }
        return (contentLine, max(widestBlank, parentIndent + 1, 1))
    }

    /// The digit of an indentation indicator in the header (`|2`, `>-1`, `|+3`), if any.
    private func explicitIndentation(header: (line: Int, column: Int)) -> Int? {
        var offset = byteOffset(line: header.line, column: header.column) + 1
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte >= UInt8(ascii: "1") && byte <= UInt8(ascii: "9") {
                return Int(byte - UInt8(ascii: "0"))
            }
            guard byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") else { return nil }
            offset += 1
        }
        return nil
    }
}
