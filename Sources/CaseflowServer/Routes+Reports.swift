import CaseflowExpr
import CaseflowJSON
import CaseflowReport
import CaseflowStore
import Hummingbird

/// Service-quality reports: the figures as JSON, and as one HTML page with charts.
extension Routes {
    static func reportRoutes(reads: RouterGroup<CaseflowContext>, service: CaseService, store: any CaseStore) {
        reads.get("reports/kpi") { request, _ in
            let report = try await kpiReport(request, service: service, store: store)
            return ok(JSONWriter.kpiReport(report))
        }
        reads.get("reports/kpi.html") { request, _ in
            let report = try await kpiReport(request, service: service, store: store)
            var headers = HTTPFields()
            headers[.contentType] = "text/html; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: KPIHTMLReport.render(report))))
        }
    }

    private static func kpiReport(_ request: Request, service: CaseService, store: any CaseStore) async throws -> KPIReport {
        let q = try refuseQuery(request, allowed: ["from", "to", "by", "zone"])
        let zones = await service.workflowVersions().map(\.timezone)
        let query: KPIQuery
        do throws(KPIQueryError) {
            query = try KPIQuery.parse(from: q["from"], to: q["to"], by: q["by"], zone: q["zone"],
                                       defaultZone: KPIReports.defaultZone(zones), now: service.clock.now())
        } catch {
            throw APIError(.badRequest, "bad_request", "'\(error.part.rawValue)' \(error.message)", field: error.part.rawValue)
        }
        let rows = try await read { () async throws(StoreError) in try await store.kpiRows(for: query) }
        do throws(KPIQueryError) { return try KPIReport.build(query, rows) } catch {
            throw APIError(.badRequest, "bad_request", "'\(error.part.rawValue)' \(error.message)", field: error.part.rawValue)
        }
    }
}
