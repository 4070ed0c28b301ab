import CaseflowEngine
import CaseflowReport

extension CaseStore {
    /// A service-quality report: reads the rows the query needs (the cases open in its range,
    /// the SLA results settled in it, the subjects of its surveys) and computes the figures. The
    /// daemon's `/v1/reports/kpi`, `caseflow report` and the benchmark all run this.
    public func kpiReport(_ query: KPIQuery) async throws(StoreError) -> KPIReport {
        // The two reads at once, on two connections: each is about half the time of a report.
        async let outcomesRead: Result<[SLAOutcome], StoreError> = {
            do throws(StoreError) { return .success(try await kpiSLAOutcomes(from: query.from, to: query.to)) } catch { return .failure(error) }
        }()
        let cases: [KPIRow]
        do throws(StoreError) { cases = try await kpiCases(from: query.from, to: query.to) } catch {
            _ = await outcomesRead
            throw error
        }
        let outcomes = try await outcomesRead.get()
        let subjects = try await kpiCases(ids: KPIReport.subjectIDs(of: cases))
        return KPIReport.build(query, cases: cases, slaOutcomes: outcomes, subjects: subjects)
    }
}
