import Testing
import CaseflowExpr
@testable import CaseflowCalendar

@Suite struct BusinessTimeTests {
    @Test func businessHoursSkipTheWeekendAndTheLunchBreak() throws {
        let cn = try china()
        let friday = try ts("2026-03-06T11:00:00+08:00"), monday = try ts("2026-03-09T14:00:00+08:00")
        // Friday 11–12 and 13–18, Monday 9–12 and 13–14.
        #expect(try cn.businessHoursBetween(friday, monday) == hours(10))
        #expect(try cn.businessHoursBetween(monday, friday) == hours(-10))
        #expect(try cn.businessHoursBetween(try ts("2026-03-09T12:10:00+08:00"), try ts("2026-03-09T12:50:00+08:00")) == hours(0))
        let precise = try cn.businessHoursBetween(try ts("2026-03-09T11:59:59.5+08:00"), try ts("2026-03-09T13:00:00.25+08:00"))
        #expect(precise == CELDuration(seconds: 0, nanos: 750_000_000))
    }

    @Test func businessHoursSkipHolidaysAndCountMakeUpDays() throws {
        // Friday 13 February 17:00 to Tuesday 24 February 10:00: 1h, Saturday 14th 8h, 1h.
        let cn = try china()
        #expect(try cn.businessHoursBetween(try ts("2026-02-13T17:00:00+08:00"), try ts("2026-02-24T10:00:00+08:00")) == hours(10))
    }

    @Test func addBusinessHoursFromOutsideHoursStartsAtTheNextOpening() throws {
        let cn = try china()
        // Saturday evening: Monday 09:00 + 3h to the lunch break, then 1h after it.
        #expect(try cn.addBusinessHours(try ts("2026-03-07T20:00:00+08:00"), #require(hours(4))) == (try ts("2026-03-09T14:00:00+08:00")))
        // Friday 17:00 + 2h: one hour on Friday, one on Monday.
        #expect(try cn.addBusinessHours(try ts("2026-03-06T17:00:00+08:00"), #require(hours(2))) == (try ts("2026-03-09T10:00:00+08:00")))
        // During lunch: the clock starts at 13:00.
        #expect(try cn.addBusinessHours(try ts("2026-03-09T12:30:00+08:00"), #require(hours(0, minutes: 30))) == (try ts("2026-03-09T13:30:00+08:00")))
    }

    @Test func addBusinessHoursEndingAtClosingIsThatClosing() throws {
        let cn = try china()
        #expect(try cn.addBusinessHours(try ts("2026-03-06T16:00:00+08:00"), #require(hours(2))) == (try ts("2026-03-06T18:00:00+08:00")))
        #expect(try cn.addBusinessHours(try ts("2026-03-06T10:00:00+08:00"), #require(hours(2))) == (try ts("2026-03-06T12:00:00+08:00")))
    }

    @Test func addBusinessHoursAcrossTheLabourDayHoliday() throws {
        // Thursday 30 April 16:00 + 4h: 2h that day, 1–5 May off, Wednesday 6 May 09:00 + 2h.
        let due = try china().addBusinessHours(try ts("2026-04-30T16:00:00+08:00"), #require(hours(4)))
        #expect(due == (try ts("2026-05-06T11:00:00+08:00")))
    }

    @Test func zeroAndNegativeDurations() throws {
        let cn = try china()
        let saturday = try ts("2026-03-07T20:00:00+08:00")
        #expect(try cn.addBusinessHours(saturday, #require(hours(0))) == saturday)
        let back = try #require(hours(-1))
        expectFailure(.invalidArgument) { () throws(CalendarError) in try cn.addBusinessHours(saturday, back) }
    }

    @Test func businessHoursAcrossTheDaylightSavingWeeksAreWallClockHours() throws {
        let de = try germany()
        // Friday 09:00 winter time to Monday 18:00 summer time: 9h + 9h, the lost hour was a Sunday night.
        #expect(try de.businessHoursBetween(try ts("2026-03-27T09:00:00+01:00"), try ts("2026-03-30T18:00:00+02:00")) == hours(18))
        #expect(try de.businessHoursBetween(try ts("2026-10-23T09:00:00+02:00"), try ts("2026-10-26T18:00:00+01:00")) == hours(18))
        // Friday 17:00 summer time + 2h: Monday 10:00 winter time, 09:00Z.
        #expect(try de.addBusinessHours(try ts("2026-10-23T17:00:00+02:00"), #require(hours(2))) == (try ts("2026-10-26T09:00:00Z")))
        #expect(try de.addBusinessHours(try ts("2026-03-27T17:00:00+01:00"), #require(hours(2))) == (try ts("2026-03-30T08:00:00Z")))
    }

    @Test func allDayHoursCountTheRealLengthOfASwitchDay() throws {
        let berlin = try allDay("Europe/Berlin")
        #expect(try berlin.businessHoursBetween(try ts("2026-03-29T00:00:00+01:00"), try ts("2026-03-30T00:00:00+02:00")) == hours(23))
        #expect(try berlin.businessHoursBetween(try ts("2026-10-25T00:00:00+02:00"), try ts("2026-10-26T00:00:00+01:00")) == hours(25))
        #expect(try berlin.addBusinessHours(try ts("2026-03-28T12:00:00+01:00"), #require(hours(24))) == (try ts("2026-03-29T13:00:00+02:00")))
    }

    @Test func spansOverAHundredYearsAreRejected() throws {
        let cn = try china()
        let a = try ts("2026-03-02T10:00:00+08:00"), b = try ts("2200-03-02T10:00:00+08:00")
        expectFailure(.invalidArgument) { () throws(CalendarError) in try cn.businessHoursBetween(a, b) }
        let long = try #require(CELDuration(seconds: 3600 * 24 * 365 * 150))
        expectFailure(.invalidArgument) { () throws(CalendarError) in try cn.addBusinessHours(a, long) }
    }
}
