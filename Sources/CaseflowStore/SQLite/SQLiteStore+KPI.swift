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
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: [to.milliseconds, from.milliseconds])
            while let row = try cursor.next() { rows.append(KPIColumns.row(row)) }
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
                let cursor = try Row.fetchCursor(db, sql: "SELECT \(Self.kpiColumns) FROM kpi_cases WHERE case_id IN (\(marks))",
                                                 arguments: StatementArguments(slice))
                while let row = try cursor.next() { rows.append(KPIColumns.row(row)) }
            }
            return rows.sorted { $0.caseID < $1.caseID }
        }
    }

    public func kpiSLAOutcomes(from: Timestamp, to: Timestamp) async throws(StoreError) -> [SLAOutcome] {
        try await read { db in
            var outcomes: [SLAOutcome] = []
            let cursor = try Row.fetchCursor(db, sql: "SELECT case_id, sla, met, at_ms FROM kpi_slas WHERE at_ms >= ? AND at_ms < ? ORDER BY case_id, sla",
                                             arguments: [from.milliseconds, to.milliseconds])
            while let row = try cursor.next() {
                outcomes.append(SLAOutcome(caseID: row[0], sla: row[1], met: row[2], at: Timestamp(milliseconds: row[3])))
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

    static func row(_ row: Row) -> KPIRow {
        func time(_ i: Int) -> Timestamp? { (row[i] as Int64?).map(Timestamp.init(milliseconds:)) }
        var m = CaseMeasures()
        m.closedAt = time(3)
        m.queue = row[4]; m.channel = row[5]; m.tier = row[6]; m.assignee = row[7]
        m.firstResponseAt = time(8); m.firstResponseBusiness = row[9]
        m.resolvedAt = time(10); m.resolutionBusiness = row[11]
        m.contacts = row[12]; m.firstContact = (row[13] as Int64?).map { $0 != 0 }; m.reopens = row[14]; m.confirmed = (row[15] as Int64?).map { $0 != 0 }
        m.surveyOf = row[16]; m.csat = row[17]; m.nps = row[18]; m.answeredAt = time(19); m.recovered = row[20]
        return KPIRow(caseID: row[0], workflow: row[1], openedAt: Timestamp(milliseconds: row[2]), measures: m)
    }
}
