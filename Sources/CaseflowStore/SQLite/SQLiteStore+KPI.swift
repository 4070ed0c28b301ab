import CaseflowEngine
import CaseflowExpr
import GRDB

/// The report tables: each case's facts row and its SLA results, written with its steps.
extension SQLiteStore {
    static let kpiColumns = """
        case_id, workflow, opened_ms, closed_ms, queue, channel, tier, assignee, first_response_ms, first_response_business_s,
        resolved_ms, resolution_business_s, contacts, first_contact, reopens, confirmed, survey_of, csat, nps, answered_ms, recovered
        """

    public func kpiCases(from: Timestamp, to: Timestamp) async throws(StoreError) -> [KPIRow] {
        try await read { db in
            let sql = "SELECT \(Self.kpiColumns) FROM kpi_cases WHERE opened_ms < ? AND (closed_ms IS NULL OR closed_ms >= ?) ORDER BY case_id"
            var rows: [KPIRow] = []
            try db.makeStatement(sql: sql).forEachRow({ $0.int(to.milliseconds); $0.int(from.milliseconds) }) { rows.append(KPIColumns.row($0)) }
            return rows
        }
    }

    public func kpiCases(ids: [String]) async throws(StoreError) -> [KPIRow] {
        guard !ids.isEmpty else { return [] }
        return try await read { db in
            var rows: [KPIRow] = []
            // In slices, to stay within SQLite's limit on bound values.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let slice = Array(ids[start..<min(start + 500, ids.count)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
                try db.makeStatement(sql: "SELECT \(Self.kpiColumns) FROM kpi_cases WHERE case_id IN (\(marks))")
                    .forEachRow({ b in for id in slice { b.text(id) } }) { rows.append(KPIColumns.row($0)) }
            }
            return rows.sorted { $0.caseID < $1.caseID }
        }
    }

    public func kpiSLAOutcomes(from: Timestamp, to: Timestamp) async throws(StoreError) -> [SLAOutcome] {
        try await read { db in
            var outcomes: [SLAOutcome] = []
            try db.makeStatement(sql: "SELECT case_id, sla, met, at_ms FROM kpi_slas WHERE at_ms >= ? AND at_ms < ? ORDER BY case_id, sla")
                .forEachRow({ $0.int(from.milliseconds); $0.int(to.milliseconds) }) { c in
                    outcomes.append(SLAOutcome(caseID: c.text(0), sla: c.text(1), met: c.int(2) != 0, at: Timestamp(milliseconds: c.int(3))))
                }
            return outcomes
        }
    }
}

/// A ``KPIRow`` as the `kpi_cases` columns hold it (in ``SQLiteStore/kpiColumns`` order).
enum KPIColumns {
    static func bind(_ r: KPIRow, _ b: inout Binder) {
        let m = r.measures
        b.text(r.caseID); b.text(r.workflow); b.int(r.openedAt.milliseconds); b.int(m.closedAt?.milliseconds)
        b.text(m.queue); b.text(m.channel); b.text(m.tier); b.text(m.assignee)
        b.int(m.firstResponseAt?.milliseconds); b.int(m.firstResponseBusiness)
        b.int(m.resolvedAt?.milliseconds); b.int(m.resolutionBusiness)
        b.int(m.contacts); b.int(m.firstContact.map { $0 ? 1 : 0 } as Int64?); b.int(m.reopens); b.int(m.confirmed.map { $0 ? 1 : 0 } as Int64?)
        b.text(m.surveyOf); b.int(m.csat.map(Int64.init)); b.int(m.nps.map(Int64.init)); b.int(m.answeredAt?.milliseconds); b.bool(m.recovered)
    }

    static func row(_ c: ColumnReader) -> KPIRow {
        func time(_ i: Int32) -> Timestamp? { c.optionalInt(i).map(Timestamp.init(milliseconds:)) }
        func flag(_ i: Int32) -> Bool? { c.optionalInt(i).map { $0 != 0 } }
        var m = CaseMeasures()
        m.closedAt = time(3)
        m.queue = c.optionalText(4); m.channel = c.optionalText(5); m.tier = c.optionalText(6); m.assignee = c.optionalText(7)
        m.firstResponseAt = time(8); m.firstResponseBusiness = c.optionalInt(9)
        m.resolvedAt = time(10); m.resolutionBusiness = c.optionalInt(11)
        m.contacts = Int(c.int(12)); m.firstContact = flag(13); m.reopens = Int(c.int(14)); m.confirmed = flag(15)
        m.surveyOf = c.optionalText(16); m.csat = c.optionalInt(17).map { Int(truncatingIfNeeded: $0) }
        m.nps = c.optionalInt(18).map { Int(truncatingIfNeeded: $0) }; m.answeredAt = time(19); m.recovered = c.int(20) != 0
        return KPIRow(caseID: c.text(0), workflow: c.text(1), openedAt: Timestamp(milliseconds: c.int(2)), measures: m)
    }
}
