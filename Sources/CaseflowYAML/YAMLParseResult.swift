/// The outcome of parsing one file: its root node, plus the problems that did not stop the parse.
///
/// Fatal problems (syntax errors, limits, unknown aliases, a second document) are thrown instead,
/// because libyaml cannot continue past a syntax error. Problems collected here — duplicate keys
/// and merge keys — leave a usable tree, so a validator can report all of them in one run.
public struct YAMLParseResult: Sendable {
    /// The document's root, or nil when the file holds no content (empty, only comments, or a
    /// bare `---`). An explicit null such as `~` is a node, not nil.
    public var root: YAMLNode?
    /// Non-fatal problems in file order. The tree keeps the first of duplicate keys and leaves
    /// out later ones and `<<` entries.
    public var problems: [YAMLError]

    /// Creates a result.
    public init(root: YAMLNode?, problems: [YAMLError]) {
        self.root = root
        self.problems = problems
    }
}
