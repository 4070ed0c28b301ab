import CaseflowEngine
import CaseflowExpr

extension KPIReport {
    /// Which cases' rows a report needs besides `cases`: the subjects of the surveys among them
    /// (a survey's scores count for the case it follows up, in that case's groups).
    public static func subjectIDs(of cases: [KPIRow]) -> [String] {
        var missing = Set<String>()
        for row in cases { if let subject = row.measures.surveyOf, find(subject, in: cases) == nil { missing.insert(subject) } }
        return missing.sorted()
    }

    /// Computes the report. `cases` are the rows of the cases open at some time in the range,
    /// in case id order (byte order, as the stores sort), `slaOutcomes` the SLA results settled
    /// in it, in the same order, and `subjects` the rows ``subjectIDs(of:)`` named.
    ///
    /// Each fact is counted in the period of its own moment: a case in the period it was opened,
    /// closed, first answered or resolved; an SLA when it was met or missed; a score when given.
    ///
    /// Throws when the groups would be too many to hold: more than ``maxGroups`` combinations of
    /// values and periods (a `by` over a field with a value per case, by day over years).
    public static func build(_ query: KPIQuery, _ rows: KPIRows) throws(KPIQueryError) -> KPIReport {
        try build(query, cases: rows.cases, slaOutcomes: rows.slaOutcomes, subjects: rows.subjects)
    }

    /// At most this many groups (combinations of values × periods) a report makes.
    public static let maxGroups = 200_000

    public static func build(_ query: KPIQuery, cases: [KPIRow], slaOutcomes: [SLAOutcome], subjects: [KPIRow] = []) throws(KPIQueryError) -> KPIReport {
        let periods = KPIPeriods(query: query)
        var tally = Tally(query: query, periods: periods)
        var sla = 0
        // By index, so each row is read where it is rather than copied with its strings.
        for i in cases.indices {
            let dims = try tally.dimensions(of: cases[i])
            tally.count(cases[i], dims: dims)
            while sla < slaOutcomes.count, slaOutcomes[sla].caseID.utf8.lexicographicallyPrecedes(cases[i].caseID.utf8) { sla += 1 }
            while sla < slaOutcomes.count, slaOutcomes[sla].caseID == cases[i].caseID {
                tally.count(slaOutcomes[sla], dims: dims)
                sla += 1
            }
            if let subjectID = cases[i].measures.surveyOf {
                let subject = find(subjectID, in: cases) ?? find(subjectID, in: subjects)
                let subjectDims = try subject.map { s throws(KPIQueryError) in try tally.dimensions(of: s) }
                tally.countScores(of: cases[i], dims: subjectDims ?? dims)
            }
        }
        return tally.report(periods: periods)
    }

    /// Binary search by case id in rows sorted in byte order.
    static func find(_ id: String, in rows: [KPIRow]) -> KPIRow? {
        var lo = 0, hi = rows.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if rows[mid].caseID == id { return rows[mid] }
            if rows[mid].caseID.utf8.lexicographicallyPrecedes(id.utf8) { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }
}

/// The running counts of a report: one accumulator for the total, one per group.
private struct Tally {
    let query: KPIQuery
    let periods: KPIPeriods
    let total = Accumulator()
    /// Group accumulators at dimension-values index × periods + period (nil until counted in).
    var slots: [Accumulator?] = []
    /// Per dimension-values index: the backlog's changes by period and age bucket (at
    /// period × 5 + bucket, a difference array), summed when the report is made, so a case open
    /// for ninety days is not counted into ninety groups one by one.
    var backlogChanges: [[Int32]] = []
    /// Periods a group has: one without a period.
    var periodSlots: Int { query.period == nil ? 1 : periods.count }
    /// (level, prefix, value number) → the prefix's index at that level; the last level's is
    /// the group's dimension-values index.
    var prefixes: [Int: Int] = [:]
    var prefixCounts: [Int]
    var slaNames: [String] = []
    var dimensionValues: [[String]] = []
    /// Per grouping dimension: each value's number, and the values by number.
    var valueNumbers: [[String: Int]]
    var valueNames: [[String]]
    var grouped: Bool { !query.groupBy.isEmpty || query.period != nil }

    init(query: KPIQuery, periods: KPIPeriods) {
        self.query = query
        self.periods = periods
        valueNumbers = Array(repeating: [:], count: query.groupBy.count)
        valueNames = Array(repeating: [], count: query.groupBy.count)
        prefixCounts = Array(repeating: 0, count: query.groupBy.count)
    }

    /// The row's values of the grouping dimensions, as an index. Each dimension's values are
    /// numbered as they are first seen, and each combination of numbers so far (a prefix) too:
    /// no list of strings is made or hashed per row, and any number of values fits.
    mutating func dimensions(of row: KPIRow) throws(KPIQueryError) -> Int {
        guard !query.groupBy.isEmpty else { return 0 }
        var prefix = 0
        for (d, dimension) in query.groupBy.enumerated() {
            let text = Self.value(of: dimension, in: row)
            let number: Int
            if let known = valueNumbers[d][text] { number = known } else {
                number = valueNames[d].count
                valueNumbers[d][text] = number
                valueNames[d].append(text)
            }
            // Prefixes and numbers stay below 2^30 (fewer than a billion rows), the level below 8.
            let key = prefix << 33 | number << 3 | d
            if let known = prefixes[key] { prefix = known; continue }
            let made = prefixCounts[d]
            prefixCounts[d] += 1
            prefixes[key] = made
            prefix = made
            if d == query.groupBy.count - 1 {
                if (dimensionValues.count + 1) * periodSlots > KPIReport.maxGroups {
                    throw KPIQueryError(part: .by, "makes more than \(KPIReport.maxGroups) groups (\(dimensionValues.count) combinations of \(query.groupBy.map(\.rawValue).joined(separator: ", ")) so far × \(periodSlots) periods); group by fewer attributes, a longer period or a shorter range")
                }
                dimensionValues.append(valuesOf(row))
            }
        }
        return prefix
    }

    /// The row's grouping values as text (for a combination seen the first time).
    func valuesOf(_ row: KPIRow) -> [String] { query.groupBy.map { Self.value(of: $0, in: row) } }

    /// A case's value of a grouping dimension; "(none)" when it has none.
    static func value(of dimension: KPIDimension, in row: KPIRow) -> String {
        switch dimension {
        case .workflow: return row.workflow
        case .queue: return row.measures.queue ?? "(none)"
        case .channel: return row.measures.channel ?? "(none)"
        case .tier: return row.measures.tier ?? "(none)"
        case .assignee: return row.measures.assignee ?? "(none)"
        }
    }

    /// The accumulators a fact at `ms` goes to: the total's and its group's (none outside the range).
    mutating func at(_ ms: Int64?, dims: Int, _ body: (Accumulator) -> Void) {
        guard let ms, let period = periods.index(of: ms) else { return }
        body(total)
        if grouped { body(group(dims, period)) }
    }

    mutating func group(_ dims: Int, _ period: Int) -> Accumulator {
        let key = dims * periodSlots + (query.period == nil ? 0 : period)
        if key >= slots.count { slots += Array(repeating: nil, count: key + 1 - slots.count) }
        if let found = slots[key] { return found }
        let made = Accumulator()
        slots[key] = made
        return made
    }

    /// Counts the case into the backlog of every period whose end finds it open (opened before,
    /// not closed before), in the age bucket it is then in.
    mutating func backlog(dims: Int, opened: Int64, closed: Int64?) {
        while backlogChanges.count <= dims { backlogChanges.append(Array(repeating: 0, count: (periodSlots + 1) * 5)) }
        let day: Int64 = 86_400_000
        let limits: [Int64] = [0, day, 3 * day, 7 * day, 30 * day]
        for b in 0..<5 {
            let low = opened + max(limits[b], 1)
            var high = closed ?? Int64.max
            if b < 4 { high = min(high, opened + limits[b + 1] - 1) }
            guard low <= high, let first = periods.firstEnd(atLeast: low), let last = periods.lastEnd(atMost: high), first <= last else { continue }
            backlogChanges[dims][first * 5 + b] += 1
            backlogChanges[dims][(last + 1) * 5 + b] -= 1
        }
    }

    mutating func count(_ row: KPIRow, dims: Int) {
        let m = row.measures
        let opened = row.openedAt.milliseconds, closed = m.closedAt?.milliseconds
        at(opened, dims: dims) { $0.figures.opened += 1 }
        at(closed, dims: dims) { a in
            a.figures.closed += 1
            if let confirmed = m.confirmed { a.figures.closedLoop.whole += 1; if confirmed { a.figures.closedLoop.part += 1 } }
        }
        // Open at the end of the range (the total) and of each period (the groups).
        let end = periods.end
        if opened < end, closed.map({ $0 >= end }) ?? true { total.backlog(age: end - opened) }
        if grouped { backlog(dims: dims, opened: opened, closed: closed) }
        if let answered = m.firstResponseAt?.milliseconds {
            at(answered, dims: dims) { $0.firstResponse.add(answered - opened, business: m.firstResponseBusiness) }
        }
        if let resolved = m.resolvedAt?.milliseconds {
            at(resolved, dims: dims) { a in
                a.resolution.add(resolved - opened, business: m.resolutionBusiness)
                a.figures.fcr.whole += 1
                if m.firstContact == true { a.figures.fcr.part += 1 }
                a.figures.reopen.whole += 1
                if m.reopens > 0 { a.figures.reopen.part += 1 }
            }
        }
    }

    mutating func count(_ outcome: SLAOutcome, dims: Int) {
        // SLA names are few: found by comparing, not hashing, and counted by number.
        let number: Int
        if let known = slaNames.firstIndex(of: outcome.sla) { number = known } else {
            number = slaNames.count
            slaNames.append(outcome.sla)
        }
        at(outcome.at.milliseconds, dims: dims) { a in a.sla(number, met: outcome.met) }
    }

    /// A survey's answers, in the groups of the case it follows up.
    mutating func countScores(of row: KPIRow, dims: Int) {
        let m = row.measures
        at(m.closedAt?.milliseconds, dims: dims) { a in
            a.figures.survey.whole += 1
            if m.answeredAt != nil { a.figures.survey.part += 1 }
        }
        at(m.answeredAt?.milliseconds, dims: dims) { a in
            if let csat = m.csat {
                a.figures.csat.whole += 1
                if csat >= 4 { a.figures.csat.part += 1 }
            }
            if let nps = m.nps {
                a.figures.nps.answers += 1
                if nps >= 9 { a.figures.nps.promoters += 1 }
                if nps <= 6 { a.figures.nps.detractors += 1 }
            }
            if m.csat.map({ $0 <= 2 }) == true || m.nps.map({ $0 <= 6 }) == true {
                a.figures.lowScores.whole += 1
                if m.recovered { a.figures.lowScores.part += 1 }
            }
        }
    }

    mutating func report(periods: KPIPeriods) -> KPIReport {
        for (dims, changes) in backlogChanges.enumerated() {
            var running = [Int32](repeating: 0, count: 5)
            for period in 0..<periodSlots {
                for b in 0..<5 { running[b] += changes[period * 5 + b] }
                guard running.contains(where: { $0 > 0 }) else { continue }
                let g = group(dims, period)
                for b in 0..<5 { g.figures.aging[b] += Int(running[b]); g.figures.backlog += Int(running[b]) }
            }
        }
        var out: [(dims: [String], period: Int, group: KPIGroup)] = []
        for (key, slot) in slots.enumerated() {
            guard let accumulator = slot else { continue }
            let dims = query.groupBy.isEmpty ? [] : dimensionValues[key / periodSlots]
            let period = query.period == nil ? 0 : key % periodSlots
            var names: [(name: String, value: String)] = zip(query.groupBy.map(\.rawValue), dims).map { ($0, $1) }
            if let p = query.period { names.append((p.rawValue, periods.labels[period])) }
            out.append((dims, period, KPIGroup(key: names, figures: accumulator.finished(slaNames: slaNames))))
        }
        out.sort { a, b in a.dims != b.dims ? a.dims.lexicographicallyPrecedes(b.dims) : a.period < b.period }
        return KPIReport(query: query, total: total.finished(slaNames: slaNames), groups: out.map(\.group),
                         periods: query.period == nil ? [] : periods.labels)
    }
}

/// The counts of one group as they are gathered; durations are kept to sort at the end.
private final class Accumulator {
    var figures = KPIFigures()
    var firstResponse = Durations()
    var resolution = Durations()
    /// SLA results by the SLA's number in the tally.
    var slaMet: [Int] = []
    var slaBreached: [Int] = []

    func sla(_ number: Int, met: Bool) {
        while slaMet.count <= number { slaMet.append(0); slaBreached.append(0) }
        if met { slaMet[number] += 1 } else { slaBreached[number] += 1 }
    }

    func backlog(age ms: Int64) {
        figures.backlog += 1
        let day: Int64 = 86_400_000
        let bucket = ms < day ? 0 : ms < 3 * day ? 1 : ms < 7 * day ? 2 : ms < 30 * day ? 3 : 4
        figures.aging[bucket] += 1
    }

    func finished(slaNames: [String]) -> KPIFigures {
        var f = figures
        for (number, name) in slaNames.enumerated() where number < slaMet.count && slaMet[number] + slaBreached[number] > 0 {
            f.sla[name] = KPISLAFigures(met: slaMet[number], breached: slaBreached[number])
        }
        f.firstResponse = firstResponse.times()
        f.resolution = resolution.times()
        return f
    }
}

/// Durations in seconds, on the clock and in business time.
private struct Durations {
    var clock: [Int64] = []
    var business: [Int64] = []

    mutating func add(_ ms: Int64, business seconds: Int64?) {
        clock.append(ms / 1000)
        if let seconds { business.append(seconds) }
    }

    func times() -> KPITimes {
        let c = clock.sorted(), b = business.sorted()
        return KPITimes(count: c.count, median: KPIStatistics.median(c), p90: KPIStatistics.percentile(c, 0.9),
                        businessMedian: KPIStatistics.median(b), businessP90: KPIStatistics.percentile(b, 0.9))
    }
}
