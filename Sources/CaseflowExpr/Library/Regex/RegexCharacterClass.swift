/// A set of code points: `[a-z]`, `\d`, `\pL`, `[^[:space:]]` and the like.
///
/// Ranges are kept sorted and merged for a binary search; Unicode properties are tested through
/// `Unicode.Scalar.Properties`. Under `(?i)` a code point also matches through its case variants.
struct RegexCharacterClass: Sendable {
    /// Sorted, disjoint, non-adjacent ranges once `finish` has run.
    private(set) var ranges: [ClosedRange<UInt32>] = []
    private(set) var properties: [Property] = []
    /// Whether the class is `[^…]`: it holds what the ranges and properties do not.
    private(set) var isNegated = false
    private(set) var isCaseInsensitive = false
    /// Which ASCII code points are in the class (negation and case included), set by `finish`.
    private(set) var ascii = RegexASCIIMask()

    /// A Unicode property in the class, or its complement (`\PL`, `\p{^Greek}`).
    struct Property: Sendable {
        let property: RegexUnicodeProperty
        let isNegated: Bool
    }

    static let maxCodePoint: UInt32 = 0x10FFFF

    /// A class is folded eagerly (every member's fold added) up to this many members; larger ones
    /// only test a code point's own case variants when matching.
    private static let eagerFoldLimit = 2000

    init() {}

    /// The code points in `ranges` or, `negated`, those outside them (`\D`, `[:^alpha:]`).
    init(_ ranges: [ClosedRange<UInt32>], negated: Bool = false) {
        self.ranges = ranges
        if negated { self.ranges = Self.complement(of: Self.normalized(ranges)) }
    }

    /// The code points with `property` or, `negated`, those without it (`\PL`).
    init(_ property: RegexUnicodeProperty, negated: Bool) {
        properties = [Property(property: property, isNegated: negated)]
    }

    mutating func add(_ range: ClosedRange<UInt32>) {
        ranges.append(range)
    }

    mutating func formUnion(_ other: RegexCharacterClass) {
        ranges += other.ranges
        properties += other.properties
    }

    /// Sorts and merges the ranges, and records the class's negation and case-insensitivity.
    mutating func finish(negated: Bool, caseInsensitive: Bool) {
        ranges = Self.normalized(ranges)
        isNegated = negated
        isCaseInsensitive = caseInsensitive
        let size = ranges.reduce(0) { $0 + Int($1.upperBound - $1.lowerBound) + 1 }
        if caseInsensitive && size <= Self.eagerFoldLimit {
            var folded = ranges
            for range in ranges {
                for value in range where RegexCaseFolding.hasCase(value) {
                    let fold = RegexCaseFolding.fold(value)
                    folded.append(fold...fold)
                }
            }
            ranges = Self.normalized(folded)
        }
        ascii = RegexASCIIMask()
        for value: UInt32 in 0..<128 where containsBySearch(value) { ascii.insert(value) }
    }

    func contains(_ value: UInt32) -> Bool {
        value < 128 ? ascii.contains(value) : containsBySearch(value)
    }

    /// Membership found by searching the ranges and properties; the ASCII table caches it.
    func containsBySearch(_ value: UInt32) -> Bool {
        var found = containsExactly(value)
        if !found && isCaseInsensitive && RegexCaseFolding.hasCase(value) {
            let fold = RegexCaseFolding.fold(value)
            found = containsExactly(fold) || containsExactly(RegexCaseFolding.lowercase(value))
                || containsExactly(RegexCaseFolding.uppercase(value)) || containsExactly(RegexCaseFolding.uppercase(fold))
        }
        return found != isNegated
    }

    private func containsExactly(_ value: UInt32) -> Bool {
        if ranges.containsCodePoint(value) { return true }
        for item in properties where item.property.contains(value) != item.isNegated { return true }
        return false
    }

    static func normalized(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var merged: [ClosedRange<UInt32>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    /// The code points not in `ranges` (which must be normalized).
    static func complement(of ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var gaps: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { gaps.append(next...(range.lowerBound - 1)) }
            if range.upperBound >= maxCodePoint { return gaps }
            next = range.upperBound + 1
        }
        gaps.append(next...maxCodePoint)
        return gaps
    }
}

/// A set of ASCII code points as two 64-bit masks, for testing them without a search.
struct RegexASCIIMask: Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    mutating func insert(_ value: UInt32) {
        if value < 64 { low |= 1 << value } else { high |= 1 << (value - 64) }
    }

    /// `value` must be below 128.
    func contains(_ value: UInt32) -> Bool {
        value < 64 ? low & (1 << value) != 0 : high & (1 << (value - 64)) != 0
    }
}

extension Array where Element == ClosedRange<UInt32> {
    /// Binary search of sorted, disjoint ranges.
    func containsCodePoint(_ value: UInt32) -> Bool {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            let range = self[middle]
            if value < range.lowerBound {
                high = middle
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }
}
