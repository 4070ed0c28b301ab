/// The UTF-8 bytes of a file with a table of line starts, for positions libyaml does not report.
///
/// Lines break where libyaml breaks them: at LF, CRLF, CR, NEL (U+0085), LS (U+2028) and
/// PS (U+2029). Lines and columns here are 0-based, like libyaml's marks.
struct SourceText {
    let bytes: [UInt8]
    /// Byte offset of the start of each line.
    let lineStarts: [Int]

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        var index = 0
        while index < bytes.count {
            let width = Self.lineBreakWidth(bytes, at: index)
            if width > 0 {
                index += width
                starts.append(index)
            } else {
                index += 1
            }
        }
        lineStarts = starts
    }

    /// The byte offset of a 0-based line and character column, clamped to the line's end.
    func byteOffset(line: Int, column: Int) -> Int {
        guard line < lineStarts.count else { return bytes.count }
        var offset = lineStarts[line]
        var remaining = column
        while remaining > 0, offset < bytes.count, Self.lineBreakWidth(bytes, at: offset) == 0 {
            offset += 1
            while offset < bytes.count, Self.isContinuationByte(bytes[offset]) { offset += 1 }
            remaining -= 1
        }
        return offset
    }

    /// The byte offset just after the last character that is not a space, tab or line break.
    var endOfContent: Int {
        var end = bytes.count
        while end > 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) { end -= 1 }
        return end
    }

    /// The 0-based line and character column of a byte offset.
    func position(ofByteOffset offset: Int) -> (line: Int, column: Int) {
        let target = min(max(offset, 0), bytes.count)
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= target { low = middle } else { high = middle - 1 }
        }
        var column = 0
        for byte in bytes[lineStarts[low]..<target] where !Self.isContinuationByte(byte) {
            column += 1
        }
        return (low, column)
    }

    /// The number of bytes of the line break at `index`, or 0 if there is none.
    static func lineBreakWidth(_ bytes: [UInt8], at index: Int) -> Int {
        switch bytes[index] {
        case 0x0A:
            return 1
        case 0x0D:
            return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0xC2:
            return index + 1 < bytes.count && bytes[index + 1] == 0x85 ? 2 : 0
        case 0xE2:
            guard index + 2 < bytes.count, bytes[index + 1] == 0x80 else { return 0 }
            return bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 ? 3 : 0
        default:
            return 0
        }
    }

    static func isContinuationByte(_ byte: UInt8) -> Bool {
        byte & 0xC0 == 0x80
    }
}
