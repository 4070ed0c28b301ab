extension BusinessCalendar {
    /// A stable text of everything that decides the calendar's answers — zone, rollover, weekly
    /// hours, holidays and make-up days, in a fixed order — for telling definition versions apart.
    public var fingerprint: String {
        var parts = ["\(name)", zone.name, "rollover=\(rollover)"]
        for day in Weekday.allCases { parts.append("\(day.shortName)=" + regularHours(on: day).map(\.description).joined(separator: ",")) }
        parts.append("holidays=" + holidays.sorted().map(\.description).joined(separator: ","))
        parts.append("workdays=" + makeUpDays.keys.sorted().map { "\($0):" + (makeUpDays[$0] ?? []).map(\.description).joined(separator: ",") }.joined(separator: ";"))
        return parts.joined(separator: "|")
    }
}
