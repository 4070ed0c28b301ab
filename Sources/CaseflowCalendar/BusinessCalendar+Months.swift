import CaseflowExpr

public extension BusinessCalendar {
    /// The longest span, in months, the month functions take: 100 years, as for days.
    static let maxSpanMonths: Int64 = 1_200

    /// The same local time of day `n` months after `ts`, on the date with the same day number
    /// (民法典第二百零二条; Reg. 1182/71 Art. 3(2)(c)): 31 January plus one month is 28 February
    /// (29 in a leap year), because a day the month lacks means its last day.
    ///
    /// Dates are read in the calendar's zone; nothing rolls over, because an instant is not the
    /// end of a period. Negative `n` counts back. Where the kept time does not exist on the
    /// target day (a spring-forward gap) the result is the end of the gap; where it exists twice,
    /// its first occurrence. More than 100 years either way is an error.
    func addMonths(_ ts: Timestamp, _ n: Int) throws(CalendarError) -> Timestamp {
        guard n != 0 else { return ts }
        let (start, secondOfDay) = zone.local(ts)
        let day = try Self.day(start, plusMonths: Int64(clamping: n), calendar: name)
        return try instant(zone.firstInstant(atOrAfterWall: day * 86_400 + secondOfDay), nanos: Int64(ts.nanos))
    }

    /// The instant a legal period of `months` months from `start` runs out: 24:00, in the
    /// calendar's zone, of the day in the last month with the same day number as the day of
    /// `start` (that month's last day when it has no such day), moved to the next working day
    /// when the calendar rolls over. A warranty of 12 months from 2026-03-02 ends 2027-03-03T00:00.
    ///
    /// The day of `start` is not counted, as for ``periodEnd(start:days:)``; 0 months ends at
    /// the end of the day of `start`. Negative `months` and more than 100 years are errors.
    func periodEndMonths(start: Timestamp, months: Int) throws(CalendarError) -> Timestamp {
        guard months >= 0 else {
            throw CalendarError(.invalidArgument, "a period cannot have a negative length (\(months) months)")
        }
        var last = try Self.day(zone.local(start).day, plusMonths: Int64(clamping: months), calendar: name)
        if rollover && hours(onDay: last).isEmpty {
            last = try workingDay(from: last, step: 1)
        }
        return try startOfDay(last + 1)
    }

    /// The day `months` months after `day` with the same day number, or the month's last day.
    internal static func day(_ day: Int64, plusMonths months: Int64, calendar: String) throws(CalendarError) -> Int64 {
        guard months.magnitude <= UInt64(maxSpanMonths) else {
            throw CalendarError(.invalidArgument, "adding \(months) months spans more than 100 years; check the dates")
        }
        let (year, month, dayOfMonth) = CivilTime.date(days: day)
        let index = year * 12 + (month - 1) + months
        let newYear = CivilTime.floorDiv(index, 12)
        let newMonth = index - newYear * 12 + 1
        guard (1...9999).contains(newYear) else {
            throw CalendarError(.outOfRange, "calendar '\(calendar)': the result lies outside the years 1 to 9999")
        }
        let newDay = min(dayOfMonth, CivilTime.daysIn(month: newMonth, year: newYear))
        return CivilTime.days(year: newYear, month: newMonth, day: newDay)
    }
}

/// 24:00 of the local date of `t` in `zone`: the first instant of the next day. Never rolled over;
/// the end of a liability period (a guarantee) rather than of a deadline for an act.
public func dayEnd(_ t: Timestamp, in zone: ZoneRule) -> Timestamp? {
    let day = zone.local(t).day + 1
    return Timestamp(seconds: zone.firstInstant(atOrAfterWall: day * 86_400), nanos: 0)
}
