import CaseflowCalendar
import CaseflowModel
import Testing

/// A calendar whose holiday lists lack this year or the next is a warning (CF310) at the
/// calendar, for the date the check is made for; one with no holiday lists at all is not.
@Suite("Calendars without this or next year's holidays")
struct CalendarYearTests {
    static let calendars = """
        calendars:
          cn:
            timezone: Asia/Shanghai
            rollover: false
            hours: {mon-fri: ["09:00-18:00"]}
            holidays: [2026-01-01, 2026-10-01]
            workdays: [2026-01-04]
          plain:
            timezone: Asia/Shanghai
            rollover: false
            hours: {mon-fri: ["09:00-18:00"]}
        """

    func warnings(asOf date: String) throws -> [Diagnostic] {
        let directory = try TemporaryDirectory()
        _ = try directory.write("calendars.yaml", Self.calendars)
        let today = try #require(CivilDate(iso: date))
        return DefinitionCheck.run(paths: [directory.path], today: today).diagnostics.filter { $0.code == .calendarYearMissing }
    }

    @Test func nextYearMissing() throws {
        let found = try warnings(asOf: "2026-12-03")
        #expect(found.count == 1)
        let warning = try #require(found.first)
        #expect(warning.severity == .warning)
        #expect((warning.location.line, warning.location.column) == (2, 3))
        #expect(warning.message.contains("calendar 'cn' lists no public holidays or make-up days for 2027"))
    }

    /// The next year counts from October, when governments publish it.
    @Test func theNextYearCountsFromOctober() throws {
        #expect(try warnings(asOf: "2026-09-30").isEmpty)
        #expect(try warnings(asOf: "2027-06-01").first?.message.contains("for 2027:") == true)
        #expect(try warnings(asOf: "2027-10-01").first?.message.contains("for 2027 and 2028") == true)
    }

    @Test func coveredYearsAndUndatedChecksWarnNothing() throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write("calendars.yaml", Self.calendars.replacingOccurrences(of: "2026-10-01]", with: "2026-10-01, 2027-01-01]"))
        let today = try #require(CivilDate(iso: "2026-12-03"))
        #expect(DefinitionCheck.run(paths: [directory.path], today: today).diagnostics.isEmpty)
        _ = try directory.write("calendars.yaml", Self.calendars)
        #expect(DefinitionCheck.run(paths: [directory.path]).diagnostics.isEmpty, "no date, no calendar check")
    }
}
