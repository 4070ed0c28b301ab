/// A position in a source file, so every diagnostic can point at the text that caused it.
///
/// Lines and columns are 1-based. Columns count Unicode scalars, not bytes, so a line such as
/// `title: 退货退款 Return` puts `Return` at column 13 whatever the UTF-8 width of the Chinese text.
/// A tab counts as one column.
public struct SourceLocation: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The path (or name) of the file, as given to the parser.
    public var file: String
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, counted in Unicode scalars.
    public var column: Int

    /// Creates a location from a file name and a 1-based line and column.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and terminals turn into links.
    public var description: String { "\(file):\(line):\(column)" }

    /// Orders by file, then line, then column, so diagnostics can be sorted for output.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
