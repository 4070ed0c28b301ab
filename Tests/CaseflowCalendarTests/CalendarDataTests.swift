import Testing
import CaseflowExpr
@testable import CaseflowCalendar

@Suite struct CalendarDataTests {
    @Test func theChina2026FactsHaveTheWeekdaysTheNoticeStates() throws {
        let facts = try CalendarFacts.load("cn-2026")
        let holidays = facts.holidays.values.flatMap { $0 }.compactMap(CivilDate.init(iso:))
        let makeUps = facts.makeUpDays.values.flatMap { $0 }.compactMap(CivilDate.init(iso:))
        #expect(holidays.count == 33 && Set(holidays).count == 33)
        #expect(makeUps.map(\.description).sorted() == ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])
        #expect(makeUps.allSatisfy { $0.weekday == .saturday || $0.weekday == .sunday })
        // First days as the notice gives them: 元旦 Thursday, 春节 Sunday (腊月二十八), 清明 Saturday,
        // 劳动节 Friday, 端午 Friday, 中秋 Friday, 国庆 Thursday.
        let firsts = ["2026-01-01": Weekday.thursday, "2026-02-15": .sunday, "2026-04-04": .saturday,
                      "2026-05-01": .friday, "2026-06-19": .friday, "2026-09-25": .friday, "2026-10-01": .thursday]
        for (date, weekday) in firsts { #expect(CivilDate(iso: date)?.weekday == weekday, "\(date)") }
    }

    @Test func workingDaysFollowHolidaysAndMakeUpDays() throws {
        let cn = try china()
        func day(_ text: String) throws -> CivilDate { try #require(CivilDate(iso: text)) }
        #expect(cn.isWorkingDay(try day("2026-02-13")))
        #expect(cn.isWorkingDay(try day("2026-02-14")))    // make-up Saturday
        #expect(!cn.isWorkingDay(try day("2026-02-16")))   // Monday in the Spring Festival
        #expect(!cn.isWorkingDay(try day("2026-03-07")))   // an ordinary Saturday
        #expect(cn.hours(on: try day("2026-02-14")) == cn.regularHours(on: .monday))
        #expect(cn.regularHours(on: .monday).map(\.description) == ["09:00-12:00", "13:00-18:00"])
        #expect(cn.localDate(of: try ts("2026-03-01T16:10:00Z")).description == "2026-03-02")
    }

    @Test func civilDatesParseOnlyRealDates() {
        #expect(CivilDate(iso: "2024-02-29")?.description == "2024-02-29")
        #expect(CivilDate(iso: "2026-02-29") == nil)
        #expect(CivilDate(iso: "2026-2-01") == nil)
        #expect(CivilDate(iso: "10000-01-01") == nil)
        #expect(CivilDate(year: 2026, month: 13, day: 1) == nil)
        #expect(HoursInterval(parsing: "13:00 - 24:00")?.description == "13:00-24:00")
        #expect(HoursInterval(parsing: "18:00-09:00") == nil)
        #expect(HoursInterval(parsing: "9:00-18:00") == nil)
        #expect(Weekday(name: "Mon") == .monday && Weekday(name: "sunday") == .sunday && Weekday(name: "mo") == nil)
    }

    @Test(arguments: [
        (["mon-fri": ["09:00-18:00"]], ["2026-13-01"], [String](), "'2026-13-01' in holidays"),
        (["mon-fri": ["09:00-18:00"]], ["2026-10-10"], ["2026-10-10"], "also listed as a holiday"),
        (["mon-fri": ["09:00-18:00"]], [], ["2026-10-10", "2026-10-10"], "listed twice"),
        (["mon-fri": ["09:00-13:00", "12:00-18:00"]], [], [], "overlap"),
        (["mon-fri": ["9-18"]], [], [], "'9-18' is not a span of hours"),
        (["fri-mon": ["09:00-18:00"]], [], [], "'fri-mon' is not a day or a range of days"),
        (["mon-fri": ["09:00-18:00"], "fri": ["09:00-12:00"]], [], [], "friday has hours under two keys"),
        (["sat": ["09:00-18:00"]], [], ["2026-10-10"], "no day from Monday to Friday has hours"),
    ])
    func badCalendarDataIsRejectedNamingTheValue(weekly: [String: [String]], holidays: [String], makeUps: [String], message: String) {
        expectFailure(.invalidData) { () throws(CalendarError) in
            try BusinessCalendar(name: "x", zone: "Asia/Shanghai", weeklyHours: weekly, holidays: holidays, makeUpDays: makeUps, rollover: false)
        }
        do {
            _ = try BusinessCalendar(name: "x", zone: "Asia/Shanghai", weeklyHours: weekly, holidays: holidays, makeUpDays: makeUps, rollover: false)
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func anUnknownZoneIsRejected() {
        expectFailure(.invalidData) { () throws(CalendarError) in
            try BusinessCalendar(name: "x", zone: "Asia/Peking", weeklyHours: [:], holidays: [], rollover: false)
        }
    }

    /// Holidays and make-up days are looked up in a table by day when they span less than about
    /// 110 years, and by hashing the date otherwise; both must give every day the same hours.
    @Test func theTableOfExceptionDaysAgreesWithTheSetAndDictionary() throws {
        let facts = try CalendarFacts.load("cn-2026")
        let table = try facts.calendar()
        // One holiday far in the future stretches the span past the table's limit.
        let hashed = try BusinessCalendar(name: facts.name, zone: facts.zone, weeklyHours: facts.weeklyHours,
                                          holidays: facts.holidays.values.flatMap { $0 } + ["2200-01-01"],
                                          makeUpDays: facts.makeUpDays.values.flatMap { $0 }, rollover: false)
        #expect(table.readsExceptionsByDay && !hashed.readsExceptionsByDay)
        let start = try #require(CivilDate(year: 2025, month: 12, day: 1)).daysSinceEpoch
        var differing: [CivilDate] = [], exceptional = 0
        for day in start..<(start + 450) {
            let date = CivilDate(daysSinceEpoch: day)
            if table.hours(on: date) != hashed.hours(on: date) { differing.append(date) }
            if table.hours(on: date) != table.regularHours(on: date.weekday) { exceptional += 1 }
        }
        #expect(differing.isEmpty, "\(differing)")
        // The holidays and make-up days of 2026 are among the days compared.
        #expect(exceptional > 20)
        let far = try #require(CivilDate(iso: "2200-01-01"))
        #expect(hashed.hours(on: far).isEmpty && !table.hours(on: far).isEmpty)
    }
}
