/// Groups: `( )`, `(?: )`, `(?P<name> )`, `(?<name> )`, flags `(?i)` and `(?i-s: )`, and the Perl
/// group syntax RE2 refuses (lookaround, atomic groups, comments, named backreferences).
extension RegexParser {
    mutating func openGroup() throws(RegexError) {
        let start = position
        guard peek(at: start + 1) == "?" else {
            position += 1
            try pushGroup(openedAt: start)
            return
        }
        let kind = start + 2
        switch peek(at: kind) {
        case "P":
            switch peek(at: kind + 1) {
            case "<":
                try openNamedGroup(nameStart: kind + 2, openedAt: start)
            case "=":
                throw RegexError("named backreference '(?P='", at: start, "RE2 syntax does not support backreferences")
            default:
                throw unsupportedGroup(start, length: 3)
            }
        case "<":
            switch peek(at: kind + 1) {
            case "=":
                throw RegexError("lookbehind '(?<='", at: start, "RE2 syntax does not support lookbehind or lookahead")
            case "!":
                throw RegexError("negative lookbehind '(?<!'", at: start, "RE2 syntax does not support lookbehind or lookahead")
            default:
                try openNamedGroup(nameStart: kind + 1, openedAt: start)
            }
        case "=":
            throw RegexError("lookahead '(?='", at: start, "RE2 syntax does not support lookahead or lookbehind")
        case "!":
            throw RegexError("negative lookahead '(?!'", at: start, "RE2 syntax does not support lookahead or lookbehind")
        case ">":
            throw RegexError("atomic group '(?>'", at: start, "RE2 syntax does not support atomic groups")
        case "#":
            throw RegexError("comment '(?#'", at: start, "RE2 syntax does not support comments")
        default:
            try parseFlags(openedAt: start)
        }
    }

    private func unsupportedGroup(_ start: Int, length: Int) -> RegexError {
        RegexError("unsupported group syntax '\(text(start..<start + length))'", at: start,
                   "RE2 syntax has (?:…), (?P<name>…), (?<name>…) and the flags i, m, s and U, as in (?i) or (?i:…)")
    }

    /// `(?P<name>…)` or `(?<name>…)`; the name only has to be valid and unique (there are no captures).
    private mutating func openNamedGroup(nameStart: Int, openedAt start: Int) throws(RegexError) {
        var end = nameStart
        while let c = peek(at: end), c != ">" { end += 1 }
        guard end < pattern.count else {
            throw RegexError("missing '>' after the group name", at: nameStart)
        }
        let name = text(nameStart..<end)
        let valid = !name.isEmpty && name.unicodeScalars.allSatisfy { RegexCharacterClass.isWordCharacter($0.value) }
        guard valid else {
            throw RegexError("invalid group name '\(name)'", at: nameStart, "use letters, digits and _")
        }
        guard groupNames.insert(name).inserted else {
            throw RegexError("duplicate group name '\(name)'", at: nameStart)
        }
        position = end + 1
        try pushGroup(openedAt: start)
    }

    /// `(?flags)` sets flags until the enclosing group ends; `(?flags:…)` sets them inside.
    private mutating func parseFlags(openedAt start: Int) throws(RegexError) {
        var index = start + 2
        var new = flags
        var negated = false
        var sawFlag = false
        while let c = peek(at: index) {
            switch c {
            case "i": new.caseInsensitive = !negated
            case "m": new.multiLine = !negated
            case "s": new.dotAll = !negated
            case "U": break // ungreedy: which match is preferred, not whether there is one
            case "-":
                guard !negated else { throw invalidFlags(start, through: index) }
                negated = true
                sawFlag = false
                index += 1
                continue
            case ":", ")":
                // A flag must follow `(?` and `-`, except in `(?:`.
                if !sawFlag && !(c == ":" && index == start + 2) { throw invalidFlags(start, through: index) }
                position = index + 1
                if c == ")" {
                    flags = new
                } else {
                    try pushGroup(openedAt: start)
                    flags = new
                }
                return
            default:
                throw unsupportedGroup(start, length: index - start + 1)
            }
            sawFlag = true
            index += 1
        }
        throw RegexError("missing ')'", at: pattern.count)
    }

    private func invalidFlags(_ start: Int, through end: Int) -> RegexError {
        RegexError("invalid flags '\(text(start..<end + 1))'", at: start, "write flags as in (?i), (?i-s) or (?-m:…)")
    }
}
