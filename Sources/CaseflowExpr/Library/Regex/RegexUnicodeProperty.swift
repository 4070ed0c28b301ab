/// A Unicode class for `\p{…}`: general categories (`L`, `Lu`, `Nd`, …), `Any`, and a few scripts.
///
/// General categories come from `Unicode.Scalar.Properties`, so they follow the Unicode version
/// of the Swift runtime; `Han` is every unified ideograph plus the Han radicals, compatibility
/// ideographs and marks; the other scripts are tables (RegexUnicodeScripts.swift).
enum RegexUnicodeProperty: Sendable {
    case any
    /// A set of general categories, as a bit mask over `bit(of:)`.
    case generalCategories(UInt32)
    case han
    case script([ClosedRange<UInt32>])

    func contains(_ value: UInt32) -> Bool {
        switch self {
        case .any:
            return true
        case .generalCategories(let mask):
            guard let scalar = Unicode.Scalar(value) else { return mask & Self.surrogateBit != 0 }
            return mask & (1 << Self.bit(of: scalar.properties.generalCategory)) != 0
        case .han:
            if RegexUnicodeScripts.hanOutsideUnifiedIdeographs.containsCodePoint(value) { return true }
            return Unicode.Scalar(value)?.properties.isUnifiedIdeograph ?? false
        case .script(let ranges):
            return ranges.containsCodePoint(value)
        }
    }

    /// The class `\p{name}` names, or nil when it is not supported.
    static func named(_ name: String) -> RegexUnicodeProperty? {
        if name == "Any" { return .any }
        if let categories = categoriesByName[name] {
            return .generalCategories(categories.reduce(0) { $0 | 1 << bit(of: $1) })
        }
        switch name {
        case "Han": return .han
        case "Latin": return .script(RegexUnicodeScripts.latin)
        case "Greek": return .script(RegexUnicodeScripts.greek)
        case "Cyrillic": return .script(RegexUnicodeScripts.cyrillic)
        case "Hiragana": return .script(RegexUnicodeScripts.hiragana)
        case "Katakana": return .script(RegexUnicodeScripts.katakana)
        case "Hangul": return .script(RegexUnicodeScripts.hangul)
        default: return nil
        }
    }

    /// For error messages.
    static let supportedNames = "general categories (L, Lu, Ll, Lt, Lm, Lo, M, Mn, Mc, Me, N, Nd, Nl, No, P, Pc, Pd, Ps, "
        + "Pe, Pi, Pf, Po, S, Sm, Sc, Sk, So, Z, Zs, Zl, Zp, C, Cc, Cf, Cs, Co), Any, and the scripts Han, "
        + "Latin, Greek, Cyrillic, Hiragana, Katakana and Hangul"

    private static let categoriesByName: [String: [Unicode.GeneralCategory]] = {
        let letters: [Unicode.GeneralCategory] = [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]
        let marks: [Unicode.GeneralCategory] = [.nonspacingMark, .spacingMark, .enclosingMark]
        let numbers: [Unicode.GeneralCategory] = [.decimalNumber, .letterNumber, .otherNumber]
        let punctuation: [Unicode.GeneralCategory] = [
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
        ]
        let symbols: [Unicode.GeneralCategory] = [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol]
        let separators: [Unicode.GeneralCategory] = [.spaceSeparator, .lineSeparator, .paragraphSeparator]
        // As in RE2, C leaves out unassigned code points (Cn).
        let others: [Unicode.GeneralCategory] = [.control, .format, .surrogate, .privateUse]
        var table: [String: [Unicode.GeneralCategory]] = [
            "L": letters, "M": marks, "N": numbers, "P": punctuation, "S": symbols, "Z": separators, "C": others,
        ]
        let short = ["Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe", "Pi",
                     "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co"]
        let categories = letters + marks + numbers + punctuation + symbols + separators + others
        for (name, category) in zip(short, categories) { table[name] = [category] }
        return table
    }()

    private static let surrogateBit: UInt32 = 1 << bit(of: .surrogate)

    private static func bit(of category: Unicode.GeneralCategory) -> UInt32 {
        switch category {
        case .uppercaseLetter: 0
        case .lowercaseLetter: 1
        case .titlecaseLetter: 2
        case .modifierLetter: 3
        case .otherLetter: 4
        case .nonspacingMark: 5
        case .spacingMark: 6
        case .enclosingMark: 7
        case .decimalNumber: 8
        case .letterNumber: 9
        case .otherNumber: 10
        case .connectorPunctuation: 11
        case .dashPunctuation: 12
        case .openPunctuation: 13
        case .closePunctuation: 14
        case .initialPunctuation: 15
        case .finalPunctuation: 16
        case .otherPunctuation: 17
        case .mathSymbol: 18
        case .currencySymbol: 19
        case .modifierSymbol: 20
        case .otherSymbol: 21
        case .spaceSeparator: 22
        case .lineSeparator: 23
        case .paragraphSeparator: 24
        case .control: 25
        case .format: 26
        case .surrogate: 27
        case .privateUse: 28
        case .unassigned: 29
        @unknown default: 29
        }
    }
}
