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
    /// The most thread steps (live threads summed over the code points of the text) one match
    /// may take: linear time is still long time for a 10,000-instruction pattern over a long
    /// text, and a match runs inside a step of a case. An ordinary pattern over a long
    /// customer text takes a few hundred thousand.
    static let maxSteps = 5_000_000
}
