import CaseflowExpr

public extension BusinessCalendar {
    /// Builds a calendar from the plain values a calendar file holds, so a loader need not know
    /// the typed pieces:
    /// ```swift
    /// try BusinessCalendar(name: "cn", zone: "Asia/Shanghai",
    ///                      weeklyHours: ["mon-fri": ["09:00-12:00", "13:00-18:00"]],
    ///                      holidays: ["2026-10-01"], makeUpDays: ["2026-10-10"], rollover: false)
    /// ```
    /// Day keys are `mon` … `sun` (or full names) or a Monday-first range such as `mon-fri`;
    /// hours are `HH:MM-HH:MM`; dates are ISO `YYYY-MM-DD`. `makeUpHours`, when given, are the
    /// hours of every make-up day; otherwise they work the regular weekday hours. Each error
    /// names the value at fault.
    init(name: String, zone: String, weeklyHours: [String: [String]], holidays: [String],
         makeUpDays: [String] = [], makeUpHours: [String]? = nil, rollover: Bool) throws(CalendarError) {
        guard let rule = ZoneRule(zone) else {
            throw CalendarError(.invalidData, "calendar '\(name)': unknown time zone '\(zone)'; use an IANA name such as 'Asia/Shanghai' or an offset such as '+08:00'")
        }
        var weekly: [Weekday: [HoursInterval]] = [:]
        for (key, texts) in weeklyHours {
            let hours = try Self.parseHours(texts, calendar: name)
            for day in try Self.parseDays(key, calendar: name) {
                guard weekly[day] == nil else {
                    throw CalendarError(.invalidData, "calendar '\(name)': \(day) has hours under two keys; give each day its hours once")
                }
                weekly[day] = hours
            }
        }
        let extraHours = try makeUpHours.map { texts throws(CalendarError) in try Self.parseHours(texts, calendar: name) }
        var holidaySet: Set<CivilDate> = []
        for text in holidays { holidaySet.insert(try Self.parseDate(text, calendar: name, list: "holidays")) }
        var makeUps: [MakeUpDay] = []
        for text in makeUpDays { makeUps.append(MakeUpDay(try Self.parseDate(text, calendar: name, list: "make-up days"), hours: extraHours)) }
        try self.init(name: name, zone: rule, weeklyHours: weekly, holidays: holidaySet, makeUpDays: makeUps, rollover: rollover)
    }

    private static func parseDate(_ text: String, calendar: String, list: String) throws(CalendarError) -> CivilDate {
        guard let date = CivilDate(iso: text) else {
            throw CalendarError(.invalidData, "calendar '\(calendar)': '\(text)' in \(list) is not a date; write YYYY-MM-DD, e.g. 2026-10-01")
        }
        return date
    }

    private static func parseHours(_ texts: [String], calendar: String) throws(CalendarError) -> [HoursInterval] {
        var hours: [HoursInterval] = []
        for text in texts {
            guard let interval = HoursInterval(parsing: text) else {
                throw CalendarError(.invalidData, "calendar '\(calendar)': '\(text)' is not a span of hours; write HH:MM-HH:MM with the start before the end, e.g. 09:00-18:00")
            }
            hours.append(interval)
        }
        return hours
    }

    /// `mon` → [monday]; `mon-fri` → monday … friday, counted Monday first.
    private static func parseDays(_ key: String, calendar: String) throws(CalendarError) -> [Weekday] {
        let mondayFirst: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday, .sunday]
        let ends = key.split(separator: "-", omittingEmptySubsequences: false).map { Weekday(name: String($0)) }
        guard (1...2).contains(ends.count), let first = ends.first ?? nil, let last = ends.last ?? nil,
              let i = mondayFirst.firstIndex(of: first), let j = mondayFirst.firstIndex(of: last), i <= j else {
            throw CalendarError(.invalidData, "calendar '\(calendar)': '\(key)' is not a day or a range of days; write e.g. mon, sat or mon-fri")
        }
        return Array(mondayFirst[i...j])
    }
}
