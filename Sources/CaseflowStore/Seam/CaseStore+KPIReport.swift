import CaseflowReport

extension CaseStore {
    /// A service-quality report: reads the rows the query needs (the cases open in its range,
    /// the SLA results settled in it, the subjects of its surveys) and computes the figures. The
    /// daemon's `/v1/reports/kpi`, `caseflow report` and the benchmark all run this.
    public func kpiReport(_ query: KPIQuery) async throws(StoreError) -> KPIReport {
        let cases = try await kpiCases(from: query.from, to: query.to)
        let outcomes = try await kpiSLAOutcomes(from: query.from, to: query.to)
        let subjects = try await kpiCases(ids: KPIReport.subjectIDs(of: cases))
        return KPIReport.build(query, cases: cases, slaOutcomes: outcomes, subjects: subjects)
    }
}
