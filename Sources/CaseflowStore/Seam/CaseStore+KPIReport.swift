import CaseflowEngine
import CaseflowReport

extension CaseStore {
    /// The rows a service-quality report needs (the cases open in its range, the SLA results
    /// settled in it, the subjects of its surveys), for ``KPIReport/build(_:_:)``. The daemon's
    /// `/v1/reports/kpi`, `caseflow report` and the benchmark all read them so.
    public func kpiRows(for query: KPIQuery) async throws(StoreError) -> KPIRows {
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
        return KPIRows(cases: cases, slaOutcomes: outcomes, subjects: subjects)
    }
}
