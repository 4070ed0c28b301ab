/// A 1-based line and column inside one expression's text, columns counted in characters.
///
/// The workflow loader adds these to the place where the expression starts in a YAML file.
public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    /// Unicode scalars from the start of the expression.
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The line and column of a scalar offset in `source`.
    public init(offset: Int, in source: String) {
        var line = 1, column = 1, i = 0
        for scalar in source.unicodeScalars {
            if i == offset { break }
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        self.init(line: line, column: column, offset: offset)
    }

    public var description: String { "\(line):\(column)" }
}
