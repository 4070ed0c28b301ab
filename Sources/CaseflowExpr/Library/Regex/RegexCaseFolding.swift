/// Simple case folding for `(?i)`: two code points match when `fold` maps them to the same value.
///
/// `fold` is the lowercase of the uppercase, one code point to one (full mappings such as
/// ß → SS are not used), so `k`, `K` and the Kelvin sign `K` all fold to `k`.
enum RegexCaseFolding {
    static func fold(_ value: UInt32) -> UInt32 {
        lowercase(uppercase(value))
    }

    /// Whether some other code point folds like this one (it is a cased letter).
    static func hasCase(_ value: UInt32) -> Bool {
        if value < 0x80 { return isASCIILetter(value) }
        return Unicode.Scalar(value)?.properties.changesWhenCaseMapped ?? false
    }

    static func lowercase(_ value: UInt32) -> UInt32 {
        if value < 0x80 { return value >= 0x41 && value <= 0x5A ? value + 0x20 : value }
        guard let scalar = Unicode.Scalar(value), scalar.properties.changesWhenCaseMapped else { return value }
        return single(scalar.properties.lowercaseMapping) ?? value
    }

    static func uppercase(_ value: UInt32) -> UInt32 {
        if value < 0x80 { return value >= 0x61 && value <= 0x7A ? value - 0x20 : value }
        guard let scalar = Unicode.Scalar(value), scalar.properties.changesWhenCaseMapped else { return value }
        let properties = scalar.properties
        return single(properties.uppercaseMapping) ?? single(properties.titlecaseMapping) ?? value
    }

    private static func isASCIILetter(_ value: UInt32) -> Bool {
        (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
    }

    /// The mapping's one code point, or nil when it maps to several.
    private static func single(_ mapping: String) -> UInt32? {
        var scalars = mapping.unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil else { return nil }
        return first.value
    }
}
