import Foundation
import Testing

/// Crash safety of the daemon: SIGKILL in the middle of a load, restart, and check that every
/// acknowledged event was applied exactly once and no case is half-written.
@Suite(.serialized) struct CrashTests {
    static let cases = 600
    static let killAfter = 900

    /// The operations of one return case after it is created (seven-day eligible, so approved at
    /// once): goods received, inspection passed, refund paid. Each has an idempotency id.
    enum Operation: Int, CaseIterable { case received = 1, inspected, refunded }

    func create(_ base: String, _ n: Int) throws -> Int {
        try HTTP.request("POST", base + "/v1/cases", [
            "id": "crash-\(n)", "workflow": "return", "at": "2026-03-03T10:00:00+08:00",
            "data": ["customer.id": "C-\(n)", "order.id": "SO-\(n)", "order.channel": "online",
                     "order.delivered_at": "2026-03-02T10:00:00+08:00", "product.category": "clothing",
                     "request.condition": "intact", "request.submitted_at": "2026-03-03T10:00:00+08:00"],
        ]).status
    }

    /// Sends the next operation of a case given its current open tasks; returns the status.
    func send(_ base: String, _ n: Int, _ op: Operation, tasks: [[String: Any]]) throws -> Int {
        try sendReply(base, n, op, tasks: tasks)?.status ?? 0
    }

    /// The reply to the operation, or nil when the case has no task for it.
    func sendReply(_ base: String, _ n: Int, _ op: Operation, tasks: [[String: Any]]) throws -> HTTP.Reply? {
        let id = "crash-\(n)-op\(op.rawValue)"
        switch op {
        case .received:
            return try HTTP.request("POST", base + "/v1/cases/crash-\(n)/events",
                                    ["type": "goods_received", "id": id, "at": "2026-03-05T10:00:00+08:00",
                                     "data": ["received_at": "2026-03-05T09:00:00+08:00"]])
        case .inspected, .refunded:
            let name = op == .inspected ? "inspect_goods" : "issue_refund"
            guard let task = tasks.first(where: { $0["name"] as? String == name }), let taskID = task["id"] as? String else { return nil }
            return try HTTP.request("POST", base + "/v1/tasks/\(taskID)/complete",
                                    ["outcome": op == .inspected ? "pass" : "refunded", "id": id,
                                     "at": op == .inspected ? "2026-03-05T11:00:00+08:00" : "2026-03-06T10:00:00+08:00"])
        }
    }

    func caseJSON(_ base: String, _ n: Int) throws -> [String: Any] {
        try HTTP.request("GET", base + "/v1/cases/crash-\(n)").json as? [String: Any] ?? [:]
    }

    @Test func killedMidLoadLosesNothingAndAppliesNothingTwice() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = dir.appendingPathComponent("cases.sqlite").path
        var daemon = try DaemonProcess(database: database, port: freePort() ?? 21_000 + Int.random(in: 0..<20_000))
        for n in 0..<Self.cases { #expect(try create(daemon.baseURL, n) == 201) }

        // Several workers push operations concurrently; the daemon is killed mid-stream.
        let acknowledged = Acknowledged()
        let base = daemon.baseURL
        let workers = 6
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for op in Operation.allCases {
                for n in stride(from: w, to: Self.cases, by: workers) {
                    if acknowledged.count >= Self.killAfter { return }
                    let tasks = ((try? caseJSON(base, n))?["tasks"] as? [[String: Any]]) ?? []
                    if (try? send(base, n, op, tasks: tasks)) == 200 { acknowledged.add("crash-\(n)-op\(op.rawValue)") }
                }
            }
        }
        daemon.kill()
        let acked = acknowledged.all
        #expect(acked.count >= Self.killAfter)
        #expect(acked.count < Self.cases * Operation.allCases.count, "the kill came before the load finished")

        // Restart on the same file and finish every case, re-sending with the same ids.
        daemon = try DaemonProcess(database: database, port: freePort() ?? 41_000 + Int.random(in: 0..<20_000))
        defer { daemon.stop() }
        for n in 0..<Self.cases {
            for op in Operation.allCases {
                let c = try caseJSON(daemon.baseURL, n)
                let state = c["state"] as? String ?? ""
                let done = (op == .received && state != "approved") || (op == .inspected && ["refunding", "refunded"].contains(state)) || state == "refunded"
                if done { continue }
                #expect(try send(daemon.baseURL, n, op, tasks: c["tasks"] as? [[String: Any]] ?? []) == 200, "case \(n) op \(op)")
            }
        }

        // Every case is whole: refunded, four steps, each event applied once, tasks consistent.
        var seen: [String: Int] = [:]
        for n in 0..<Self.cases {
            let c = try caseJSON(daemon.baseURL, n)
            #expect(c["state"] as? String == "refunded", "case \(n)")
            #expect(c["step"] as? Int == 4, "case \(n)")
            #expect((c["tasks"] as? [Any])?.isEmpty == true, "case \(n)")
            let history = try HTTP.request("GET", daemon.baseURL + "/v1/cases/crash-\(n)/history").json as? [[String: Any]] ?? []
            #expect(history.count == 4, "case \(n) history")
            #expect(history.map { $0["step"] as? Int ?? 0 } == [1, 2, 3, 4], "case \(n) steps")
            // Task completions are recorded as `complete:TASK:ID`; events keep their id.
            for entry in history {
                guard let id = entry["eventID"] as? String else { continue }
                seen[id.split(separator: ":").last.map(String.init) ?? id, default: 0] += 1
            }
        }
        for id in acked { #expect(seen[id] == 1, "acknowledged \(id) applied \(seen[id] ?? 0) times") }
        let open = try HTTP.request("GET", daemon.baseURL + "/v1/tasks?status=open&limit=1000").json as? [Any] ?? []
        #expect(open.isEmpty)
    }
}

/// Event ids the daemon acknowledged with 200, from several threads.
final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []
    var count: Int { lock.lock(); defer { lock.unlock() }; return ids.count }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return ids }
    func add(_ id: String) { lock.lock(); ids.append(id); lock.unlock() }
}
