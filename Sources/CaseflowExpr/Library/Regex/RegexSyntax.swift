/// A parsed pattern: a tree whose nodes live in one array and refer to their children by index,
/// so that building, compiling and freeing it never recurses, however deeply the pattern nests.
struct RegexSyntax: Sendable {
    private(set) var nodes: [RegexNode] = []
    var root = 0

    subscript(index: Int) -> RegexNode { nodes[index] }

    mutating func add(_ node: RegexNode) -> Int {
        nodes.append(node)
        return nodes.count - 1
    }
}

/// One node of a parsed pattern; children are indexes into the same `RegexSyntax`.
enum RegexNode: Sendable {
    /// Matches the empty string.
    case empty
    /// One code point, exactly.
    case scalar(UInt32)
    /// Any code point with this simple case fold (a cased letter under `(?i)`).
    case foldedScalar(UInt32)
    case characterClass(RegexCharacterClass)
    /// `.` with the `s` flag.
    case anyScalar
    /// `.`: anything but `\n`.
    case anyScalarButNewline
    case assertion(RegexAssertion)
    case concatenation([Int])
    case alternation([Int])
    /// From `min` to `max` (unbounded when nil) of the child in a row.
    case repetition(Int, min: Int, max: Int?)
}

/// A test at a position between two code points of the text, consuming nothing.
enum RegexAssertion: Sendable, Equatable {
    /// `\A`, or `^` without the `m` flag.
    case textStart
    /// `\z`, or `$` without the `m` flag (RE2's `$` does not match before a final newline).
    case textEnd
    /// `^` with the `m` flag: at the start or after `\n`.
    case lineStart
    /// `$` with the `m` flag: at the end or before `\n`.
    case lineEnd
    /// `\b`: between an ASCII word character and something else.
    case wordBoundary
    /// `\B`
    case notWordBoundary
}
