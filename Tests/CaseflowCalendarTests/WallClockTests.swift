import Testing
import CaseflowExpr
@testable import CaseflowCalendar

@Suite struct WallClockTests {
    /// The shortcut for instants far from an offset change must give what reading the offsets
    /// either side gives, at every hour of a year, in zones that change at 02:00, at midnight
    /// and not at all.
    @Test(arguments: ["Asia/Shanghai", "Europe/Berlin", "America/Santiago", "Asia/Beirut", "America/New_York", "+05:30"])
    func firstInstantMatchesTheFullCheckAllYear(zone name: String) throws {
        let zone = try #require(ZoneRule(name))
        let start = try #require(CivilDate(year: 2026, month: 1, day: 1)).daysSinceEpoch
        var shortcuts = 0
        for day in start..<(start + 365) {
            for hour in 0..<24 {
                let wall = day * 86_400 + Int64(hour) * 3600
                #expect(zone.firstInstant(atOrAfterWall: wall) == zone.firstInstantNearChange(atOrAfterWall: wall),
                        "\(name) day \(day) hour \(hour)")
                if zone.steadyOffset(around: wall, margin: 2 * 86_400) != nil { shortcuts += 1 }
            }
        }
        // Most hours take the shortcut; the days around each change do not.
        #expect(shortcuts > 24 * 350)
    }

    /// Outside the years its table covers (1970–2099) a zone reads the system's data: no
    /// shortcut there, so summer time in 1965 and 2150 still counts.
    @Test(arguments: ["1965-07-01", "1969-12-31", "2099-12-31", "2150-07-01"])
    func noShortcutOutsideTheTable(date: String) throws {
        let berlin = try #require(ZoneRule("Europe/Berlin"))
        let parts = date.split(separator: "-").compactMap { Int($0) }
        let day = try #require(CivilDate(year: parts[0], month: parts[1], day: parts[2])).daysSinceEpoch
        let wall = day * 86_400 + 12 * 3600
        #expect(berlin.steadyOffset(around: wall, margin: 2 * 86_400) == nil)
        #expect(berlin.firstInstant(atOrAfterWall: wall) == berlin.firstInstantNearChange(atOrAfterWall: wall))
    }

    @Test func noSteadyOffsetAcrossAChange() throws {
        let berlin = try #require(ZoneRule("Europe/Berlin"))
        // 2026-03-29 01:00 UTC: Berlin moves from +01:00 to +02:00.
        let change: Int64 = 1_774_746_000
        #expect(berlin.steadyOffset(around: change, margin: 3600) == nil)
        #expect(berlin.steadyOffset(around: change - 3 * 86_400, margin: 86_400) == 3600)
        #expect(berlin.steadyOffset(around: change + 3 * 86_400, margin: 86_400) == 7200)
    }
}
