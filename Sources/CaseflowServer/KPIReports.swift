import CaseflowExpr
import CaseflowReport
import CaseflowStore

/// Service-quality reports from a store: reads the report rows a query needs (the cases open in
/// its range, the SLA results settled in it, the subjects of its surveys) and computes the
/// figures. The daemon's `/v1/reports/kpi` and `caseflow report` both run this.
public enum KPIReports {
    public static func make(_ query: KPIQuery, store: any CaseStore) async throws(StoreError) -> KPIReport {
        let cases = try await store.kpiCases(from: query.from, to: query.to)
        let outcomes = try await store.kpiSLAOutcomes(from: query.from, to: query.to)
        let subjects = try await store.kpiCases(ids: KPIReport.subjectIDs(of: cases))
        return KPIReport.build(query, cases: cases, slaOutcomes: outcomes, subjects: subjects)
    }

    /// The zone reports count days in when none is asked for: the one most workflows name
    /// (`timezone:`), else UTC.
    public static func defaultZone(_ zones: [String?]) -> ZoneRule {
        var counts: [String: Int] = [:]
        for zone in zones.compactMap({ $0 }) { counts[zone, default: 0] += 1 }
        let best = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key
        return best.flatMap(ZoneRule.init) ?? .utc
    }
}
