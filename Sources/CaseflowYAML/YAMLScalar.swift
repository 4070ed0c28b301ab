import CaseflowSource
/// The text of a scalar node, how it was written, and where its content starts in the file.
///
/// The style and `contentStart` let a later layer map a position inside the value (for example a
/// CEL expression's error column) back to a file line and column.
public struct YAMLScalar: Sendable, Hashable {
    /// How a scalar was written in the file.
    public enum Style: Sendable, Hashable {
        /// Unquoted text, e.g. `approved`. Only plain scalars resolve to bools, numbers and null.
        case plain
        /// `'text'`, where `''` stands for one quote.
        case singleQuoted
        /// `"text"`, with backslash escapes.
        case doubleQuoted
        /// A `|` block: line breaks are kept.
        case literal
        /// A `>` block: single line breaks fold into spaces.
        case folded
    }

    /// The scalar's content after YAML has removed quotes, escapes and indentation.
    public var value: String
    /// How the scalar was written.
    public var style: Style
    /// The location of the first character of the content.
    ///
    /// - plain: the first character of the text (the node's location, unless an anchor or tag
    ///   comes first).
    /// - single or double quoted: one column after the opening quote.
    /// - literal or folded: the line after the `|`/`>` header, at the block's indentation column
    ///   (1 + the number of indenting spaces). Line *n* of a literal value (counting from 0) is on
    ///   line `contentStart.line + n`, including leading empty lines. An empty block scalar's
    ///   content start is the location of its indicator.
    public var contentStart: SourceLocation

    /// Creates a scalar.
    public init(value: String, style: Style, contentStart: SourceLocation) {
        self.value = value
        self.style = style
        self.contentStart = contentStart
    }
}
