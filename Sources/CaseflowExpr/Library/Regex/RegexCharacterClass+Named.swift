/// The ASCII classes of RE2: Perl's `\d \s \w` and the POSIX `[[:alpha:]]` family.
extension RegexCharacterClass {
    /// `\d`, `\s` or `\w` (by its letter, lowercase), as RE2 defines them: ASCII only.
    static func perlRanges(_ letter: Unicode.Scalar) -> [ClosedRange<UInt32>]? {
        switch letter {
        case "d": return [0x30...0x39]
        case "s": return [0x09...0x0A, 0x0C...0x0D, 0x20...0x20] // \t \n \f \r and space, not \v
        case "w": return [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
        default: return nil
        }
    }

    /// `[:name:]` inside brackets.
    static func posixRanges(_ name: String) -> [ClosedRange<UInt32>]? {
        switch name {
        case "alnum": return [0x30...0x39, 0x41...0x5A, 0x61...0x7A]
        case "alpha": return [0x41...0x5A, 0x61...0x7A]
        case "ascii": return [0x00...0x7F]
        case "blank": return [0x09...0x09, 0x20...0x20]
        case "cntrl": return [0x00...0x1F, 0x7F...0x7F]
        case "digit": return [0x30...0x39]
        case "graph": return [0x21...0x7E]
        case "lower": return [0x61...0x7A]
        case "print": return [0x20...0x7E]
        case "punct": return [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E]
        case "space": return [0x09...0x0D, 0x20...0x20]
        case "upper": return [0x41...0x5A]
        case "word": return [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
        case "xdigit": return [0x30...0x39, 0x41...0x46, 0x61...0x66]
        default: return nil
        }
    }

    static let posixNames = "alnum, alpha, ascii, blank, cntrl, digit, graph, lower, print, punct, space, upper, word, xdigit"

    /// Whether `value` is an ASCII word character, as `\b` sees it.
    static func isWordCharacter(_ value: UInt32) -> Bool {
        (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || value == 0x5F
            || (value >= 0x61 && value <= 0x7A)
    }
}
