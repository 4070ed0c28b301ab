import CaseflowEngine
import CaseflowExpr
import CaseflowJSON
import CaseflowModel
import CaseflowPostgres
import CaseflowStore
import Foundation
import Logging

/// The store benchmark on PostgreSQL: the same events as on SQLite (`goods_received` on waiting
/// return cases) through `PostgresStore` with group commit and `clients` concurrent clients, and
/// beside it, in the same run, the same rows written through postgres-nio with nothing else
/// (``PostgresStore/writeEncoded(_:)``: steps computed and encoded beforehand) in transactions of
/// several sizes. Each part gets a fresh database on the server `admin` names.
enum PostgresBenchmark {
    static func run(admin: PostgresURL, events: Int, clients: Int) throws -> [String] {
        let loaded = DefinitionLoader().load(paths: ["workflows", "rules"])
        let engine = try Engine(definitions: loaded.definitions)
        guard let t1 = Timestamp(rfc3339: "2026-03-11T10:00:00+08:00") else { return [] }
        let logger = Logger(label: "bench")
        let run = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let started = try StoreBenchmark.startedCases(engine, count: events)

        func freshStore(_ name: String) throws -> PostgresStore {
            try waitFor {
                let url = try await PostgresAdmin.createDatabase("bench_\(name)_\(run)", admin: admin, logger: logger)
                let store = try await PostgresStore.connect(url, logger: logger, connectTimeout: .seconds(30), timeout: .seconds(60))
                for chunk in stride(from: 0, to: started.count, by: 500) {
                    let writes = started[chunk..<min(started.count, chunk + 500)].map { StoreWrite.create($0, response: []) }
                    for result in try await store.commit(Array(writes)) { _ = try result.get() }
                }
                return store
            }
        }

        // Group commit, as the daemon's requests use it.
        let store = try freshStore("store")
        let batches = Mutexed(0)
        let committer = GroupCommitter(store: store) { _ in batches.update { $0 += 1 } }
        let (total, latencies, failures) = try StoreBenchmark.runClients(committer, engine: engine, t1: t1, events: events, clients: clients)
        let meanBatch = max(1, Int((Double(events) / Double(max(1, batches.value))).rounded()))
        let sorted = latencies.sorted()
        let rate = Double(events) / total
        var lines = [String(format: "postgres store, group commit, %d clients: %d events in %.2f s = %.0f events/s; latency p50 %.2f ms, p99 %.2f ms; %d transactions, mean %.1f events each%@",
                            clients, events, total, rate, sorted.millisecondsAt(quantile: 0.5), sorted.millisecondsAt(quantile: 0.99),
                            batches.value, Double(events) / Double(max(1, batches.value)), failures == 0 ? "" : "; \(failures) FAILED")]
        waitForClose(store)

        // The same rows, computed beforehand, in transactions of several sizes, one after another.
        let body = StoreBenchmark.goodsReceived(engine, t1)
        let encoded = try started.map { s in
            let step = try body(s.after)
            return EncodedStep(step, response: JSONWriter.response(step), dictionaries: store.dictionaries, outbox: nil)
        }
        for batch in Array(Set([1, 4, 16, meanBatch])).sorted() {
            let raw = try freshStore("raw\(batch)")
            let clock = ContinuousClock()
            let start = clock.now
            for first in stride(from: 0, to: events, by: batch) {
                let steps = Array(encoded[first..<min(events, first + batch)])
                try waitFor { try await raw.writeEncoded(steps) }
            }
            let rawRate = Double(events) / (clock.now - start).inSeconds
            lines.append(String(format: "raw postgres-nio, same rows, %d events per transaction: %.0f events/s%@", batch, rawRate,
                                batch == meanBatch ? String(format: " (group commit reaches %.0f%% of it)", 100 * rate / rawRate) : ""))
            waitForClose(raw)
        }
        return lines
    }

    static func waitForClose(_ store: PostgresStore) {
        _ = try? waitFor { try await store.close() }
    }
}
