import CaseflowExpr

extension BusinessCalendar {
    /// The longest span, in calendar days, any calendar function walks: 100 years. Past it the
    /// question is almost surely a data error (a year typed 2206), and a guard should fail
    /// loudly rather than loop.
    public static let maxSpanDays: Int64 = 36_525

    /// The next working day after `day` (before it when `step` is -1).
    ///
    /// With regular weekly hours a run of non-working days is at most the holidays plus a week;
    /// a calendar with no weekly hours can only reach its make-up days, so it fails at once
    /// past the last of them.
    func workingDay(from day: Int64, step: Int64) throws(CalendarError) -> Int64 {
        var d = day
        for _ in 0..<Self.maxSpanDays {
            d += step
            if !hours(onDay: d).isEmpty { return d }
            if !hasWeeklyHours {
                // Only make-up days can work; stop once none is left in this direction.
                guard let range = makeUpRange, step > 0 ? d < range.upperBound : d > range.lowerBound else { break }
            }
        }
        let direction = step > 0 ? "after" : "before"
        throw CalendarError(.invalidArgument, "calendar '\(name)' has no working day \(direction) \(CivilDate(daysSinceEpoch: day)) within 100 years; check its hours and holidays")
    }

    /// The instant the local clock first reads midnight at the start of `day`.
    func startOfDay(_ day: Int64) throws(CalendarError) -> Timestamp {
        try instant(zone.firstInstant(atOrAfterWall: day * 86_400))
    }

    /// A timestamp from seconds, or an out-of-range error naming CEL's limits.
    func instant(_ seconds: Int64, nanos: Int64 = 0) throws(CalendarError) -> Timestamp {
        guard let t = Timestamp(seconds: seconds, nanos: nanos) else {
            throw CalendarError(.outOfRange, "calendar '\(name)': the result lies outside the years 1 to 9999")
        }
        return t
    }

    static func checkSpan(_ days: Int64, _ what: @autoclosure () -> String) throws(CalendarError) {
        guard days.magnitude <= UInt64(maxSpanDays) else {
            throw CalendarError(.invalidArgument, "\(what()) spans more than 100 years (\(days) days); check the dates")
        }
    }
}

/// Whole calendar days from the local date of `a` to that of `b` in `zone`: b's date minus a's,
/// negative when b's date is earlier.
///
/// Dates, not 24-hour blocks: 23:59 to 00:01 the next night is one day, and the same pair of
/// instants can be one day apart in Shanghai and none in UTC.
public func calendarDaysBetween(_ a: Timestamp, _ b: Timestamp, in zone: ZoneRule) -> Int {
    Int(zone.local(b).day - zone.local(a).day)
}
