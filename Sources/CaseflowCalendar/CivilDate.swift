import CaseflowExpr

/// A date on the proleptic Gregorian calendar with no time and no zone: a holiday, a make-up
/// working day, the last day of a legal period.
///
/// It is stored as a day count so that sets of holidays hash and compare one integer; the
/// year, month and day are derived with ``CivilTime`` when asked for.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let daysSinceEpoch: Int64

    /// The date a day count since 1970-01-01 names.
    public init(daysSinceEpoch: Int64) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// A date from its parts, or nil when the date does not exist (2026-02-30) or lies outside
    /// the years 1–9999 that timestamps can express.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= CivilTime.daysIn(month: Int64(month), year: Int64(year)) else { return nil }
        daysSinceEpoch = CivilTime.days(year: Int64(year), month: Int64(month), day: Int64(day))
    }

    /// Parses an ISO 8601 calendar date, `2026-02-15`, as calendar files write them.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var year: Int { Int(CivilTime.date(days: daysSinceEpoch).year) }
    public var month: Int { Int(CivilTime.date(days: daysSinceEpoch).month) }
    public var day: Int { Int(CivilTime.date(days: daysSinceEpoch).day) }

    /// The day of the week, which decides the regular business hours.
    public var weekday: Weekday {
        Weekday(rawValue: Int(CivilTime.weekday(days: daysSinceEpoch))) ?? .sunday
    }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int64) -> CivilDate {
        CivilDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// `2026-02-15`.
    public var description: String {
        let (y, m, d) = CivilTime.date(days: daysSinceEpoch)
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }
}
