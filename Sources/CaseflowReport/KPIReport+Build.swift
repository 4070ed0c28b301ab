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
    public static func build(_ query: KPIQuery, cases: [KPIRow], slaOutcomes: [SLAOutcome], subjects: [KPIRow] = []) -> KPIReport {
        let periods = KPIPeriods(query: query)
        var tally = Tally(query: query, periods: periods)
        var sla = 0
        for row in cases {
            let dims = tally.dimensions(of: row)
            tally.count(row, dims: dims)
            while sla < slaOutcomes.count, slaOutcomes[sla].caseID.utf8.lexicographicallyPrecedes(row.caseID.utf8) { sla += 1 }
            while sla < slaOutcomes.count, slaOutcomes[sla].caseID == row.caseID {
                tally.count(slaOutcomes[sla], dims: dims)
                sla += 1
            }
            if row.measures.surveyOf != nil {
                let subject = row.measures.surveyOf.flatMap { find($0, in: cases) ?? find($0, in: subjects) }
                tally.countScores(of: row, dims: subject.map { tally.dimensions(of: $0) } ?? dims)
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
    /// Group accumulators by dimension-values index × period count + period.
    var groups: [Int: Accumulator] = [:]
    var dimensionIndex: [[String]: Int] = [:]
    var dimensionValues: [[String]] = []
    var grouped: Bool { !query.groupBy.isEmpty || query.period != nil }

    init(query: KPIQuery, periods: KPIPeriods) {
        self.query = query
        self.periods = periods
    }

    /// The row's values of the grouping dimensions, as an index.
    mutating func dimensions(of row: KPIRow) -> Int {
        guard !query.groupBy.isEmpty else { return 0 }
        let m = row.measures
        let values = query.groupBy.map { d -> String in
            switch d {
            case .workflow: return row.workflow
            case .queue: return m.queue ?? "(none)"
            case .channel: return m.channel ?? "(none)"
            case .tier: return m.tier ?? "(none)"
            case .assignee: return m.assignee ?? "(none)"
            }
        }
        if let index = dimensionIndex[values] { return index }
        dimensionIndex[values] = dimensionValues.count
        dimensionValues.append(values)
        return dimensionValues.count - 1
    }

    /// The accumulators a fact at `ms` goes to: the total's and its group's (none outside the range).
    mutating func at(_ ms: Int64?, dims: Int, _ body: (Accumulator) -> Void) {
        guard let ms, let period = periods.index(of: ms) else { return }
        body(total)
        if grouped { body(group(dims, period)) }
    }

    mutating func group(_ dims: Int, _ period: Int) -> Accumulator {
        let key = dims * periods.count + (query.period == nil ? 0 : period)
        if let found = groups[key] { return found }
        let made = Accumulator()
        groups[key] = made
        return made
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
        if grouped {
            var i = periods.index(of: opened) ?? (opened < periods.starts[0] ? 0 : periods.count)
            while i < periods.count {
                let e = periods.end(of: i)
                if let closed, closed < e { break }
                group(dims, i).backlog(age: e - opened)
                if query.period == nil { break }
                i += 1
            }
        }
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
        at(outcome.at.milliseconds, dims: dims) { a in
            var figures = a.figures.sla[outcome.sla] ?? KPISLAFigures()
            if outcome.met { figures.met += 1 } else { figures.breached += 1 }
            a.figures.sla[outcome.sla] = figures
        }
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

    func report(periods: KPIPeriods) -> KPIReport {
        var out: [(dims: [String], period: Int, group: KPIGroup)] = []
        for (key, accumulator) in groups {
            let dims = query.groupBy.isEmpty ? [] : dimensionValues[key / periods.count]
            let period = key % periods.count
            var names: [(name: String, value: String)] = zip(query.groupBy.map(\.rawValue), dims).map { ($0, $1) }
            if let p = query.period { names.append((p.rawValue, periods.labels[period])) }
            out.append((dims, period, KPIGroup(key: names, figures: accumulator.finished())))
        }
        out.sort { a, b in a.dims != b.dims ? a.dims.lexicographicallyPrecedes(b.dims) : a.period < b.period }
        return KPIReport(query: query, total: total.finished(), groups: out.map(\.group),
                         periods: query.period == nil ? [] : periods.labels)
    }
}

/// The counts of one group as they are gathered; durations are kept to sort at the end.
private final class Accumulator {
    var figures = KPIFigures()
    var firstResponse = Durations()
    var resolution = Durations()

    func backlog(age ms: Int64) {
        figures.backlog += 1
        let day: Int64 = 86_400_000
        let bucket = ms < day ? 0 : ms < 3 * day ? 1 : ms < 7 * day ? 2 : ms < 30 * day ? 3 : 4
        figures.aging[bucket] += 1
    }

    func finished() -> KPIFigures {
        var f = figures
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
