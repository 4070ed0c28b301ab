import CaseflowEngine
import CaseflowExpr
import CaseflowJSON
import CaseflowModel
import CaseflowStore
import Foundation
import GRDB

/// Issue benchmark: durable events per second and step latency through the SQLite store, one
/// writer at a time and with group commit of concurrent clients, and raw SQLite writes of the
/// same rows in the same run as the limit.
///
/// Each event is the return workflow's `goods_received` on an approved case: one engine step,
/// and in one transaction the snapshot, a history row with its audit, event id and response,
/// the task changes and the timer changes.
enum StoreBenchmark {
    struct Setup {
        let engine: Engine
        let dir: URL
        let t1: Timestamp
        let cached: Int?
    }

    static func run(events: Int, clients: Int, cached: Int?, only: String?) throws -> [String] {
        let loaded = DefinitionLoader().load(paths: ["workflows", "rules"])
        let engine = try Engine(definitions: loaded.definitions)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        guard let t1 = Timestamp(rfc3339: "2026-03-11T10:00:00+08:00") else { return [] }
        let setup = Setup(engine: engine, dir: dir, t1: t1, cached: cached)

        if only == "group" {
            let grouped = try makeStore(setup, name: "grouped", cases: events)
            let committer = GroupCommitter(store: grouped)
            let (total, _, _) = try runClients(committer, engine: engine, t1: t1, events: events, clients: clients)
            return [String(format: "store, group commit, %d clients: %.0f events/s", clients, Double(events) / total)]
        }
        // One writer: each event its own transaction, as without group commit.
        let single = try makeStore(setup, name: "single", cases: events)
        let clock = ContinuousClock()
        var latencies: [Double] = []
        latencies.reserveCapacity(events)
        let singleStart = clock.now
        for n in 0..<events {
            let t = clock.now
            let body = goodsReceived(engine, t1)
            _ = try waitFor { try await single.apply(caseID: "B-\(n)", eventID: "e-\(n)", body, response: JSONWriter.response) }
            latencies.append((clock.now - t).inSeconds)
        }
        let singleTotal = (clock.now - singleStart).inSeconds

        // Group commit: `clients` concurrent submitters, each working through its own cases.
        let grouped = try makeStore(setup, name: "grouped", cases: events)
        let batches = Mutexed(0)
        let committer = GroupCommitter(store: grouped) { _ in batches.update { $0 += 1 } }
        let (groupTotal, groupLatencies, failures) = try runClients(committer, engine: engine, t1: t1, events: events, clients: clients)

        // The limit: the same rows written straight through GRDB, one transaction per event and
        // in batches of the group commit's mean size.
        let sample = try sampleStep(setup)
        let meanBatch = max(1, Int((Double(events) / Double(max(1, batches.value))).rounded()))
        let rawSingle = try rawWrites(setup, name: "raw-single", sample: sample, events: events, batch: 1)
        let rawBatched = try rawWrites(setup, name: "raw-batched", sample: sample, events: events, batch: meanBatch)

        latencies.sort()
        let sorted = groupLatencies.sorted()
        func ms(_ v: [Double], _ q: Double) -> Double { v.millisecondsAt(quantile: q) }
        let groupRate = Double(events) / groupTotal, rawBatchedRate = Double(events) / rawBatched
        return [
            String(format: "store, one writer: %d events in %.2f s = %.0f events/s; latency p50 %.2f ms, p99 %.2f ms",
                   events, singleTotal, Double(events) / singleTotal, ms(latencies, 0.5), ms(latencies, 0.99)),
            String(format: "store, group commit, %d clients: %d events in %.2f s = %.0f events/s; latency p50 %.2f ms, p99 %.2f ms; %d transactions, mean %.1f events each%@",
                   clients, events, groupTotal, groupRate, ms(sorted, 0.5), ms(sorted, 0.99), batches.value,
                   Double(events) / Double(max(1, batches.value)), failures == 0 ? "" : "; \(failures) FAILED"),
            String(format: "raw SQLite, same rows, one transaction per event: %.0f events/s", Double(events) / rawSingle),
            String(format: "raw SQLite, same rows, %d events per transaction: %.0f events/s", meanBatch, rawBatchedRate),
            String(format: "ratio: group commit reaches %.0f%% of the raw rate with the same batches", 100 * groupRate / rawBatchedRate),
        ]
    }

    static func goodsReceived(_ engine: Engine, _ t1: Timestamp) -> @Sendable (CaseState) throws(EngineError) -> Step {
        { (current: CaseState) throws(EngineError) -> Step in
            try engine.apply(Event("goods_received", data: ["received_at": .timestamp(t1)], at: t1), to: current)
        }
    }

    /// A store with `cases` return cases waiting for the goods.
    static func makeStore(_ setup: Setup, name: String, cases: Int) throws -> SQLiteStore {
        let path = setup.dir.appendingPathComponent("\(name).sqlite").path
        let store = try setup.cached.map { try SQLiteStore(path: path, cachedCases: $0) } ?? SQLiteStore(path: path)
        let started = try startedCases(setup.engine, count: cases)
        for chunk in stride(from: 0, to: started.count, by: 500) {
            let writes = started[chunk..<min(started.count, chunk + 500)].map { StoreWrite.create($0, response: []) }
            let batch = Array(writes)
            for result in try waitFor({ try await store.commit(batch) }) { _ = try result.get() }
        }
        return store
    }

    static func startedCases(_ engine: Engine, count: Int) throws -> [Step] {
        guard let t0 = Timestamp(rfc3339: "2026-03-09T23:59:00+08:00") else { return [] }
        let data: [String: Value] = [
            "customer.id": .string("C-1"), "order.id": .string("SO-1"), "order.channel": .string("online"),
            "order.delivered_at": .string("2026-03-02T10:00:00+08:00"), "product.category": .string("phone"),
            "request.condition": .string("intact"), "request.submitted_at": .string("2026-03-09T23:59:00+08:00"),
        ]
        return try (0..<count).map { n in try engine.start(workflow: "return", id: "B-\(n)", data: data, at: t0) }
    }

    static func runClients(_ committer: GroupCommitter, engine: Engine, t1: Timestamp, events: Int, clients: Int) throws
        -> (Double, [Double], Int) {
        let result = Mutexed<(Double, [Double], Int)?>(nil)
        let done = DispatchSemaphore(value: 0)
        let body = goodsReceived(engine, t1)
        Task {
            let clock = ContinuousClock()
            let start = clock.now
            let all = await withTaskGroup(of: ([Double], Int).self) { group in
                for client in 0..<clients {
                    group.addTask {
                        var latencies: [Double] = [], failures = 0
                        for n in stride(from: client, to: events, by: clients) {
                            let t = clock.now
                            let r = await committer.submit(.apply(caseID: "B-\(n)", eventID: "e-\(n)", step: body, response: JSONWriter.response))
                            latencies.append((clock.now - t).inSeconds)
                            if case .failure = r { failures += 1 }
                        }
                        return (latencies, failures)
                    }
                }
                var latencies: [Double] = [], failures = 0
                for await (l, f) in group { latencies += l; failures += f }
                return (latencies, failures)
            }
            result.update { $0 = ((clock.now - start).inSeconds, all.0, all.1) }
            done.signal()
        }
        done.wait()
        return result.value ?? (1, [0], events)
    }

    /// One real step, whose rows the raw writes copy.
    static func sampleStep(_ setup: Setup) throws -> (step: Step, response: [UInt8]) {
        guard let first = try startedCases(setup.engine, count: 1).first else { throw StoreError(.database, "no sample case") }
        let step = try goodsReceived(setup.engine, setup.t1)(first.after)
        return (step, JSONWriter.response(step))
    }

    /// Writes, for each event, the rows `SQLiteStore` writes for the sample step (same tables,
    /// indexes, sizes and statements), with no engine, no encoding and no reads.
    static func rawWrites(_ setup: Setup, name: String, sample: (step: Step, response: [UInt8]), events: Int, batch: Int) throws -> Double {
        let store = try makeStore(setup, name: name, cases: events)   // the same cases, written the store's way
        // The store's connection settings, and its checkpoints off the writer's thread.
        let path = setup.dir.appendingPathComponent("\(name).sqlite").path
        let checkpointer = WALCheckpointer()
        let db = try DatabaseQueue(path: path, configuration: SQLiteStore.configuration(checkpointer: checkpointer))
        try checkpointer.attach(path: path)
        let step = sample.step, c = step.after
        // The store's own forms of the rows.
        let encoded = EncodedStep(step, response: sample.response, dictionaries: store.dictionaries, outbox: nil)
        let snapshot = encoded.snapshot, audit = encoded.audit, response = sample.response
        let tasks = zip(step.openedTasks, encoded.tasks).map { (suffix: String($0.id.dropFirst(c.id.count)), queue: $0.queue, body: $1) }
        let cancelled = step.cancelledTasks.map { String($0.id.dropFirst(c.id.count)) }
        let at = step.audit.at.rfc3339, updated = c.updatedAt.rfc3339, answeredAt = Int(Date().timeIntervalSince1970)
        // The store's own statements, prepared once as it prepares them.
        var prepared: [Statement] = []
        let clock = ContinuousClock()
        let start = clock.now
        for first in stride(from: 0, to: events, by: batch) {
            try db.write { db in
                if prepared.isEmpty {
                    prepared = try [WriteSQL.updateCase, .insertHistory, .insertTask, .cancelTask].map { try db.makeStatement(sql: $0.text) }
                }
                let (updateCase, insertHistory, insertTask, cancelTask) = (prepared[0], prepared[1], prepared[2], prepared[3])
                for n in first..<min(events, first + batch) {
                    let id = "B-\(n)", eventID = "e-\(n)"
                    try updateCase.run {
                        $0.text(c.state); $0.bool(c.isClosed); $0.int(c.step); $0.blob(snapshot); $0.text(updated); $0.text(id); $0.int(c.step - 1)
                    }
                    try insertHistory.run {
                        $0.text(id); $0.int(c.step); $0.text(eventID)
                        $0.text(RequestKey.Kind.event.rawValue); $0.text(""); $0.blob(nil)
                        $0.blob(audit); $0.blob(response); $0.int(answeredAt)
                    }
                    for t in tasks {
                        try insertTask.run { $0.text(id + t.suffix); $0.text(id); $0.text(t.queue); $0.blob(t.body) }
                    }
                    for suffix in cancelled {
                        try cancelTask.run { $0.text(at); $0.text(id + suffix) }
                    }
                }
            }
        }
        return (clock.now - start).inSeconds
    }
}
