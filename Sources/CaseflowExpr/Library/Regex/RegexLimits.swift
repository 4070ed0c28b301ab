/// The bounds that keep a careless or hostile pattern from costing unbounded time, memory or stack.
///
/// Matching costs at most (program size × text length) steps, so bounding the program bounds the
/// time per character of text.
enum RegexLimits {
    /// The longest pattern accepted, in code points.
    static let maxPatternLength = 10_000
    /// The deepest nesting of groups, as in RE2.
    static let maxNesting = 1000
    /// The largest count in `{n,m}`, and the largest product of nested counts, as in RE2.
    static let maxRepeat = 1000
    /// The largest compiled program, in instructions, after counted repetitions are expanded.
    static let maxProgramSize = 10_000
}
