import Synchronization

/// Compiles `matches()` patterns once and reuses them; patterns are RE2-style, searched anywhere
/// in the string (use `^…$` to match the whole string), as CEL specifies.
///
/// Matching is linear in the text (see `RegexMatcher`), so no pattern can take exponential time.
/// The cache is shared by all threads; it is emptied when it holds too many programs or
/// instructions, and it remembers refused patterns too.
enum RegexCache {
    private static let maxPrograms = 1000
    private static let maxInstructions = 1_000_000

    private struct Contents {
        var programs: [String: Result<RegexProgram, RegexError>] = [:]
        var instructions = 0
    }

    private static let contents = Mutex(Contents())

    static func matches(_ text: String, _ pattern: String) throws(EvalError) -> Bool {
        guard let matched = try program(for: pattern).matches(text) else {
            throw EvalError(.costLimitExceeded, "matching the regular expression '\(pattern.count > 60 ? String(pattern.prefix(60)) + "…" : pattern)' against a text of \(text.unicodeScalars.count) characters would take more than \(RegexLimits.maxSteps) steps; use a simpler pattern or match a shorter part of the text")
        }
        return matched
    }

    static func program(for pattern: String) throws(EvalError) -> RegexProgram {
        let compiled: Result<RegexProgram, RegexError>
        if let cached = contents.withLock({ $0.programs[pattern] }) {
            compiled = cached
        } else {
            compiled = Result { () throws(RegexError) in try RegexProgram(pattern) }
            let size = (try? compiled.get())?.instructions.count ?? 1
            contents.withLock { contents in
                if contents.programs.count >= maxPrograms || contents.instructions + size > maxInstructions {
                    contents = Contents()
                }
                contents.programs[pattern] = compiled
                contents.instructions += size
            }
        }
        switch compiled {
        case .success(let program):
            return program
        case .failure(let error):
            throw EvalError(.invalidArgument, "invalid regular expression '\(abbreviated(pattern))': \(error)")
        }
    }

    /// The pattern as error messages quote it: a long one is cut short.
    private static func abbreviated(_ pattern: String) -> String {
        let scalars = pattern.unicodeScalars
        guard scalars.count > 60 else { return pattern }
        return String(String.UnicodeScalarView(scalars.prefix(60))) + "…"
    }
}
