import CaseflowEngine
import CaseflowExpr

/// A service-quality report: the figures for the whole query (`total`) and for each group of
/// its `by` (each with its key), computed from the cases' report rows.
public struct KPIReport: Sendable {
    public var query: KPIQuery
    public var total: KPIFigures
    public var groups: [KPIGroup]
    /// The periods grouped by, in order (empty without a period), for charts and tables.
    public var periods: [String]
}

/// The rows a report is computed from, as a store reads them: the cases open at some time in
/// its range (in case id order, bytewise), the SLA results settled in it (in the same order),
/// and the cases its surveys follow up that are not among the former.
public struct KPIRows: Sendable {
    public var cases: [KPIRow]
    public var slaOutcomes: [SLAOutcome]
    public var subjects: [KPIRow]

    public init(cases: [KPIRow], slaOutcomes: [SLAOutcome], subjects: [KPIRow]) {
        self.cases = cases
        self.slaOutcomes = slaOutcomes
        self.subjects = subjects
    }
}

/// One group: its key (dimension or period → value; "(none)" for a case without one) and figures.
public struct KPIGroup: Sendable {
    public var key: [(name: String, value: String)]
    public var figures: KPIFigures
}

/// The measures of one group. Rates are fractions from 0 to 1, nil when nothing was counted;
/// NPS is from −100 to 100.
public struct KPIFigures: Sendable, Equatable {
    public var opened = 0
    public var closed = 0
    /// Open at the end of the period (the last period of the group's).
    public var backlog = 0
    /// The backlog by age at that moment: < 1 day, 1–3, 3–7, 7–30, > 30 days.
    public var aging = [0, 0, 0, 0, 0]
    public var firstResponse = KPITimes()
    public var resolution = KPITimes()
    /// Per SLA name.
    public var sla: [String: KPISLAFigures] = [:]
    public var fcr = KPIRatio()
    public var reopen = KPIRatio()
    public var csat = KPIRatio()
    public var nps = KPINPS()
    public var survey = KPIRatio()
    /// Complaints closed, and those whose feedback the customer confirmed.
    public var closedLoop = KPIRatio()
    /// Low scores (CSAT ≤ 2 or NPS ≤ 6), and those followed by a recovery.
    public var lowScores = KPIRatio()

    public init() {}

    public static let agingBuckets = ["lt_1d", "d1_3", "d3_7", "d7_30", "gt_30d"]
}

/// Durations of a moment from a case's opening: how many, median and 90th percentile, on the
/// clock and in business time (seconds).
public struct KPITimes: Sendable, Equatable {
    public var count = 0
    public var median: Double?
    public var p90: Double?
    public var businessMedian: Double?
    public var businessP90: Double?
}

/// A count of something and of the part of it that counts: `rate` = part ÷ whole.
public struct KPIRatio: Sendable, Equatable {
    public var whole = 0
    public var part = 0
    public var rate: Double? { whole == 0 ? nil : Double(part) / Double(whole) }
}

public struct KPISLAFigures: Sendable, Equatable {
    public var met = 0
    public var breached = 0
    /// met ÷ (met + breached).
    public var rate: Double? { met + breached == 0 ? nil : Double(met) / Double(met + breached) }
}

public struct KPINPS: Sendable, Equatable {
    public var answers = 0
    /// 9–10.
    public var promoters = 0
    /// 0–6.
    public var detractors = 0
    /// % promoters − % detractors.
    public var score: Double? { answers == 0 ? nil : 100 * Double(promoters - detractors) / Double(answers) }
}

/// Median and percentiles as the report defines them: the median is the middle value (the mean
/// of the two middle ones for an even count); the p-th percentile is the nearest rank, the value
/// at rank ⌈p × n⌉ of the sorted values.
public enum KPIStatistics {
    public static func median(_ sorted: [Int64]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let n = sorted.count
        return n % 2 == 1 ? Double(sorted[n / 2]) : (Double(sorted[n / 2 - 1]) + Double(sorted[n / 2])) / 2
    }

    public static func percentile(_ sorted: [Int64], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return Double(sorted[min(max(rank, 1), sorted.count) - 1])
    }
}
