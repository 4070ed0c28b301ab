import CaseflowEngine
import CaseflowExpr
import CaseflowReport
import CaseflowStore
import Foundation
import GRDB

/// `caseflow-bench kpi --database PATH [--cases 1000000]`: the service-quality report over a
/// SQLite database of that many cases' report rows, against the limit of the same run — one
/// SQL pass over the same rows that only counts them.
///
/// The rows are written by SQL in the database itself when the file has fewer (90 days from
/// 2026-09-01 in Shanghai; four workflows, six queues, three channels, two tiers, forty
/// agents; 85 % closed; two SLAs a case; a revisit survey for every tenth case; first responses
/// and resolutions getting faster over the period), so a million take seconds.
enum KPIBenchmark {
    static let start: Int64 = 1_788_192_000_000     // 2026-09-01T00:00:00+08:00
    static let span: Int64 = 90 * 86_400_000

    static func run(database: String, cases: Int, repeats: Int) throws -> [String] {
        let store = try SQLiteStore(path: database)
        // The raw database, beside the store, for the rows and the limit.
        let pool = try DatabasePool(path: database)
        try populate(pool, cases: cases)
        var lines: [String] = []
        let zone = ZoneRule("Asia/Shanghai") ?? .utc
        let from = Timestamp(milliseconds: start), to = Timestamp(milliseconds: start + span)
        func time(_ name: String, _ body: () throws -> Void) throws {
            var samples: [Double] = []
            for _ in 0..<repeats {
                let t0 = DispatchTime.now().uptimeNanoseconds
                try body()
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            }
            samples.sort()
            lines.append(String(format: "%@: median %.3f s, max %.3f s (%d runs)", name, samples[samples.count / 2], samples.last ?? 0, repeats))
        }
        let count = try waitFor { try await store.kpiCases(from: from, to: to).count }
        lines.append("kpi: \(count) case rows in the 90 days")
        try time("limit: one SQL pass counting the rows and their facts") {
            _ = try pool.read { db in
                try Row.fetchOne(db, sql: """
                    SELECT count(*), sum(closed_ms IS NOT NULL), sum(first_response_ms IS NOT NULL), sum(resolved_ms IS NOT NULL),
                           sum(first_contact), sum(reopens > 0), sum(csat >= 4), sum(nps >= 9), sum(nps <= 6)
                    FROM kpi_cases WHERE opened_ms < ? AND (closed_ms IS NULL OR closed_ms >= ?)
                    """, arguments: [to.milliseconds, from.milliseconds])
            }
        }
        try time("reading the rows alone (store.kpiCases)") { _ = try waitFor { try await store.kpiCases(from: from, to: to).count } }
        for (name, by) in [("total", ""), ("by queue, week", "queue,week"), ("by workflow, tier, day", "workflow,tier,day"),
                           ("by assignee, month", "assignee,month")] {
            let query = try KPIQuery.parse(from: from, to: to, by: by, zone: zone)
            try time("report \(name)") { _ = try KPIReport.build(query, try waitFor { try await store.kpiRows(for: query) }) }
        }
        try waitFor { try await store.close() }
        return lines
    }

    /// Adds synthetic report rows until the database has `cases`.
    static func populate(_ pool: DatabasePool, cases: Int) throws {
        let have = try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM kpi_cases") ?? 0 }
        guard have < cases else { return }
        try pool.write { db in
            try db.execute(sql: """
                WITH RECURSIVE n(i) AS (SELECT \(have + 1) UNION ALL SELECT i + 1 FROM n WHERE i < \(cases)),
                base AS MATERIALIZED (
                    SELECT i, \(start) + (i * \(span)) / \(cases) + abs(random()) % 3600000 AS opened,
                           1.0 - 0.5 * i / \(cases) AS pace,
                           abs(random()) % 1000 AS r1, abs(random()) % 1000 AS r2, abs(random()) % 1000 AS r3,
                           abs(random()) % 1000 AS r4, abs(random()) % 1000 AS r5, abs(random()) % 1000 AS r6
                    FROM n),
                facts AS MATERIALIZED (
                    SELECT *, CASE i % 10 WHEN 9 THEN 'revisit' ELSE CASE i % 10 / 4 WHEN 0 THEN 'return' WHEN 1 THEN 'repair' ELSE 'complaint' END END AS workflow,
                           opened + CAST((600000 + r1 * 172800) * pace AS INTEGER) AS first_response,
                           opened + CAST((3600000 + r2 * r2 * 600) * pace AS INTEGER) AS resolved
                    FROM base)
                INSERT INTO kpi_cases
                SELECT printf('K-%08d', i), workflow, opened,
                       CASE WHEN r3 < 850 THEN resolved + r4 * 86400 END,
                       CASE workflow WHEN 'revisit' THEN 'revisit_team' WHEN 'return' THEN CASE WHEN r5 < 500 THEN 'returns_desk' ELSE 'logistics' END
                                     WHEN 'repair' THEN CASE WHEN r5 < 500 THEN 'service_desk' ELSE 'technicians' END ELSE 'complaints_desk' END,
                       CASE r6 % 3 WHEN 0 THEN 'phone' WHEN 1 THEN 'chat' ELSE 'email' END,
                       CASE WHEN r6 < 150 THEN 'vip' ELSE 'standard' END,
                       printf('agent-%02d', r4 % 40),
                       CASE WHEN workflow != 'revisit' THEN first_response END, CASE WHEN workflow != 'revisit' THEN (first_response - opened) / 3000 END,
                       CASE WHEN workflow != 'revisit' AND r3 < 900 THEN resolved END, CASE WHEN workflow != 'revisit' AND r3 < 900 THEN (resolved - opened) / 3000 END,
                       CASE WHEN r1 < 200 THEN 1 ELSE 0 END, CASE WHEN workflow != 'revisit' AND r3 < 900 THEN r1 >= 200 AND r5 >= 60 END,
                       CASE WHEN r5 < 60 THEN 1 ELSE 0 END, CASE WHEN workflow = 'complaint' THEN r2 < 700 END,
                       CASE WHEN workflow = 'revisit' THEN printf('K-%08d', max(1, i - 1 - r5 % 8)) END,
                       CASE WHEN workflow = 'revisit' AND r3 < 800 THEN 1 + r1 % 5 END, CASE WHEN workflow = 'revisit' AND r3 < 800 THEN r2 % 11 END,
                       CASE WHEN workflow = 'revisit' AND r3 < 800 THEN opened + 3600000 END, r4 < 700
                FROM facts;
                INSERT INTO kpi_slas
                SELECT printf('K-%08d', i), sla, (abs(random()) % 1000) < (CASE sla WHEN 'first_response' THEN 920 ELSE 850 END),
                       \(start) + (i * \(span)) / \(cases) + 3600000 + abs(random()) % 86400000
                FROM (WITH RECURSIVE n(i) AS (SELECT \(have + 1) UNION ALL SELECT i + 1 FROM n WHERE i < \(cases)) SELECT i FROM n WHERE i % 10 != 9),
                     (SELECT 'first_response' AS sla UNION ALL SELECT 'resolution');
                """)
        }
    }
}
