/// A point in time with nanosecond precision, as CEL's `google.protobuf.Timestamp`.
///
/// The valid range is 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z; arithmetic that
/// leaves it is an error, as the CEL specification requires.
public struct Timestamp: Hashable, Comparable, Sendable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64
    /// Nanoseconds within the second, 0 ..< 1_000_000_000.
    public var nanos: Int32

    public static let minSeconds: Int64 = -62_135_596_800
    public static let maxSeconds: Int64 = 253_402_300_799

    /// A timestamp, or nil when it is outside CEL's range. `nanos` may be any value; it is normalised.
    public init?(seconds: Int64, nanos: Int64 = 0) {
        let (s, n) = normalise(seconds: seconds, nanos: nanos)
        guard let s, s >= Self.minSeconds, s <= Self.maxSeconds else { return nil }
        self.seconds = s
        self.nanos = Int32(n)
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        a.seconds != b.seconds ? a.seconds < b.seconds : a.nanos < b.nanos
    }

    private init(valid seconds: Int64, nanos: Int32) {
        self.seconds = seconds
        self.nanos = nanos
    }

    /// 1970-01-01T00:00:00Z.
    public static let epoch = Timestamp(valid: 0, nanos: 0)

    /// The nearest valid timestamp: times outside CEL's range are clamped to its ends.
    public init(clamping seconds: Int64, nanos: Int64 = 0) {
        self = Timestamp(seconds: seconds, nanos: nanos)
            ?? Timestamp(valid: seconds < 0 ? Self.minSeconds : Self.maxSeconds, nanos: 0)
    }
}

/// A signed span of time with nanosecond precision, as CEL's `google.protobuf.Duration`.
///
/// Named `CELDuration` so it does not shadow the standard library's `Duration`.
public struct CELDuration: Hashable, Comparable, Sendable {
    /// Whole seconds; the sign of the span.
    public var seconds: Int64
    /// Nanoseconds with the same sign as `seconds`, |nanos| < 1_000_000_000.
    public var nanos: Int32

    /// No time at all.
    public static let zero = CELDuration(valid: 0, nanos: 0)

    private init(valid seconds: Int64, nanos: Int32) {
        self.seconds = seconds
        self.nanos = nanos
    }

    /// About ten thousand years: protobuf's Duration range, what stored values and files may
    /// hold. CEL's own arithmetic and `duration()` stay within ``isWithinCELRange``.
    public static let maxSeconds: Int64 = 315_576_000_000

    /// A duration, or nil when it is outside CEL's range.
    public init?(seconds: Int64, nanos: Int64 = 0) {
        let (s0, n0) = normalise(seconds: seconds, nanos: nanos)
        guard var s = s0 else { return nil }
        var n = n0
        // Keep seconds and nanos of one sign, as protobuf's Duration does.
        if s < 0 && n > 0 { s += 1; n -= 1_000_000_000 }
        // `magnitude`, not `abs`: abs(Int64.min) traps.
        guard s.magnitude <= UInt64(Self.maxSeconds) else { return nil }
        self.seconds = s
        self.nanos = Int32(n)
    }

    /// True within CEL's range for durations, a single int64 of nanoseconds (about ±292 years,
    /// cel-spec "Overflow"): what subtraction, negation and `duration()` may produce.
    public var isWithinCELRange: Bool { totalNanoseconds != nil }

    /// The span in nanoseconds, or nil if it does not fit in 64 bits.
    public var totalNanoseconds: Int64? {
        let (m, o1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (t, o2) = m.addingReportingOverflow(Int64(nanos))
        return o1 || o2 ? nil : t
    }

    public static func < (a: CELDuration, b: CELDuration) -> Bool {
        a.seconds != b.seconds ? a.seconds < b.seconds : a.nanos < b.nanos
    }
}

/// Splits any (seconds, nanos) pair into seconds and 0 ≤ nanos < 1e9; nil seconds on overflow.
func normalise(seconds: Int64, nanos: Int64) -> (Int64?, Int64) {
    var s = nanos / 1_000_000_000
    var n = nanos % 1_000_000_000
    if n < 0 { n += 1_000_000_000; s -= 1 }
    let (total, overflow) = seconds.addingReportingOverflow(s)
    return (overflow ? nil : total, n)
}

extension Timestamp {
    /// Milliseconds since 1970 (rounded down), as report tables keep instants.
    public var milliseconds: Int64 { seconds &* 1000 &+ Int64(nanos) / 1_000_000 }

    public init(milliseconds ms: Int64) {
        let (q, r) = ms.quotientAndRemainder(dividingBy: 1000)
        self.init(clamping: r < 0 ? q - 1 : q, nanos: (r < 0 ? r + 1000 : r) * 1_000_000)
    }
}
