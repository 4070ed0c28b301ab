import CaseflowEngine
import CaseflowExpr
import CaseflowStore
import PostgresNIO

/// The report tables: each case's facts row and its SLA results, written with its steps.
extension PostgresStore {
    private static let kpiColumns = """
        case_id, workflow, opened_ms, closed_ms, queue, channel, tier, assignee, first_response_ms, first_response_business_s,
        resolved_ms, resolution_business_s, contacts, first_contact, reopens, confirmed, survey_of, csat, nps, answered_ms, recovered
        """

    public func kpiCases(from: Timestamp, to: Timestamp) async throws(StoreError) -> [KPIRow] {
        try await read("read") { c in
            var found: [KPIRow] = []
            let rows = try await c.query("""
                SELECT \(unescaped: Self.kpiColumns) FROM kpi_cases
                WHERE opened_ms < \(to.milliseconds) AND (closed_ms IS NULL OR closed_ms >= \(from.milliseconds)) ORDER BY case_id COLLATE "C"
                """, logger: self.logger)
            for try await row in rows { found.append(try Self.kpiRow(row)) }
            return found
        }
    }

    public func kpiCases(ids: [String]) async throws(StoreError) -> [KPIRow] {
        guard !ids.isEmpty else { return [] }
        return try await read("read") { c in
            var found: [KPIRow] = []
            let rows = try await c.query("SELECT \(unescaped: Self.kpiColumns) FROM kpi_cases WHERE case_id = ANY(\(ids)) ORDER BY case_id COLLATE \"C\"",
                                         logger: self.logger)
            for try await row in rows { found.append(try Self.kpiRow(row)) }
            return found
        }
    }

    public func kpiSLAOutcomes(from: Timestamp, to: Timestamp) async throws(StoreError) -> [SLAOutcome] {
        try await read("read") { c in
            var found: [SLAOutcome] = []
            let rows = try await c.query("""
                SELECT case_id, sla, met, at_ms FROM kpi_slas WHERE at_ms >= \(from.milliseconds) AND at_ms < \(to.milliseconds)
                ORDER BY case_id COLLATE "C", sla COLLATE "C"
                """, logger: self.logger)
            for try await (caseID, sla, met, at) in rows.decode((String, String, Bool, Int64).self) {
                found.append(SLAOutcome(caseID: caseID, sla: sla, met: met, at: Timestamp(milliseconds: at)))
            }
            return found
        }
    }

    private static func kpiRow(_ row: PostgresRow) throws -> KPIRow {
        let r = row.makeRandomAccess()
        func time(_ i: Int) throws -> Timestamp? { try r[i].decode(Int64?.self).map(Timestamp.init(milliseconds:)) }
        var m = CaseMeasures()
        m.closedAt = try time(3)
        m.queue = try r[4].decode(String?.self); m.channel = try r[5].decode(String?.self)
        m.tier = try r[6].decode(String?.self); m.assignee = try r[7].decode(String?.self)
        m.firstResponseAt = try time(8); m.firstResponseBusiness = try r[9].decode(Int64?.self)
        m.resolvedAt = try time(10); m.resolutionBusiness = try r[11].decode(Int64?.self)
        m.contacts = Int(try r[12].decode(Int64.self)); m.firstContact = try r[13].decode(Bool?.self)
        m.reopens = Int(try r[14].decode(Int64.self)); m.confirmed = try r[15].decode(Bool?.self)
        m.surveyOf = try r[16].decode(String?.self)
        m.csat = try r[17].decode(Int64?.self).map { Int(truncatingIfNeeded: $0) }
        m.nps = try r[18].decode(Int64?.self).map { Int(truncatingIfNeeded: $0) }
        m.answeredAt = try time(19); m.recovered = try r[20].decode(Bool.self)
        return KPIRow(caseID: try r[0].decode(String.self), workflow: try r[1].decode(String.self),
                      openedAt: Timestamp(milliseconds: try r[2].decode(Int64.self)), measures: m)
    }
}
