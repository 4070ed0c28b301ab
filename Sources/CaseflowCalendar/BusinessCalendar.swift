import CaseflowExpr

/// When a business works and how the law counts its days: a time zone, weekly business hours,
/// public holidays, make-up working days (调休) and whether a legal period rolls over.
///
/// A value type built once from a calendar file and then shared by every evaluation, so its
/// lookups are plain set and array reads. A date is a working day when its weekday has hours
/// and it is not a holiday, or when it is a make-up day.
public struct BusinessCalendar: Sendable {
    /// The calendar's name, as expressions refer to it (`cn`).
    public let name: String
    /// The zone in which days start and end and business hours are read.
    public let zone: ZoneRule
    /// Public holidays: no hours, whatever the weekday.
    public let holidays: Set<CivilDate>
    /// Make-up working days with the hours worked on each.
    public let makeUpDays: [CivilDate: [HoursInterval]]
    /// Whether a legal period whose last day is not a working day ends at the end of the next
    /// working day (EU Regulation 1182/71 Art. 3(4)); a per-policy choice, never a default.
    public let rollover: Bool

    /// Regular hours indexed by ``Weekday/rawValue``, each sorted and non-overlapping.
    private let weekly: [[HoursInterval]]
    /// The first and last make-up day, which bound the search for a working day in a calendar
    /// whose weeks have no hours at all.
    let makeUpRange: ClosedRange<Int64>?
    /// True when some weekday has hours, so every run of non-working days is finite.
    let hasWeeklyHours: Bool
    /// Holidays and make-up days as a table by day, when they span no more than
    /// ``ExceptionTable/maxDays``: every business-time and period calculation asks for the
    /// hours of several days, and hashing a date for the set and the dictionary cost more
    /// than the rest of the walk.
    private let exceptions: ExceptionTable?
    /// Whether holidays and make-up days are read from the table by day (else by hashing).
    var readsExceptionsByDay: Bool { exceptions != nil }
    /// The years the holiday and make-up day lists cover: those either lists a date in. Nil for
    /// a calendar that lists none (it has no holidays by design).
    /// Governments publish a year's holidays shortly before it starts, so a calendar asked
    /// about a later year counts its holidays as working days; ``uncoveredYears(from:to:)``
    /// says when that happens.
    public let holidayYears: Set<Int>?

    /// Builds a calendar from typed data.
    ///
    /// A make-up day without its own hours gets the regular weekday hours: those of the first
    /// day from Monday to Friday that has any. Throws ``CalendarError/Kind/invalidData`` for
    /// overlapping hours, a date that is both a holiday and a make-up day, or a make-up day
    /// listed twice.
    public init(name: String, zone: ZoneRule, weeklyHours: [Weekday: [HoursInterval]],
                holidays: Set<CivilDate>, makeUpDays: [MakeUpDay] = [], rollover: Bool) throws(CalendarError) {
        var weekly = Array(repeating: [HoursInterval](), count: 7)
        for (day, hours) in weeklyHours {
            weekly[day.rawValue] = try BusinessCalendar.ordered(hours, what: "the hours of \(day) in calendar '\(name)'")
        }
        let regular = [Weekday.monday, .tuesday, .wednesday, .thursday, .friday].lazy.map { weekly[$0.rawValue] }.first { !$0.isEmpty }
        var makeUps: [CivilDate: [HoursInterval]] = [:]
        for day in makeUpDays {
            let what = "make-up day \(day.date) in calendar '\(name)'"
            guard !holidays.contains(day.date) else {
                throw CalendarError(.invalidData, "\(what) is also listed as a holiday; remove it from one of the two lists")
            }
            guard makeUps[day.date] == nil else {
                throw CalendarError(.invalidData, "\(what) is listed twice; list each date once")
            }
            guard let hours = day.hours ?? regular else {
                throw CalendarError(.invalidData, "\(what) has no hours and no day from Monday to Friday has hours to copy; give its hours")
            }
            let ordered = try BusinessCalendar.ordered(hours, what: "the hours of \(what)")
            guard !ordered.isEmpty else {
                throw CalendarError(.invalidData, "\(what) has an empty list of hours; give its hours or leave them out to use the regular ones")
            }
            makeUps[day.date] = ordered
        }
        self.name = name
        self.zone = zone
        self.holidays = holidays
        self.makeUpDays = makeUps
        self.rollover = rollover
        self.weekly = weekly
        self.hasWeeklyHours = weekly.contains { !$0.isEmpty }
        let days = makeUps.keys.map(\.daysSinceEpoch)
        self.makeUpRange = days.min().flatMap { lo in days.max().map { lo...$0 } }
        self.exceptions = ExceptionTable(holidays: holidays, makeUpDays: makeUps)
        let years = Set(holidays.map(\.year) + makeUps.keys.map(\.year))
        self.holidayYears = years.isEmpty ? nil : years
    }

    /// The years, in the calendar's zone, from `start` to `end` that the holiday lists do not
    /// cover (none for a calendar without holiday lists).
    public func uncoveredYears(from start: Timestamp, to end: Timestamp) -> [Int] {
        guard let covered = holidayYears else { return [] }
        let (a, b) = (localDate(of: min(start, end)).year, localDate(of: max(start, end)).year)
        return (a...b).filter { !covered.contains($0) }
    }

    /// The years the holiday lists must cover on `date` but do not: its own year, and from
    /// October on (governments publish the next year's holidays in the last quarter) the next
    /// one too. None for a calendar without holiday lists.
    public func missingYears(asOf date: CivilDate) -> [Int] {
        guard let covered = holidayYears else { return [] }
        let years = date.month >= 10 ? [date.year, date.year + 1] : [date.year]
        return years.filter { !covered.contains($0) }
    }

    /// The regular hours of a weekday, before holidays and make-up days.
    public func regularHours(on weekday: Weekday) -> [HoursInterval] { weekly[weekday.rawValue] }

    /// The business hours of a date: empty on a holiday or a day without regular hours.
    public func hours(on date: CivilDate) -> [HoursInterval] { hours(onDay: date.daysSinceEpoch) }

    /// True when the date has business hours.
    public func isWorkingDay(_ date: CivilDate) -> Bool { !hours(on: date).isEmpty }

    /// The date of an instant in the calendar's zone.
    public func localDate(of t: Timestamp) -> CivilDate { CivilDate(daysSinceEpoch: zone.local(t).day) }

    @inline(__always)
    func hours(onDay day: Int64) -> [HoursInterval] {
        if let exceptions {
            return exceptions[day] ?? weekly[Int(CivilTime.weekday(days: day))]
        }
        let date = CivilDate(daysSinceEpoch: day)
        if !makeUpDays.isEmpty, let hours = makeUpDays[date] { return hours }
        if !holidays.isEmpty, holidays.contains(date) { return [] }
        return weekly[Int(CivilTime.weekday(days: day))]
    }

    /// Sorts a day's intervals and rejects overlaps, which would count the same hour twice.
    private static func ordered(_ hours: [HoursInterval], what: String) throws(CalendarError) -> [HoursInterval] {
        let sorted = hours.sorted { $0.start < $1.start }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.start < a.end {
            throw CalendarError(.invalidData, "\(what) overlap: \(a) and \(b); make them disjoint")
        }
        return sorted
    }
}

/// The hours of holidays (none) and make-up days, indexed by day from the first of them; days
/// outside the range, and days in it that are neither, follow the weekly hours.
private struct ExceptionTable: Sendable {
    /// About 110 years: at most a few hundred kilobytes.
    static let maxDays: Int64 = 40_000
    let first: Int64
    let hours: [[HoursInterval]?]

    init?(holidays: Set<CivilDate>, makeUpDays: [CivilDate: [HoursInterval]]) {
        let days = holidays.map(\.daysSinceEpoch) + makeUpDays.keys.map(\.daysSinceEpoch)
        guard let lo = days.min(), let hi = days.max(), hi - lo < Self.maxDays else { return nil }
        var hours = [[HoursInterval]?](repeating: nil, count: Int(hi - lo + 1))
        for date in holidays { hours[Int(date.daysSinceEpoch - lo)] = [] }
        for (date, worked) in makeUpDays { hours[Int(date.daysSinceEpoch - lo)] = worked }
        first = lo
        self.hours = hours
    }

    /// The day's own hours, or nil when the weekly hours apply.
    @inline(__always)
    subscript(day: Int64) -> [HoursInterval]? {
        let index = day - first
        guard index >= 0, index < Int64(hours.count) else { return nil }
        return hours[Int(index)]
    }
}
