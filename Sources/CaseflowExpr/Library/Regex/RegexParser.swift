/// Parses RE2-syntax pattern text into a `RegexSyntax` tree.
///
/// It never recurses: open groups are kept on an explicit stack, so a pattern of a hundred thousand
/// `(` costs an error, not the call stack. Errors say what is wrong and at which code point offset.
///
///     let syntax = try RegexParser.parse("(?i)colou?r")
struct RegexParser {
    let pattern: [Unicode.Scalar]
    var position = 0
    var syntax = RegexSyntax()
    /// For each node, the product of the counted repetitions inside it, for RE2's limit of 1000.
    var repeatWeights: [Int] = []
    var flags = Flags()
    /// The open groups, innermost last; the first is the whole pattern.
    var groups: [Group]
    var groupNames: Set<String> = []

    /// The flags `(?i)`, `(?m)`, `(?s)` set (`U`, ungreedy, only changes which match is preferred).
    struct Flags {
        var caseInsensitive = false
        var multiLine = false
        var dotAll = false
    }

    struct Group {
        var branches: [Int] = []
        var items: [Int] = []
        /// The flags in force before the group opened, restored when it closes.
        let outerFlags: Flags
    }

    static func parse(_ text: String) throws(RegexError) -> RegexSyntax {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count <= RegexLimits.maxPatternLength else {
            throw RegexError("pattern too long", at: nil,
                             "\(scalars.count) code points, at most \(RegexLimits.maxPatternLength) are allowed")
        }
        var parser = RegexParser(scalars)
        return try parser.parseAll()
    }

    private init(_ pattern: [Unicode.Scalar]) {
        self.pattern = pattern
        groups = [Group(outerFlags: Flags())]
    }

    private mutating func parseAll() throws(RegexError) -> RegexSyntax {
        while let c = peek() {
            let start = position
            switch c {
            case "(":
                try openGroup()
            case ")":
                try closeGroup()
            case "|":
                position += 1
                endBranch()
            case "*", "+", "?":
                position += 1
                try repeatLastItem(min: c == "+" ? 1 : 0, max: c == "?" ? 1 : nil, operatorStart: start)
            case "{":
                if let count = scanCount(at: position) {
                    position = count.end
                    try checkCount(count, operatorStart: start)
                    try repeatLastItem(min: count.min, max: count.max, operatorStart: start)
                } else {
                    position += 1
                    appendLiteral(c.value) // RE2 reads a `{` that starts no count as itself
                }
            case "^":
                position += 1
                append(.assertion(flags.multiLine ? .lineStart : .textStart))
            case "$":
                position += 1
                append(.assertion(flags.multiLine ? .lineEnd : .textEnd))
            case ".":
                position += 1
                append(flags.dotAll ? .anyScalar : .anyScalarButNewline)
            case "[":
                appendItem(try parseClass())
            case "\\":
                try parseEscape()
            default:
                position += 1
                appendLiteral(c.value)
            }
        }
        guard groups.count == 1 else { throw RegexError("missing ')'", at: pattern.count) }
        syntax.root = finish(groups.removeLast())
        return syntax
    }

    // MARK: Reading

    func peek(at index: Int? = nil) -> Unicode.Scalar? {
        let index = index ?? position
        return index < pattern.count ? pattern[index] : nil
    }

    /// The pattern text in `range`, for messages.
    func text(_ range: Range<Int>) -> String {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: pattern[range.clamped(to: 0..<pattern.count)])
        return String(text)
    }

    // MARK: Building

    mutating func add(_ node: RegexNode, weight: Int = 1) -> Int {
        repeatWeights.append(weight)
        return syntax.add(node)
    }

    mutating func append(_ node: RegexNode) {
        appendItem(add(node))
    }

    mutating func appendItem(_ index: Int) {
        groups[groups.count - 1].items.append(index)
    }

    mutating func appendLiteral(_ value: UInt32) {
        if flags.caseInsensitive && RegexCaseFolding.hasCase(value) {
            append(.foldedScalar(RegexCaseFolding.fold(value)))
        } else {
            append(.scalar(value))
        }
    }

    private mutating func concatenation(_ items: [Int]) -> Int {
        let items = items.filter { if case .empty = syntax[$0] { false } else { true } }
        if items.count == 1 { return items[0] }
        if items.isEmpty { return add(.empty) }
        return add(.concatenation(items), weight: items.map { repeatWeights[$0] }.max() ?? 1)
    }

    private mutating func endBranch() {
        let top = groups.count - 1
        let branch = concatenation(groups[top].items)
        groups[top].items.removeAll()
        groups[top].branches.append(branch)
    }

    private mutating func finish(_ group: Group) -> Int {
        let branches = group.branches + [concatenation(group.items)]
        if branches.count == 1 { return branches[0] }
        return add(.alternation(branches), weight: branches.map { repeatWeights[$0] }.max() ?? 1)
    }

    // MARK: Groups

    mutating func pushGroup(openedAt start: Int) throws(RegexError) {
        guard groups.count <= RegexLimits.maxNesting else {
            throw RegexError("groups nested too deeply", at: start, "at most \(RegexLimits.maxNesting) levels are allowed")
        }
        groups.append(Group(outerFlags: flags))
    }

    private mutating func closeGroup() throws(RegexError) {
        guard groups.count > 1 else { throw RegexError("unmatched ')'", at: position) }
        position += 1
        let group = groups.removeLast()
        flags = group.outerFlags
        appendItem(finish(group))
    }

    // MARK: Repetition

    struct Count {
        let min: Int
        let max: Int?
        /// Just past the closing `}`.
        let end: Int
    }

    /// Reads `{n}`, `{n,}` or `{n,m}` at `start`, or nil when the text there is not one (RE2 then
    /// reads the `{` as a literal). Numbers have no leading zeros, as in RE2.
    func scanCount(at start: Int) -> Count? {
        guard peek(at: start) == "{" else { return nil }
        var index = start + 1
        func number() -> Int? {
            let first = index
            var value = 0
            while let c = peek(at: index), c.value >= 0x30, c.value <= 0x39 {
                value = Swift.min(value * 10 + Int(c.value - 0x30), 1_000_000)
                index += 1
            }
            if index == first || (index - first > 1 && pattern[first] == "0") { return nil }
            return value
        }
        guard let min = number() else { return nil }
        var max: Int? = min
        if peek(at: index) == "," {
            index += 1
            max = peek(at: index) == "}" ? nil : number()
            if max == nil && peek(at: index) != "}" { return nil }
        }
        guard peek(at: index) == "}" else { return nil }
        return Count(min: min, max: max, end: index + 1)
    }

    private func checkCount(_ count: Count, operatorStart start: Int) throws(RegexError) {
        let text = text(start..<count.end)
        if count.min > RegexLimits.maxRepeat || (count.max ?? 0) > RegexLimits.maxRepeat {
            throw RegexError("invalid repeat count '\(text)'", at: start, "RE2 allows at most \(RegexLimits.maxRepeat)")
        }
        if let max = count.max, max < count.min {
            throw RegexError("invalid repeat count '\(text)'", at: start, "the maximum is less than the minimum")
        }
    }

    /// Applies a repetition operator (already read, from `operatorStart` to `position`) to the
    /// last item; takes its lazy `?` and refuses a repetition operator straight after it.
    private mutating func repeatLastItem(min: Int, max: Int?, operatorStart start: Int) throws(RegexError) {
        let lazy = peek() == "?"
        if lazy { position += 1 }
        let op = text(start..<position)
        let top = groups.count - 1
        guard let item = groups[top].items.last else {
            throw RegexError("missing argument to repetition operator '\(op)'", at: start)
        }
        if let next = peek(), next == "*" || next == "+" || next == "?" || scanCount(at: position) != nil {
            let end = next == "{" ? scanCount(at: position)!.end : position + 1
            let both = text(start..<end)
            if next == "+" && !lazy {
                throw RegexError("possessive quantifier '\(both)'", at: start, "RE2 syntax does not support possessive quantifiers")
            }
            throw RegexError("nested repetition operator '\(both)'", at: start,
                             "RE2 syntax does not allow one repetition operator after another; use a group, as in (?:a*)*")
        }
        // RE2 also limits nested counted repetitions: (a{100}){100} repeats a 10,000 times.
        let count = max ?? min
        let weight = count > 0 ? count * repeatWeights[item] : repeatWeights[item]
        guard weight <= RegexLimits.maxRepeat else {
            throw RegexError("repetition '\(op)'", at: start,
                             "nested counted repetitions repeat more than \(RegexLimits.maxRepeat) times in all, RE2's limit")
        }
        if case .empty = syntax[item] { return }
        let repeated = max == 0 ? add(.empty) : add(.repetition(item, min: min, max: max), weight: weight)
        groups[top].items[groups[top].items.count - 1] = repeated
    }
}
