import CaseflowExpr

public extension BusinessCalendar {
    /// The business time between two instants: only the business hours of working days count.
    ///
    /// This is how long a case really waited on the business, e.g. for SLA reports. Hours are
    /// local wall-clock times, so a day whose open hours span a daylight-saving change counts
    /// the real time elapsed (one hour less or more). When `b` is before `a` the result is
    /// negative. Spans over 100 years are rejected.
    func businessHoursBetween(_ a: Timestamp, _ b: Timestamp) throws(CalendarError) -> CELDuration {
        if b < a { return try negated(businessHoursBetween(b, a)) }
        let first = zone.local(a).day, last = zone.local(b).day
        try Self.checkSpan(last - first, "business time from \(a.rfc3339) to \(b.rfc3339)")
        var seconds: Int64 = 0, nanos: Int64 = 0
        for day in first...last {
            for hours in hours(onDay: day) {
                let open = max(try opening(day, hours), a)
                let close = min(try closing(day, hours), b)
                guard open < close else { continue }
                seconds += close.seconds - open.seconds
                nanos += Int64(close.nanos) - Int64(open.nanos)
            }
        }
        return try duration(seconds: seconds, nanos: nanos)
    }

    /// The instant at which `d` of business time has been spent, starting at `ts`: the due time
    /// of an SLA of "4 business hours".
    ///
    /// Starting outside business hours, the clock starts at the next opening; Friday 17:00 plus
    /// 2 business hours on 09:00–18:00 is Monday 10:00. Time runs out exactly at a closing when
    /// the hours end there (that closing is the answer, not the next opening). `d` = 0 returns
    /// `ts`. A negative `d` is ``CalendarError/Kind/invalidArgument``, as are spans over 100 years.
    func addBusinessHours(_ ts: Timestamp, _ d: CELDuration) throws(CalendarError) -> Timestamp {
        guard d.seconds >= 0 && d.nanos >= 0 else {
            throw CalendarError(.invalidArgument, "business time to add must not be negative (got \(d.text))")
        }
        // Business time never runs faster than real time, so more than 100 years of it needs a
        // longer walk than the limit allows: fail now rather than after walking it.
        guard d.seconds <= Self.maxSpanDays * 86_400, var remaining = d.totalNanoseconds else {
            throw CalendarError(.invalidArgument, "business time of \(d.text) spans more than 100 years")
        }
        guard remaining > 0 else { return ts }
        let first = zone.local(ts).day
        var day = first
        while true {
            for hours in hours(onDay: day) {
                let open = max(try opening(day, hours), ts)
                let close = try closing(day, hours)
                guard open < close else { continue }
                let available = (close.seconds - open.seconds) * 1_000_000_000 + Int64(close.nanos) - Int64(open.nanos)
                if remaining <= available { return try instant(open.seconds, nanos: Int64(open.nanos) + remaining) }
                remaining -= available
            }
            day = try workingDay(from: day, step: 1)
            try Self.checkSpan(day - first, "adding \(d.text) of business time to \(ts.rfc3339)")
        }
    }

    private func opening(_ day: Int64, _ hours: HoursInterval) throws(CalendarError) -> Timestamp {
        try instant(zone.firstInstant(atOrAfterWall: day * 86_400 + Int64(hours.start)))
    }

    private func closing(_ day: Int64, _ hours: HoursInterval) throws(CalendarError) -> Timestamp {
        try instant(zone.firstInstant(atOrAfterWall: day * 86_400 + Int64(hours.end)))
    }

    private func duration(seconds: Int64, nanos: Int64) throws(CalendarError) -> CELDuration {
        guard let d = CELDuration(seconds: seconds, nanos: nanos) else {
            throw CalendarError(.outOfRange, "calendar '\(name)': the business time is too long for a duration")
        }
        return d
    }

    private func negated(_ d: CELDuration) throws(CalendarError) -> CELDuration {
        try duration(seconds: -d.seconds, nanos: -Int64(d.nanos))
    }
}
