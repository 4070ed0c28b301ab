/// Bracketed classes: `[abc]`, `[^a-z]`, `[[:alpha:]]`, `[\d\pL_-]`.
extension RegexParser {
    /// Reads a class at `position` (a `[`) and returns its node.
    mutating func parseClass() throws(RegexError) -> Int {
        position += 1
        var set = RegexCharacterClass()
        let negated = peek() == "^"
        if negated { position += 1 }
        var first = true // a `]` first in the class is itself
        while true {
            guard let c = peek() else { throw RegexError("missing ']'", at: pattern.count) }
            if c == "]" && !first {
                position += 1
                break
            }
            first = false
            if c == "[" && peek(at: position + 1) == ":", let posix = try parsePosixClass() {
                set.formUnion(posix)
                continue
            }
            let lowStart = position
            let low: UInt32
            switch try parseClassAtom() {
            case .set(let other):
                set.formUnion(other)
                continue
            case .scalar(let value):
                low = value
            }
            guard peek() == "-", let after = peek(at: position + 1), after != "]" else {
                set.add(low...low)
                continue
            }
            position += 1
            let atom = try parseClassAtom()
            let range = text(lowStart..<position)
            guard case .scalar(let high) = atom else {
                throw RegexError("invalid character class range '\(range)'", at: lowStart, "a range needs a character at each end")
            }
            guard low <= high else {
                throw RegexError("invalid character class range '\(range)'", at: lowStart, "the end is before the start")
            }
            set.add(low...high)
        }
        set.finish(negated: negated, caseInsensitive: flags.caseInsensitive)
        return add(.characterClass(set))
    }

    private mutating func parseClassAtom() throws(RegexError) -> Escape {
        guard let c = peek() else { throw RegexError("missing ']'", at: pattern.count) }
        if c == "\\" { return try parseEscapeAtom(inClass: true) }
        position += 1
        return .scalar(c.value)
    }

    /// `[:alpha:]` or `[:^alpha:]` at `position`; nil (reading nothing) when no `:]` follows, as
    /// then the `[` is itself.
    private mutating func parsePosixClass() throws(RegexError) -> RegexCharacterClass? {
        let start = position
        var end = start + 2
        while end + 1 < pattern.count, !(pattern[end] == ":" && pattern[end + 1] == "]") { end += 1 }
        guard end + 1 < pattern.count else { return nil }
        var name = text(start + 2..<end)
        let negated = name.hasPrefix("^")
        if negated { name.removeFirst() }
        guard let ranges = RegexCharacterClass.posixRanges(name) else {
            throw RegexError("unknown POSIX class '\(text(start..<end + 2))'", at: start,
                             "the classes are \(RegexCharacterClass.posixNames)")
        }
        position = end + 2
        return RegexCharacterClass(ranges, negated: negated)
    }
}
