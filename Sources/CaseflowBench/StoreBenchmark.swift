import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import CaseflowStore
import Foundation
import GRDB

/// Issue benchmark: durable events per second and step latency through the SQLite store, with
/// raw SQLite writes of the same rows in the same run as the limit.
///
/// Each event is the return workflow's `goods_received` on an approved case: one engine step,
/// one transaction writing the snapshot, a history row with its audit, task changes, timers and
/// the event id.
enum StoreBenchmark {
    static func run(events: Int) throws -> [String] {
        let loaded = DefinitionLoader().load(paths: ["workflows", "rules"])
        let engine = try Engine(definitions: loaded.definitions)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("bench.sqlite").path)
        guard let t0 = Timestamp(rfc3339: "2026-03-09T23:59:00+08:00"), let t1 = Timestamp(rfc3339: "2026-03-11T10:00:00+08:00") else { return [] }
        let data: [String: Value] = [
            "customer.id": .string("C-1"), "order.id": .string("SO-1"), "order.channel": .string("online"),
            "order.delivered_at": .string("2026-03-02T10:00:00+08:00"), "product.category": .string("phone"),
            "request.condition": .string("intact"), "request.submitted_at": .string("2026-03-09T23:59:00+08:00"),
        ]
        for n in 0..<events {
            let step = try engine.start(workflow: "return", id: "B-\(n)", data: data, at: t0)
            try store.create(step, response: [])
        }
        let encoder = JSONEncoder()
        var latencies: [Double] = []
        latencies.reserveCapacity(events)
        let clock = ContinuousClock()
        let started = clock.now
        for n in 0..<events {
            let t = clock.now
            _ = try store.apply(caseID: "B-\(n)", eventID: "e-\(n)", { current throws(EngineError) in
                try engine.apply(Event("goods_received", data: ["received_at": .timestamp(t1)], at: t1), to: current)
            }, response: { step in (try? encoder.encode(StepJSON(step))).map(Array.init) ?? [] })
            latencies.append(seconds(clock.now - t))
        }
        let total = seconds(clock.now - started)
        latencies.sort()
        let p50 = latencies[latencies.count / 2] * 1000, p99 = latencies[latencies.count * 99 / 100] * 1000

        // The limit: the same rows written straight through GRDB, one transaction per event.
        let raw = try DatabaseQueue(path: dir.appendingPathComponent("raw.sqlite").path)
        try raw.write { db in
            try db.execute(sql: """
                CREATE TABLE cases (id TEXT PRIMARY KEY, state TEXT, step INTEGER, snapshot BLOB);
                CREATE TABLE history (case_id TEXT, step INTEGER, audit BLOB, PRIMARY KEY (case_id, step));
                CREATE TABLE applied_events (case_id TEXT, event_id TEXT, response BLOB, PRIMARY KEY (case_id, event_id));
                """)
        }
        try raw.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL") }
        let snapshot = Data(repeating: 65, count: 1500), audit = Data(repeating: 66, count: 900), response = Data(repeating: 67, count: 1200)
        let rawStart = clock.now
        for n in 0..<events {
            try raw.write { db in
                try db.execute(sql: "INSERT INTO cases (id, state, step, snapshot) VALUES (?, 'inspecting', 2, ?) ON CONFLICT(id) DO UPDATE SET snapshot = excluded.snapshot",
                               arguments: ["B-\(n)", snapshot])
                try db.execute(sql: "INSERT INTO history VALUES (?, 2, ?)", arguments: ["B-\(n)", audit])
                try db.execute(sql: "INSERT INTO applied_events VALUES (?, ?, ?)", arguments: ["B-\(n)", "e-\(n)", response])
            }
        }
        let rawTotal = seconds(clock.now - rawStart)
        return [
            String(format: "store: %d durable events in %.2f s = %.0f events/s; step latency p50 %.2f ms, p99 %.2f ms", events, total, Double(events) / total, p50, p99),
            String(format: "raw SQLite, same rows, one transaction per event: %.0f events/s", Double(events) / rawTotal),
            String(format: "ratio: the store reaches %.0f%% of the raw rate", 100 * rawTotal / total),
        ]
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
