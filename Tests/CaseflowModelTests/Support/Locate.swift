/// The line and column (in characters) where `needle` first occurs in `text` at or after line
/// `fromLine`, so tests can say "the error is at the typo" instead of counting by hand.
func locate(_ needle: String, in text: String, file: String, fromLine: Int = 1) -> Found.Place? {
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    where index + 1 >= fromLine {
        if let range = line.range(of: needle) {
            return .at(file, index + 1, line[..<range.lowerBound].unicodeScalars.count + 1)
        }
    }
    return nil
}
