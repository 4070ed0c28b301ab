/// A definition file's text split into lines, for mapping expressions and printing the source
/// line under a diagnostic.
public struct SourceFile: Sendable {
    public let path: String
    public let text: String
    private let lines: [Substring]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        // Split on the byte, not the Character: "\r\n" is one Character and would not split.
        self.lines = text.utf8.split(separator: 10, omittingEmptySubsequences: false).map { Substring($0) }
    }

    /// The 1-based line without its line break, or nil past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lines.count else { return nil }
        let line = lines[number - 1]
        return line.last == "\r" ? line.dropLast() : line
    }
}
