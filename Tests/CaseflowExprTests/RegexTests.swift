import Testing
@testable import CaseflowExpr

/// `matches()` through the expression language: RE2 syntax, searched anywhere in the string,
/// over code points, in time linear in the text.
@Suite struct RegexTests {
    /// `text.matches(pattern)`, with both passed as variables so that no escaping is needed.
    private func matches(_ text: String, _ pattern: String) throws -> Bool {
        try #require(eval("text.matches(pattern)", ["text": .string(text), "pattern": .string(pattern)]).boolValue as Bool?)
    }

    /// The message `matches()` fails with.
    private func refusal(_ pattern: String) -> String? {
        do {
            _ = try matches("", pattern)
            return nil
        } catch let error as EvalError {
            #expect(error.kind == .invalidArgument)
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: [
        ("'hubba'.matches('ubb')", true),
        ("''.matches('foo|bar')", false),
        ("'cows'.matches('')", true),
        ("''.matches('')", true),
        ("'abcd'.matches('bc')", true),
        ("'grey'.matches('gr(a|e)y')", true),
        ("'banana'.matches('ba(na)*')", true),
        ("'mañana'.matches('a+ñ+a+')", true),
        ("'\\U0001F431\\U0001F600\\U0001F600'.matches('(a|\\U0001F600){2}')", true),
        ("matches('grey', '^gr[ae]y$')", true),
    ])
    func celSpecCases(_ expression: String, _ expected: Bool) throws {
        #expect(try eval(expression).boolValue == expected)
    }

    /// Patterns that take a backtracking engine exponential (or high polynomial) time on a run of
    /// `a`s that ends in a character that makes the match fail.
    @Test(arguments: [
        ("(a+)+$", "b", false),
        ("(a*)*b", "c", false),
        ("(a|aa)+$", "b", false),
        ("(a|a?)+b", "c", false),
        ("(.*a){20}", "b", true),
        ("^(.*a){20}$", "b", false),
        ("(a+)+$", "", true),
        ("^(a|aa)+$", "", true),
    ], [30, 1000, 5000])
    func pathologicalPatternsRunInLinearTime(_ pattern: (String, String, Bool), _ count: Int) throws {
        let text = String(repeating: "a", count: count) + pattern.1
        #expect(try matches(text, pattern.0) == pattern.2)
    }

    @Test func searchIsUnanchoredUnlessAnchored() throws {
        #expect(try matches("xabcx", "abc"))
        #expect(try !matches("xabc", "^abc"))
        #expect(try !matches("abcx", "abc$"))
        #expect(try matches("abc", "^abc$"))
        #expect(try matches("abc", "\\Aabc\\z"))
        #expect(try !matches("abc\n", "abc$")) // RE2's $ is the end of the text, not before a final newline
        #expect(try matches("abc\n", "(?m)abc$"))
        #expect(try matches("a\nb", "(?m)^b$"))
        #expect(try !matches("a\nb", "^b"))
        #expect(try !matches("a\nb", "(?m)\\Ab"))
        #expect(try matches("a cat.", "\\bcat\\b"))
        #expect(try !matches("concat", "\\bcat\\b"))
        #expect(try matches("concat", "\\Bcat"))
        #expect(try matches("", "^$"))
        #expect(try !matches("x", "^$"))
    }

    @Test func characterClasses() throws {
        #expect(try matches("b", "^[abc]$"))
        #expect(try !matches("d", "^[abc]$"))
        #expect(try matches("A", "^[^a-z]$"))
        #expect(try !matches("q", "^[^a-z]$"))
        #expect(try matches("Hello", "^[[:alpha:]]+$"))
        #expect(try !matches("Hello1", "^[[:alpha:]]+$"))
        #expect(try matches("x", "^[[:^digit:]]$"))
        #expect(try matches("555-1234", "^\\d{3}-\\d{4}$"))
        #expect(try matches("user_1@host", "^\\w+@\\w+$"))
        #expect(try matches("a b", "a\\sb"))
        #expect(try !matches("a b", "a\\Sb"))
        #expect(try matches("]", "^[]a]$"))
        #expect(try matches("-", "^[a-]$"))
        #expect(try matches("1.5", "^[\\d.]+$"))
        #expect(try !matches("\n", "^.$"))
        #expect(try matches("\n", "(?s)^.$"))
        #expect(try matches("A😀", "^\\x41\\x{1F600}$"))
        #expect(try matches("A", "^\\101$"))
        #expect(try matches("a.*b", "a\\Q.*\\Eb"))
        #expect(try !matches("axxb", "a\\Q.*\\Eb"))
        #expect(try matches("1+1=2", "1\\+1=2"))
        #expect(try matches("\t", "^\\t$"))
    }

    @Test func repetition() throws {
        #expect(try matches("aaa", "^a{3}$"))
        #expect(try !matches("aaaa", "^a{3}$"))
        #expect(try matches("aaaa", "^a{2,}$"))
        #expect(try !matches("a", "^a{2,}$"))
        #expect(try matches("aa", "^a{1,3}$"))
        #expect(try !matches("aaaa", "^a{1,3}$"))
        #expect(try matches("b", "^a{0}b$"))
        #expect(try matches("abab", "^(ab){2}$"))
        #expect(try matches(String(repeating: "x", count: 1000), "^x{1000}$"))
        #expect(try matches("a{,2}", "^a{,2}$")) // not a count, so literal text as in RE2
        #expect(try matches("a{x}", "a{x}"))
        // Lazy forms parse; they do not change whether there is a match.
        #expect(try matches("aaab", "^a*?b$"))
        #expect(try matches("aaab", "^a+?b$"))
        #expect(try matches("b", "^a??b$"))
        #expect(try matches("aab", "^a{1,3}?b$"))
    }

    @Test func groups() throws {
        #expect(try matches("2026-03", "^(?P<year>\\d{4})-(?P<month>\\d{2})$"))
        #expect(try matches("ab", "^(?<first>a)b$"))
        #expect(try matches("ababab", "^(?:ab)+$"))
        #expect(try matches("cat", "^(cat|dog)$"))
        #expect(try !matches("cow", "^(cat|dog)$"))
        #expect(try matches("", "^(|a)$"))
        let deep = String(repeating: "(", count: 1000) + "a" + String(repeating: ")", count: 1000)
        #expect(try matches("a", deep))
    }

    @Test func caseInsensitivity() throws {
        #expect(try matches("HeLLo", "(?i)hello"))
        #expect(try matches("Hello", "(?i:h)ello"))
        #expect(try !matches("HELLO", "(?i:h)ello"))
        #expect(try matches("Ab", "(?i)a(?-i)b"))
        #expect(try !matches("AB", "(?i)a(?-i)b"))
        #expect(try matches("ABC", "^(?i)[a-c]+$"))
        #expect(try !matches("A", "^(?i)[^a]$"))
        #expect(try matches("X", "(?i)[[:lower:]]"))
        #expect(try matches("MAÑANA", "(?i)mañana"))
        #expect(try matches("Σ", "(?i)σ"))
        #expect(try matches("ς", "(?i)Σ"))
        #expect(try matches("\u{212A}", "(?i)k")) // the Kelvin sign folds to k
        #expect(try matches("abc", "(?i)ABC"))
        #expect(try !matches("ABC", "abc"))
    }

    @Test func unicode() throws {
        #expect(try matches("mañana", "^\\pL+$"))
        #expect(try matches("mañana", "^\\p{L}+$"))
        #expect(try !matches("abc", "\\p{Lu}"))
        #expect(try matches("aBc", "\\p{Lu}"))
        #expect(try matches("ß", "^\\p{Ll}$"))
        #expect(try matches("٣", "^\\pN$")) // an Arabic-Indic digit is a number…
        #expect(try !matches("٣", "\\d")) // …but \d is ASCII, as in RE2
        #expect(try matches("已发货", "^\\p{Han}+$"))
        #expect(try !matches("こんにちは", "\\p{Han}"))
        #expect(try matches("こんにちは", "^\\p{Hiragana}+$"))
        #expect(try matches("αβγ", "^\\p{Greek}+$"))
        #expect(try matches("123", "^\\PL+$"))
        #expect(try matches("1", "^\\p{^L}$"))
        #expect(try matches("中1", "^[\\p{Han}\\d]+$"))
        #expect(try matches("😀", "^.$")) // one code point, one `.`
        #expect(try matches("e\u{301}", "^..$")) // code points, not grapheme clusters
        #expect(try matches("\u{1F600}", "^[\\x{1F600}-\\x{1F64F}]$"))
    }

    @Test(arguments: [
        ("(a", "missing ')' at offset 2"),
        ("a)", "unmatched ')' at offset 1"),
        ("[a", "missing ']' at offset 2"),
        ("*a", "missing argument to repetition operator '*' at offset 0"),
        ("a**", "nested repetition operator '**' at offset 1: RE2 syntax does not allow one repetition operator after another; use a group, as in (?:a*)*"),
        ("a*+", "possessive quantifier '*+' at offset 1: RE2 syntax does not support possessive quantifiers"),
        ("a++", "possessive quantifier '++' at offset 1: RE2 syntax does not support possessive quantifiers"),
        ("(a)\\1", "backreference '\\1' at offset 3: RE2 syntax does not support backreferences"),
        ("(?P<n>a)(?P=n)", "named backreference '(?P=' at offset 8: RE2 syntax does not support backreferences"),
        ("a(?=b)", "lookahead '(?=' at offset 1: RE2 syntax does not support lookahead or lookbehind"),
        ("a(?!b)", "negative lookahead '(?!' at offset 1: RE2 syntax does not support lookahead or lookbehind"),
        ("(?<=a)b", "lookbehind '(?<=' at offset 0: RE2 syntax does not support lookbehind or lookahead"),
        ("(?<!a)b", "negative lookbehind '(?<!' at offset 0: RE2 syntax does not support lookbehind or lookahead"),
        ("(?>a)", "atomic group '(?>' at offset 0: RE2 syntax does not support atomic groups"),
        ("(?x)a", "unsupported group syntax '(?x' at offset 0: RE2 syntax has (?:…), (?P<name>…), (?<name>…) and the flags i, m, s and U, as in (?i) or (?i:…)"),
        ("(?P<n>a)(?P<n>b)", "duplicate group name 'n' at offset 12"),
        ("a{1001}", "invalid repeat count '{1001}' at offset 1: RE2 allows at most 1000"),
        ("a{3,2}", "invalid repeat count '{3,2}' at offset 1: the maximum is less than the minimum"),
        ("(a{100}){100}", "repetition '{100}' at offset 8: nested counted repetitions repeat more than 1000 times in all, RE2's limit"),
        ("[z-a]", "invalid character class range 'z-a' at offset 1: the end is before the start"),
        ("[[:word:][:foo:]]", "unknown POSIX class '[:foo:]' at offset 9: the classes are alnum, alpha, ascii, blank, cntrl, digit, graph, lower, print, punct, space, upper, word, xdigit"),
        ("a\\Z", "unsupported escape '\\Z' at offset 1: RE2 syntax has \\z for the end of the text"),
        ("\\e", "invalid escape '\\e' at offset 0: RE2 syntax has no such escape"),
        ("a\\", "trailing backslash at offset 1: write \\\\ to match a backslash"),
    ])
    func refusals(_ pattern: String, _ reason: String) {
        #expect(refusal(pattern) == "invalid regular expression '\(pattern)': \(reason)")
    }

    @Test func unsupportedUnicodeClassesAreNamed() {
        let message = refusal("\\p{Arabic}")
        #expect(message?.hasPrefix("invalid regular expression '\\p{Arabic}': unsupported Unicode class 'Arabic' at offset 0: supported are general categories (L, Lu, Ll,") == true)
        #expect(message?.contains("Han, Latin, Greek") == true)
    }

    @Test func sizesAreBounded() {
        // Too long to parse at all; the message quotes only the start of the pattern.
        let long = String(repeating: "(", count: 100_000)
        #expect(refusal(long) == "invalid regular expression '\(String(repeating: "(", count: 60))…': pattern too long: 100000 code points, at most 10000 are allowed")
        // Short enough, but nested deeper than RE2's 1000: an error, not a stack overflow.
        #expect(refusal(String(repeating: "(", count: 5000))?.hasSuffix("groups nested too deeply at offset 1000: at most 1000 levels are allowed") == true)
        // Counted repetitions expand; the program they make is bounded.
        #expect(refusal(String(repeating: "[a-z]{1000}", count: 11))?.hasSuffix("pattern too large: it compiles to more than 10000 instructions once counted repetitions are expanded") == true)
    }

    /// Linear is still long for a large pattern over a long text: a match that would take more
    /// than 5,000,000 steps is a cost error, like an expression over its budget.
    @Test func aMatchHasAStepBudget() throws {
        let text = String(repeating: "a", count: 10_000)
        do {
            _ = try eval("text.matches(pattern)", ["text": .string(text), "pattern": .string(".{1000}x")])
            Issue.record("a 10,000-character match of .{1000}x was not stopped")
        } catch let error as EvalError {
            #expect(error.kind == .costLimitExceeded)
            #expect(error.message.contains("against a text of 10000 characters would take more than 5000000 steps"))
        }
        // The same pattern on a text it can decide within the budget is answered.
        #expect(try eval("text.matches(pattern)", ["text": .string(String(repeating: "a", count: 2_000) + "x"), "pattern": .string(".{1000}x")]) == .bool(true))
    }

    @Test func concurrentUseSharesTheCache() async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for i in 0..<200 {
                        let text = "order-\(i)-\(task)"
                        let pattern = "^order-\(i % 50)-\\d$"
                        let expected = i < 50
                        guard try eval("text.matches(pattern)", ["text": .string(text), "pattern": .string(pattern)]).boolValue == expected else {
                            return false
                        }
                    }
                    return true
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }
}
