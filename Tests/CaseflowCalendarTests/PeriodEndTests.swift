import Testing
import CaseflowExpr
@testable import CaseflowCalendar

@Suite struct PeriodEndTests {
    @Test func sevenDaysEndAtMidnightAfterTheSeventhDayNotAfter168Hours() throws {
        let signed = try ts("2026-03-02T10:00:00+08:00")
        let end = try china().periodEnd(start: signed, days: 7)
        #expect(end == (try ts("2026-03-10T00:00:00+08:00")))
        let lateOnDaySeven = try ts("2026-03-09T23:59:00+08:00")
        #expect(lateOnDaySeven <= end)
        // The naive count says this request is late: it is 13h59m after signed + 168h.
        let naive = try #require(Timestamp(seconds: signed.seconds + 168 * 3600))
        #expect(naive == (try ts("2026-03-09T10:00:00+08:00")))
        #expect(lateOnDaySeven > naive)
        #expect(try ts("2026-03-10T00:00:01+08:00") > end)
    }

    @Test func theSigningDayIsTheLocalDateNotTheUTCDate() throws {
        let cn = try china()
        // 00:10 in Shanghai is still 1 March in UTC; the period counts from 2 March all the same.
        let justAfterMidnight = try ts("2026-03-02T00:10:00+08:00")
        #expect(justAfterMidnight == (try ts("2026-03-01T16:10:00Z")))
        #expect(try cn.periodEnd(start: justAfterMidnight, days: 7) == (try ts("2026-03-10T00:00:00+08:00")))
        // Twenty minutes earlier is another day in Shanghai, and the period ends a day earlier.
        #expect(try cn.periodEnd(start: try ts("2026-03-01T23:50:00+08:00"), days: 7) == (try ts("2026-03-09T00:00:00+08:00")))
    }

    @Test func chinaWithoutRolloverEndsOnTheHolidayItself() throws {
        // Signed 24 September: the seventh day is 1 October, National Day.
        let signed = try ts("2026-09-24T15:00:00+08:00")
        #expect(try china().periodEnd(start: signed, days: 7) == (try ts("2026-10-02T00:00:00+08:00")))
        // The same calendar with rollover on skips 1–7 October to Thursday the 8th.
        #expect(try china(rollover: true).periodEnd(start: signed, days: 7) == (try ts("2026-10-09T00:00:00+08:00")))
    }

    @Test func rolloverStopsAtAMakeUpSaturday() throws {
        // Signed 3 October: the seventh day is Saturday 10 October, a make-up working day.
        let end = try china(rollover: true).periodEnd(start: try ts("2026-10-03T09:00:00+08:00"), days: 7)
        #expect(end == (try ts("2026-10-11T00:00:00+08:00")))
    }

    @Test func euFourteenDaysEndingOnSaturdayRollToMondayMidnightInBerlin() throws {
        let delivered = try ts("2026-06-06T11:00:00+02:00")          // a Saturday
        let end = try germany().periodEnd(start: delivered, days: 14)  // last day Saturday 20 June
        #expect(end == (try ts("2026-06-23T00:00:00+02:00")))
        #expect(end == (try ts("2026-06-22T22:00:00Z")))
        #expect(try germany(rollover: false).periodEnd(start: delivered, days: 14) == (try ts("2026-06-21T00:00:00+02:00")))
    }

    @Test func euRolloverSkipsEasterAcrossTheSpringChange() throws {
        // Delivered in winter time; day 14 is Good Friday, then Saturday, Sunday, Easter Monday.
        let end = try germany().periodEnd(start: try ts("2026-03-20T15:00:00+01:00"), days: 14)
        #expect(end == (try ts("2026-04-07T22:00:00Z")))   // 24:00 on Tuesday 7 April, summer time
    }

    @Test(arguments: [
        // Day ends are local midnight: 23:00Z in winter, 22:00Z in summer, on either side of a switch.
        ("2026-03-02T10:00:00+01:00", "2026-03-16T23:00:00Z"),
        ("2026-03-14T10:00:00+01:00", "2026-03-28T23:00:00Z"),   // Saturday 28 March, the last winter day
        ("2026-03-15T10:00:00+01:00", "2026-03-29T22:00:00Z"),   // Sunday 29 March, 23 hours long
        ("2026-03-16T10:00:00+01:00", "2026-03-30T22:00:00Z"),
        ("2026-10-10T10:00:00+02:00", "2026-10-24T22:00:00Z"),   // Saturday 24 October, the last summer day
        ("2026-10-11T10:00:00+02:00", "2026-10-25T23:00:00Z"),   // Sunday 25 October, 25 hours long
        ("2026-10-12T10:00:00+02:00", "2026-10-26T23:00:00Z"),
    ])
    func dayEndsStayAtLocalMidnightAcrossDaylightSaving(start: String, end: String) throws {
        #expect(try germany(rollover: false).periodEnd(start: try ts(start), days: 14) == (try ts(end)))
    }

    @Test func euRolloverFromTheAutumnSwitchSunday() throws {
        // Day 14 is Sunday 25 October; the period ends at 24:00 on Monday, winter time.
        let end = try germany().periodEnd(start: try ts("2026-10-11T12:00:00+02:00"), days: 14)
        #expect(end == (try ts("2026-10-27T00:00:00+01:00")))
    }

    @Test func aDayThatStartsInAMidnightGapStartsWhenTheClockResumes() throws {
        // Chile moves its clocks from 00:00 to 01:00 on Sunday 6 September 2026: that day has no
        // midnight, so Saturday ends at 01:00 local (-03:00), not an hour earlier.
        let santiago = try allDay("America/Santiago")
        let end = try santiago.periodEnd(start: try ts("2026-08-29T12:00:00-04:00"), days: 7)
        #expect(end == (try ts("2026-09-06T01:00:00-03:00")))
        #expect(end == (try ts("2026-09-06T04:00:00Z")))
    }

    @Test func zeroDaysEndsWithTheEventDayAndBadLengthsAreRejected() throws {
        let cn = try china()
        let signed = try ts("2026-03-02T10:00:00+08:00")
        #expect(try cn.periodEnd(start: signed, days: 0) == (try ts("2026-03-03T00:00:00+08:00")))
        expectFailure(.invalidArgument) { () throws(CalendarError) in try cn.periodEnd(start: signed, days: -1) }
        expectFailure(.invalidArgument) { () throws(CalendarError) in try cn.periodEnd(start: signed, days: 40_000) }
        expectFailure(.invalidArgument) { () throws(CalendarError) in try cn.periodEnd(start: signed, days: .max) }
    }
}
