import CaseflowPostgres
import CaseflowStore
import Foundation
import Logging
import Testing

/// The PostgreSQL server of the tests (scripts/postgres); the tests fail without it.
func testPostgres() throws -> PostgresURL {
    guard let text = ProcessInfo.processInfo.environment["CASEFLOW_TEST_POSTGRES"], !text.isEmpty else {
        throw HTTP.Failure(message: "CASEFLOW_TEST_POSTGRES is not set: the PostgreSQL tests need a server; run scripts/test, or eval \"$(scripts/postgres start)\" first")
    }
    return try PostgresURL(parsing: text)
}

/// A new database on the test server, as a `postgres://` URL with its password.
func freshDatabase() async throws -> String {
    let name = "d_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
    let url = try await PostgresAdmin.createDatabase(String(name), admin: try testPostgres(), logger: Logger(label: "test"))
    return "postgres://\(url.user):\(url.password ?? "")@\(url.host):\(url.port)/\(url.database)"
}

/// Three daemons on one PostgreSQL database, clients spread over all three, one daemon killed
/// under load and started again: nothing acknowledged is lost or applied twice, no step number
/// is used twice, and every due timer fires once.
@Suite(.serialized) struct MultiNodeTests {
    static let cases = 240
    static let killAfter = 300
    static let timerCases = 120
    let crash = CrashTests()

    @Test func threeDaemonsOneKilledLoseNothingAndApplyNothingTwice() async throws {
        let database = try await freshDatabase()
        // A short claim, so the timers the killed daemon held are taken over within the test.
        let lease = ["--claim-lease", "2"]
        var nodes = try (0..<3).map { _ in
            try DaemonProcess(database: database, port: freePort() ?? 21_000 + Int.random(in: 0..<20_000), arguments: lease)
        }
        defer { for node in nodes { node.stop() } }
        let bases = nodes.map(\.baseURL)
        for n in 0..<Self.cases { #expect(try crash.create(bases[n % 3], n) == 201) }
        // Store purchases go to a manual review that escalates after 48 hours; dated in March,
        // their timers are due at once, so the daemons fire them while the events arrive.
        for n in 0..<Self.timerCases { #expect(try createReviewed(bases[n % 3], n) == 201) }

        // Each operation is sent twice, by two workers to two different daemons, with the same
        // id; one daemon is killed mid-stream.
        let acknowledged = Acknowledged()
        let answers = Answers()
        let victim = 1
        let workers = 6
        let victimNode = nodes[victim]
        // On threads of their own: blocking requests on Swift's few cooperative threads would
        // hold up every other test of the run.
        let finished = Acknowledged()
        let killer = Thread {
            while acknowledged.count < Self.killAfter, finished.count < workers { Thread.sleep(forTimeInterval: 0.02) }
            victimNode.kill()
        }
        killer.start()
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    for op in CrashTests.Operation.allCases {
                        for n in stride(from: w % 3, to: Self.cases, by: 3) {
                            let base = bases[(n + w) % 3]
                            let tasks = ((try? crash.caseJSON(base, n))?["tasks"] as? [[String: Any]]) ?? []
                            let id = "crash-\(n)-op\(op.rawValue)"
                            if let reply = try? crash.sendReply(base, n, op, tasks: tasks), reply.status == 200 {
                                acknowledged.add(id)
                                answers.add(id, reply.body)
                            }
                        }
                    }
                    finished.add("worker \(w)")
                }
                while victimNode.process.isRunning { Thread.sleep(forTimeInterval: 0.02) }
                done.resume()
            }
        }
        let acked = Set(acknowledged.all)
        #expect(acked.count >= Self.killAfter / 2)
        // Both sends of one id got the same answer, from whichever daemon.
        for (id, bodies) in answers.all where Set(bodies).count > 1 { Issue.record("\(id) was answered differently: \(bodies.count) answers") }

        // The killed daemon comes back on a new port; every case is finished through all three,
        // sending again with the same ids.
        nodes[victim] = try DaemonProcess(database: database, port: freePort() ?? 41_000 + Int.random(in: 0..<20_000), arguments: lease)
        let after = nodes.map(\.baseURL)
        for n in 0..<Self.cases {
            for op in CrashTests.Operation.allCases {
                let base = after[(n + op.rawValue) % 3]
                let c = try crash.caseJSON(base, n)
                let state = c["state"] as? String ?? ""
                let done = (op == .received && state != "approved") || (op == .inspected && ["refunding", "refunded"].contains(state)) || state == "refunded"
                if done { continue }
                #expect(try crash.send(base, n, op, tasks: c["tasks"] as? [[String: Any]] ?? []) == 200, "case \(n) op \(op)")
            }
        }

        // Timers claimed by the killed daemon run out of their claim and fire elsewhere.
        try await Task.sleep(for: .seconds(3))
        var seen: [String: Int] = [:]
        var timersFired: [String: Int] = [:]
        for n in 0..<Self.cases {
            let base = after[n % 3]
            let c = try crash.caseJSON(base, n)
            #expect(c["state"] as? String == "refunded", "case \(n)")
            let history = try HTTP.request("GET", base + "/v1/cases/crash-\(n)/history").json as? [[String: Any]] ?? []
            let steps = history.map { $0["step"] as? Int ?? 0 }
            #expect(steps == Array(1...max(1, steps.count)), "case \(n) steps \(steps)")
            #expect(c["step"] as? Int == steps.count, "case \(n)")
            for entry in history {
                guard let id = entry["eventID"] as? String else { continue }
                if entry["requestKind"] as? String == "timer" { timersFired["crash-\(n)/\(id)", default: 0] += 1 } else { seen[id, default: 0] += 1 }
            }
        }
        for id in acked { #expect(seen[id] == 1, "acknowledged \(id) applied \(seen[id] ?? 0) times") }
        // Every review escalated, by exactly one firing of its timer, on whichever daemon.
        for n in 0..<Self.timerCases {
            let base = after[n % 3]
            #expect(try HTTP.request("GET", base + "/v1/cases/review-\(n)").json.flatMap { ($0 as? [String: Any])?["state"] as? String } == "escalated", "review \(n)")
            let history = try HTTP.request("GET", base + "/v1/cases/review-\(n)/history").json as? [[String: Any]] ?? []
            let fired = history.filter { $0["requestKind"] as? String == "timer" }
            #expect(fired.count == 1, "review \(n): its timer fired \(fired.count) times")
            #expect(history.map { $0["step"] as? Int ?? 0 } == Array(1...max(1, history.count)), "review \(n)")
        }
        for (timer, count) in timersFired where count != 1 { Issue.record("timer \(timer) fired \(count) times") }
        // Nothing is left due: each timer fired (or went with its closed case).
        let metrics = String(decoding: try HTTP.request("GET", after[0] + "/metrics").body, as: UTF8.self)
        #expect(metrics.contains("caseflow_timers_due 0"), "\(metrics.split(separator: "\n").filter { $0.contains("timers_due") })")
    }

    /// A reload on one daemon reaches the other within about a second, without a restart; the
    /// other then starts cases on the new version and refuses nothing it had. A changed workflow
    /// without a new version is refused by the second daemon too, though its own files are old.
    @Test func aReloadOnOneDaemonReachesTheOther() async throws {
        let database = try await freshDatabase()
        let root = DaemonProcess.packageRoot.path
        let copies = try [Scratch(), Scratch()]
        for copy in copies {
            for folder in ["workflows", "rules"] { try FileManager.default.copyItem(atPath: root + "/" + folder, toPath: copy.path + "/" + folder) }
        }
        let nodes = try copies.map { try DaemonProcess(database: database, port: freePort() ?? 22_000 + Int.random(in: 0..<20_000), definitions: $0.path) }
        defer { for node in nodes { node.stop() } }
        func versions(_ node: DaemonProcess) throws -> [Int] {
            let list = try HTTP.request("GET", node.baseURL + "/v1/workflows").json as? [[String: Any]] ?? []
            return list.first { $0["id"] as? String == "return" }?["versions"] as? [Int] ?? []
        }
        #expect(try versions(nodes[1]) == [5])
        // Node A gets version 5 of the return workflow and reloads.
        let path = copies[0].path + "/workflows/return.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "version: 5", with: "version: 6")
            .replacingOccurrences(of: "delay: 48h", with: "delay: 72h")
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try HTTP.request("POST", nodes[0].baseURL + "/v1/admin/reload").status == 200)
        let asked = Date()
        while try versions(nodes[1]) != [5, 6], Date().timeIntervalSince(asked) < 5 { try await Task.sleep(for: .milliseconds(100)) }
        #expect(try versions(nodes[1]) == [5, 6])
        #expect(Date().timeIntervalSince(asked) < 3, "took \(Date().timeIntervalSince(asked)) s")
        #expect(nodes[1].process.isRunning)
        // Node B starts a case on the version node A stored.
        #expect(try createReviewed(nodes[1].baseURL, 1) == 201)
        #expect((try HTTP.request("GET", nodes[1].baseURL + "/v1/cases/review-1").json as? [String: Any])?["version"] as? Int == 6)

        // Node B's files change version 6 differently without a bump: its reload is refused.
        let other = copies[1].path + "/workflows/return.yaml"
        try text.replacingOccurrences(of: "version: 5", with: "version: 6")
            .replacingOccurrences(of: "delay: 48h", with: "delay: 96h")
            .write(toFile: other, atomically: true, encoding: .utf8)
        let refused = try HTTP.request("POST", nodes[1].baseURL + "/v1/admin/reload")
        #expect(refused.status == 422)
        #expect(String(decoding: refused.body, as: UTF8.self).contains("raise 'version:'"))
    }

    /// A store purchase: reviewed by the desk, escalated after 48 hours.
    func createReviewed(_ base: String, _ n: Int) throws -> Int {
        try HTTP.request("POST", base + "/v1/cases", [
            "id": "review-\(n)", "workflow": "return", "at": "2026-03-04T10:00:00+08:00",
            "data": ["customer.id": "C-\(n)", "order.id": "SO-R\(n)", "order.channel": "store",
                     "order.delivered_at": "2026-03-02T10:00:00+08:00", "product.category": "clothing",
                     "request.condition": "intact", "request.submitted_at": "2026-03-04T10:00:00+08:00"],
        ]).status
    }

    /// A daemon pointed at a database it cannot use says why and exits within seconds.
    @Test(arguments: ["password", "database", "server"])
    func badConfigurationIsAClearMessageAndANonZeroExit(_ what: String) async throws {
        let admin = try testPostgres()
        let port = freePort() ?? 45_999
        let url: String
        let expected: String
        switch what {
        case "password":
            url = "postgres://\(admin.user):wrong@\(admin.host):\(admin.port)/\(admin.database)"
            expected = "refused the password of user '\(admin.user)'"
        case "database":
            url = "postgres://\(admin.user):\(admin.password ?? "")@\(admin.host):\(admin.port)/no_such_db"
            expected = "has no database 'no_such_db'"
        default:
            url = "postgres://\(admin.user):\(admin.password ?? "")@127.0.0.1:\(port)/caseflow"
            expected = "no PostgreSQL answers at 127.0.0.1:\(port)"
        }
        let started = Date()
        let (status, stderr) = try runServe(["--database", url, "--port", String(freePort() ?? 46_000)])
        #expect(status != 0)
        #expect(stderr.contains(expected), "\(stderr)")
        #expect(!stderr.contains(admin.password ?? "no password"), "the password is printed")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    /// Runs `caseflow serve` with `arguments` until it exits (at most 20 s); its status and stderr.
    func runServe(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = DaemonProcess.binary
        let root = DaemonProcess.packageRoot.path
        process.arguments = ["serve", "--workflows", root + "/workflows", "--rules", root + "/rules"] + arguments
        process.environment = ["CASEFLOW_TOKEN": ""]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }
}

/// The answers each request id got, from several tasks.
final class Answers: @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [String: [Data]] = [:]
    var all: [String: [Data]] { lock.lock(); defer { lock.unlock() }; return bodies }
    func add(_ id: String, _ body: Data) { lock.lock(); bodies[id, default: []].append(body); lock.unlock() }
}
