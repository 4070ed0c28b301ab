import CaseflowExpr

public extension BusinessCalendar {
    /// The instant a legal period of `days` days starting at `start` runs out, counted the way
    /// the law counts it rather than as `days × 24h`.
    ///
    /// The day of the event is not counted, so the last day is the local date of `start` plus
    /// `days`, and the period ends at 24:00 of that day in the calendar's zone (the first
    /// instant of the next day). With ``rollover``, a last day that is not a working day moves
    /// to the next working day. Signed 2026-03-02T10:00+08:00, seven days in Shanghai: the
    /// period ends 2026-03-10T00:00+08:00, so a notice at 2026-03-09T23:59 is in time.
    /// `days` = 0 ends at the end of the event's own day. Negative `days` and more than 100
    /// years are ``CalendarError/Kind/invalidArgument``.
    func periodEnd(start: Timestamp, days: Int) throws(CalendarError) -> Timestamp {
        guard days >= 0 else {
            throw CalendarError(.invalidArgument, "a period cannot have a negative length (\(days) days)")
        }
        let length = Int64(clamping: days)
        try Self.checkSpan(length, "a period of \(days) days")
        var last = zone.local(start).day + length
        if rollover && hours(onDay: last).isEmpty {
            last = try workingDay(from: last, step: 1)
        }
        return try startOfDay(last + 1)
    }

    /// The same local time of day `n` working days later: the deadline "within 5 working days".
    ///
    /// Counting starts with the day after `ts`'s date, whether or not that date is itself a
    /// working day, and skips holidays and days without hours; make-up days count. The time of
    /// day is kept even when it lies outside business hours. `n` = 0 returns `ts` unchanged.
    /// Negative `n` counts back: -1 is the same time on the previous working day. Where the kept
    /// time does not exist on the target day (a spring-forward gap) the result is the end of the
    /// gap; where it exists twice, its first occurrence. Spans over 100 years are rejected.
    func addWorkingDays(_ ts: Timestamp, _ n: Int) throws(CalendarError) -> Timestamp {
        guard n != 0 else { return ts }
        try Self.checkSpan(Int64(clamping: n), "adding \(n) working days")
        let (start, secondOfDay) = zone.local(ts)
        let step: Int64 = n > 0 ? 1 : -1
        var day = start
        for _ in 0..<n.magnitude {
            day = try workingDay(from: day, step: step)
            try Self.checkSpan(day - start, "adding \(n) working days to \(ts.rfc3339)")
        }
        return try instant(zone.firstInstant(atOrAfterWall: day * 86_400 + secondOfDay), nanos: Int64(ts.nanos))
    }
}
