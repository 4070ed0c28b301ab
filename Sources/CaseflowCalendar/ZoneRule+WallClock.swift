import CaseflowExpr

/// Local dates and wall-clock boundaries in a zone, the two questions every calendar function asks.
extension ZoneRule {
    /// The local date of an instant and its wall-clock seconds after local midnight.
    @inline(__always)
    func local(_ t: Timestamp) -> (day: Int64, secondOfDay: Int64) {
        let wall = t.seconds + offset(atUTC: t.seconds)
        let day = CivilTime.floorDiv(wall, 86_400)
        return (day, wall - day * 86_400)
    }

    /// The first instant (seconds since the epoch) at which the local clock reads `wall` or later.
    ///
    /// This is what "24:00 of the last day" and "opens at 09:00" mean when the clock jumps:
    /// in a spring-forward gap a wall time that never shows resolves to the end of the gap (a day
    /// that starts at a skipped midnight starts when the clock resumes), and in a fall-back
    /// overlap to its first occurrence. Resolving a gap to an instant before it would end a day
    /// early in zones that change at midnight (America/Santiago, Asia/Beirut).
    /// It assumes at most one offset change within a day either side of `wall`, true of every
    /// zone in the tz database since 1970.
    func firstInstant(atOrAfterWall wall: Int64) -> Int64 {
        // No offset change within two days of `wall` (offsets are under a day): the one reading.
        if let steady = steadyOffset(around: wall, margin: 2 * 86_400) { return wall - steady }
        return firstInstantNearChange(atOrAfterWall: wall)
    }

    /// ``firstInstant(atOrAfterWall:)`` without the shortcut: reads the offsets either side.
    func firstInstantNearChange(atOrAfterWall wall: Int64) -> Int64 {
        let early = offset(atUTC: wall - 86_400)
        let late = offset(atUTC: wall + 86_400)
        let byEarly = wall - early, byLate = wall - late
        let earlyShows = offset(atUTC: byEarly) == early
        if early == late && earlyShows { return byEarly }
        let lateShows = offset(atUTC: byLate) == late
        switch (earlyShows, lateShows) {
        case (true, true): return min(byEarly, byLate)
        case (true, false): return byEarly
        case (false, true): return byLate
        case (false, false):
            // A gap: the clock jumps from before `wall` to after it. Find the jump, which lies in
            // (byLate, byEarly]; at byLate the early offset still applies.
            var lo = min(byEarly, byLate), hi = max(byEarly, byLate)
            let before = offset(atUTC: lo)
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2
                if offset(atUTC: mid) == before { lo = mid } else { hi = mid }
            }
            return hi
        }
    }
}
