import CaseflowExpr

/// The periods of a report: [from, to) cut at the starts of the days, weeks or months of its
/// time zone (one period, the whole range, when it groups by none). The first and last may be
/// partial; each has the label its period is known by (`2026-12-03`, `2026-W49`, `2026-12`).
struct KPIPeriods {
    /// Start of each period (ms), ascending; the last period ends at `end`.
    let starts: [Int64]
    let end: Int64
    let labels: [String]

    var count: Int { starts.count }

    init(query: KPIQuery) {
        let from = query.from.milliseconds, to = query.to.milliseconds
        guard let period = query.period else {
            starts = [from]; end = to; labels = [""]
            return
        }
        var starts = [from], labels: [String] = []
        var day = Self.localDay(from, query.zone)
        labels.append(Self.label(day, period))
        while starts.count <= 1_001 {
            day = Self.nextStart(after: day, period)
            let start = Self.instant(ofLocalDay: day, query.zone)
            if start >= to { break }
            starts.append(start)
            labels.append(Self.label(day, period))
        }
        self.starts = starts
        self.end = to
        self.labels = labels
    }

    /// The period `ms` falls in, or nil outside [from, to).
    func index(of ms: Int64) -> Int? {
        guard ms >= starts[0], ms < end else { return nil }
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= ms { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The first period that ends at or after `ms`, if any.
    func firstEnd(atLeast ms: Int64) -> Int? {
        var lo = 0, hi = starts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if end(of: mid) >= ms { hi = mid } else { lo = mid + 1 }
        }
        return lo < starts.count ? lo : nil
    }

    /// The last period that ends at or before `ms`, if any.
    func lastEnd(atMost ms: Int64) -> Int? {
        var lo = -1, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if end(of: mid) <= ms { lo = mid } else { hi = mid - 1 }
        }
        return lo >= 0 ? lo : nil
    }

    /// When period `i` ends: the next one's start, or the report's end.
    func end(of i: Int) -> Int64 { i + 1 < starts.count ? starts[i + 1] : end }

    static func localDay(_ ms: Int64, _ zone: ZoneRule) -> Int64 {
        let seconds = CivilTime.floorDiv(ms, 1000)
        return CivilTime.floorDiv(seconds + zone.offset(atUTC: seconds), 86_400)
    }

    /// The first instant (ms) of a local day: its midnight, less the offset then in force.
    static func instant(ofLocalDay day: Int64, _ zone: ZoneRule) -> Int64 {
        let wall = day * 86_400
        var utc = wall - zone.offset(atUTC: wall)
        utc = wall - zone.offset(atUTC: utc)
        return utc * 1000
    }

    /// The first day of the period after the one `day` is in.
    static func nextStart(after day: Int64, _ period: KPIPeriod) -> Int64 {
        switch period {
        case .day: return day + 1
        case .week:
            // CivilTime.weekday: 0 = Sunday; weeks start on Monday.
            let weekday = (CivilTime.weekday(days: day) + 6) % 7
            return day - weekday + 7
        case .month:
            let d = CivilTime.date(days: day)
            return d.month == 12 ? CivilTime.days(year: d.year + 1, month: 1, day: 1) : CivilTime.days(year: d.year, month: d.month + 1, day: 1)
        }
    }

    static func label(_ day: Int64, _ period: KPIPeriod) -> String {
        func pad(_ n: Int64, _ width: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, width - s.count)) + s }
        let d = CivilTime.date(days: day)
        switch period {
        case .day: return "\(pad(d.year, 4))-\(pad(d.month, 2))-\(pad(d.day, 2))"
        case .month: return "\(pad(d.year, 4))-\(pad(d.month, 2))"
        case .week:
            // ISO 8601: the week belongs to the year of its Thursday.
            let weekday = (CivilTime.weekday(days: day) + 6) % 7
            let thursday = day - weekday + 3
            let year = CivilTime.date(days: thursday).year
            let week = (thursday - CivilTime.days(year: year, month: 1, day: 1)) / 7 + 1
            return "\(pad(year, 4))-W\(pad(week, 2))"
        }
    }
}
