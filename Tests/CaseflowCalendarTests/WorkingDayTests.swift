import Testing
import CaseflowExpr
@testable import CaseflowCalendar

@Suite struct WorkingDayTests {
    @Test(arguments: [
        (1, "2026-02-14T10:30:00+08:00"),   // Saturday, a make-up working day
        (2, "2026-02-24T10:30:00+08:00"),   // after the holiday of 15–23 February
        (5, "2026-02-27T10:30:00+08:00"),
        (6, "2026-02-28T10:30:00+08:00"),   // the second make-up Saturday
        (7, "2026-03-02T10:30:00+08:00"),
    ])
    func addWorkingDaysAcrossTheSpringFestival(n: Int, expected: String) throws {
        let friday = try ts("2026-02-13T10:30:00+08:00")
        #expect(try china().addWorkingDays(friday, n) == (try ts(expected)))
    }

    @Test func zeroIsTheSameInstantAndNegativeCountsBack() throws {
        let cn = try china()
        let onHoliday = try ts("2026-02-16T20:00:00+08:00")
        #expect(try cn.addWorkingDays(onHoliday, 0) == onHoliday)
        #expect(try cn.addWorkingDays(onHoliday, 1) == (try ts("2026-02-24T20:00:00+08:00")))
        #expect(try cn.addWorkingDays(onHoliday, -1) == (try ts("2026-02-14T20:00:00+08:00")))
        let tuesday = try ts("2026-02-24T09:15:00.250+08:00")
        #expect(try cn.addWorkingDays(tuesday, -2) == (try ts("2026-02-13T09:15:00.250+08:00")))
    }

    @Test func theLocalTimeOfDayIsKeptAcrossTheSpringChange() throws {
        let friday = try ts("2026-03-27T10:00:00+01:00")
        #expect(try germany().addWorkingDays(friday, 1) == (try ts("2026-03-30T10:00:00+02:00")))
        let monday = try ts("2026-10-26T10:00:00+01:00")
        #expect(try germany().addWorkingDays(monday, -1) == (try ts("2026-10-23T10:00:00+02:00")))
    }

    @Test func aTimeInTheSpringGapMovesToTheEndOfTheGapAndAnAmbiguousOneToItsFirstOccurrence() throws {
        let berlin = try allDay("Europe/Berlin")
        // 02:30 does not exist on 29 March in Berlin: the clock reads 03:00 at 01:00Z.
        #expect(try berlin.addWorkingDays(try ts("2026-03-28T02:30:00+01:00"), 1) == (try ts("2026-03-29T03:00:00+02:00")))
        // 02:30 happens twice on 25 October; the first is in summer time.
        #expect(try berlin.addWorkingDays(try ts("2026-10-24T02:30:00+02:00"), 1) == (try ts("2026-10-25T02:30:00+02:00")))
    }

    @Test func spansOverAHundredYearsAndCalendarsWithoutWorkingDaysFail() throws {
        let cn = try china()
        let t = try ts("2026-03-02T10:00:00+08:00")
        expectFailure(.invalidArgument) { () throws(CalendarError) in try cn.addWorkingDays(t, 30_000) }
        expectFailure(.invalidArgument) { () throws(CalendarError) in try cn.addWorkingDays(t, .min) }
        let closed = try BusinessCalendar(name: "closed", zone: "UTC", weeklyHours: [:], holidays: [], rollover: true)
        let minute = try #require(hours(0, minutes: 1))
        expectFailure(.invalidArgument) { () throws(CalendarError) in try closed.addWorkingDays(t, 1) }
        expectFailure(.invalidArgument) { () throws(CalendarError) in try closed.periodEnd(start: t, days: 7) }
        expectFailure(.invalidArgument) { () throws(CalendarError) in try closed.addBusinessHours(t, minute) }
    }

    @Test func aCalendarOfOnlyMakeUpDaysReachesThemAndNoFurther() throws {
        let special = try BusinessCalendar(name: "special", zone: "UTC", weeklyHours: [:], holidays: [],
                                           makeUpDays: ["2026-05-09"], makeUpHours: ["10:00-12:00"], rollover: false)
        let t = try ts("2026-05-01T11:00:00Z")
        #expect(try special.addWorkingDays(t, 1) == (try ts("2026-05-09T11:00:00Z")))
        expectFailure(.invalidArgument) { () throws(CalendarError) in try special.addWorkingDays(t, 2) }
        #expect(try special.addBusinessHours(t, #require(hours(1))) == (try ts("2026-05-09T11:00:00Z")))
    }
}
