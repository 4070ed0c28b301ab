import CaseflowExpr
import CaseflowModel
import Foundation

/// Times and values as people read them: a time in a zone with its offset
/// (`2026-03-11 10:00 +08:00`), a duration as `8h` or `2h30m`. One form for the tables of
/// `caseflow cases` and the step and verdict texts of `simulate` and `rules eval`.
enum PeopleTime {
    static func text(_ t: Timestamp, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = t.seconds % 60 == 0 && t.nanos == 0 ? "yyyy-MM-dd HH:mm xxx" : "yyyy-MM-dd HH:mm:ss xxx"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(t.seconds)))
    }

    /// A value as an expression's result or read: times in the zone, durations short, the rest
    /// as CEL writes them.
    static func value(_ value: Value?, in zone: TimeZone) -> String {
        guard let value else { return "(unset)" }
        if case .timestamp(let t) = value { return text(t, in: zone) }
        if case .duration(let d) = value { return d.shortText }
        return value.debugText
    }

    /// The zone of a workflow (its `timezone:`), else the one zone its calendars share, else UTC.
    static func zone(of workflow: Workflow?, in definitions: Definitions) -> TimeZone {
        if let name = workflow?.timezone, let zone = TimeZone(identifier: name) { return zone }
        return sharedZone(definitions.calendars)
    }

    /// The zone of the calendars a rule set's rules name (`period_end(…, "cn")`), if they share
    /// one; else the one all calendars share; else UTC.
    static func zone(of set: RuleSet, in definitions: Definitions) -> TimeZone {
        let named = definitions.calendars.filter { c in set.rules.contains { $0.when.text.contains("\"\(c.name)\"") || $0.when.text.contains("'\(c.name)'") } }
        return sharedZone(named.isEmpty ? definitions.calendars : named)
    }

    private static func sharedZone(_ calendars: [CalendarDefinition]) -> TimeZone {
        let zones = Set(calendars.map(\.timezone.value))
        guard zones.count == 1, let name = zones.first, let zone = TimeZone(identifier: name) else { return .gmt }
        return zone
    }
}
