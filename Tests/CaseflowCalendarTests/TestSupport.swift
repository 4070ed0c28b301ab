import Foundation
import Testing
import CaseflowExpr
@testable import CaseflowCalendar

/// A calendar fact set as stored in `Fixtures/*.json`: plain data, the same a calendar file holds.
struct CalendarFacts: Decodable {
    let name: String
    let zone: String
    let weeklyHours: [String: [String]]
    let rollover: Bool
    /// Dates grouped by the holiday they belong to.
    let holidays: [String: [String]]
    let makeUpDays: [String: [String]]

    static func load(_ file: String) throws -> CalendarFacts {
        let url = try #require(Bundle.module.url(forResource: file, withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(CalendarFacts.self, from: Data(contentsOf: url))
    }

    /// The calendar these facts describe, with `rollover` overridden when given.
    func calendar(rollover: Bool? = nil) throws -> BusinessCalendar {
        try BusinessCalendar(name: name, zone: zone, weeklyHours: weeklyHours,
                             holidays: holidays.values.flatMap { $0 }, makeUpDays: makeUpDays.values.flatMap { $0 },
                             rollover: rollover ?? self.rollover)
    }
}

/// China 2026: Asia/Shanghai, 09:00–12:00 and 13:00–18:00, the State Council's holidays, no rollover.
func china(rollover: Bool? = nil) throws -> BusinessCalendar {
    try CalendarFacts.load("cn-2026").calendar(rollover: rollover)
}

/// Germany 2026 as an EU trader's calendar: Europe/Berlin, 09:00–18:00, rollover on.
func germany(rollover: Bool? = nil) throws -> BusinessCalendar {
    try CalendarFacts.load("de-2026").calendar(rollover: rollover)
}

/// Every day of the week, all day, in `zone`: shows the wall-clock rules without holidays in the way.
func allDay(_ zone: String) throws -> BusinessCalendar {
    try BusinessCalendar(name: "all-day", zone: zone, weeklyHours: ["mon-sun": ["00:00-24:00"]], holidays: [], rollover: false)
}

/// A timestamp from RFC 3339 text; fails the test on a typo.
func ts(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Timestamp {
    try #require(Timestamp(rfc3339: text), sourceLocation: sourceLocation)
}

func hours(_ h: Int64, minutes: Int64 = 0) -> CELDuration? {
    CELDuration(seconds: h * 3600 + minutes * 60)
}

/// Asserts that a calendar computation fails with the given kind.
func expectFailure<T>(_ kind: CalendarError.Kind, sourceLocation: SourceLocation = #_sourceLocation,
                      _ body: () throws(CalendarError) -> T) {
    do {
        _ = try body()
        Issue.record("expected a \(kind) error", sourceLocation: sourceLocation)
    } catch {
        #expect(error.kind == kind, "\(error.message)", sourceLocation: sourceLocation)
    }
}
