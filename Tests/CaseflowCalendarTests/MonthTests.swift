import Testing
import CaseflowExpr
@testable import CaseflowCalendar

@Suite struct MonthTests {
    @Test(arguments: [
        // The same day number N months later; a day the month lacks means its last day.
        ("2026-01-31T10:00:00+08:00", 1, "2026-02-28T10:00:00+08:00"),
        ("2028-01-31T10:00:00+08:00", 1, "2028-02-29T10:00:00+08:00"),   // leap year
        ("2028-02-29T10:00:00+08:00", 12, "2029-02-28T10:00:00+08:00"),  // 29 February, no match next year
        ("2028-02-29T10:00:00+08:00", 48, "2032-02-29T10:00:00+08:00"),
        ("2026-03-31T23:59:00+08:00", -1, "2026-02-28T23:59:00+08:00"),  // counting back
        ("2026-03-02T15:00:00+08:00", 12, "2027-03-02T15:00:00+08:00"),
        ("2026-11-30T08:00:00+08:00", 3, "2027-02-28T08:00:00+08:00"),   // across the year end
        ("2026-05-15T09:00:00+08:00", 0, "2026-05-15T09:00:00+08:00"),
    ])
    func addMonthsKeepsTheDayNumberOrTakesTheMonthsLastDay(start: String, months: Int, expected: String) throws {
        #expect(try china().addMonths(try ts(start), months) == (try ts(expected)))
    }

    @Test func addMonthsReadsTheDateInTheCalendarsZone() throws {
        // 31 January 20:00 UTC is already 1 February in Shanghai: one month later is 1 March there.
        let evening = try ts("2026-01-31T20:00:00Z")
        #expect(try china().addMonths(evening, 1) == (try ts("2026-03-01T04:00:00+08:00")))
        #expect(try allDay("UTC").addMonths(evening, 1) == (try ts("2026-02-28T20:00:00Z")))
    }

    @Test func addMonthsIntoASpringForwardGapEndsAtTheGap() throws {
        // 29 March 2026 02:30 never shows in Berlin: the clock jumps from 02:00 to 03:00.
        let start = try ts("2026-01-29T02:30:00+01:00")
        #expect(try germany().addMonths(start, 2) == (try ts("2026-03-29T03:00:00+02:00")))
    }

    @Test func aTwelveMonthWarrantyEndsAtMidnightAfterTheSameDate() throws {
        let sold = try ts("2026-03-02T15:00:00+08:00")
        #expect(try china().periodEndMonths(start: sold, months: 12) == (try ts("2027-03-03T00:00:00+08:00")))
        // Sold 31 January: a one-month period ends with 28 February.
        #expect(try china().periodEndMonths(start: try ts("2026-01-31T09:00:00+08:00"), months: 1)
                == (try ts("2026-03-01T00:00:00+08:00")))
        #expect(try china().periodEndMonths(start: sold, months: 0) == (try ts("2026-03-03T00:00:00+08:00")))
    }

    @Test func aPeriodOfMonthsEndingOnAHolidayRollsOverOnlyWhenTheCalendarSays() throws {
        // One month from 1 September ends on 1 October, National Day (holidays 1–7 October 2026).
        let start = try ts("2026-09-01T10:00:00+08:00")
        #expect(try china().periodEndMonths(start: start, months: 1) == (try ts("2026-10-02T00:00:00+08:00")))
        #expect(try china(rollover: true).periodEndMonths(start: start, months: 1) == (try ts("2026-10-09T00:00:00+08:00")))
    }

    @Test func negativeOrHundredYearMonthsAreErrors() throws {
        let t = try ts("2026-03-02T15:00:00+08:00"), late = try ts("9999-06-01T00:00:00Z")
        let cn = try china()
        expectFailure(.invalidArgument) { () throws(CalendarError) in try cn.periodEndMonths(start: t, months: -1) }
        expectFailure(.invalidArgument) { () throws(CalendarError) in try cn.addMonths(t, 1_201) }
        expectFailure(.outOfRange) { () throws(CalendarError) in try cn.addMonths(late, 12) }
    }

    @Test func dayEndIsLocalMidnightAndNeverRollsOver() throws {
        let saturday = try ts("2026-06-20T11:00:00+02:00")
        #expect(dayEnd(saturday, in: try germany().zone) == (try ts("2026-06-21T00:00:00+02:00")))
        #expect(dayEnd(try ts("2026-06-20T23:30:00Z"), in: try germany().zone) == (try ts("2026-06-22T00:00:00+02:00")))
    }
}
