import CaseflowTestSupport
import Foundation
import Testing

/// A child's report to its parent survives a SIGKILL: the child's last step and the parent's
/// reaction are one transaction, so after a kill in the middle of children finishing, every
/// parent has moved exactly when its child closed, and each report is applied once.
@Suite(.serialized) struct ChildReportCrashTests {
    static let cases = 60
    static let killAfter = 25

    @Test func aKillBetweenChildAndParentLosesNoReportAndRepeatsNone() throws {
        let directory = try Scratch()
        let root = DaemonProcess.packageRoot.path
        for folder in ["workflows", "rules"] {
            try FileManager.default.copyItem(atPath: root + "/" + folder, toPath: directory.path + "/" + folder)
        }
        try supportWorkflow.write(toFile: directory.path + "/workflows/support.yaml", atomically: true, encoding: .utf8)
        try fixWorkflow.write(toFile: directory.path + "/workflows/fix.yaml", atomically: true, encoding: .utf8)
        let database = directory.path + "/cases.sqlite"
        var daemon = try DaemonProcess(database: database, port: freePort() ?? 23_000 + Int.random(in: 0..<20_000), definitions: directory.path)
        let base = daemon.baseURL
        func json(_ path: String, on base: String) throws -> [String: Any] {
            try HTTP.request("GET", base + path).json as? [String: Any] ?? [:]
        }
        for n in 0..<Self.cases {
            #expect(try HTTP.request("POST", base + "/v1/cases", ["id": "S-\(n)", "workflow": "support",
                                                                  "data": ["customer.id": "C-\(n)", "ticket.topic": "no power"]]).status == 201)
            #expect(try HTTP.request("POST", base + "/v1/tasks/S-\(n)-task-1/complete", ["outcome": "needs_fix"]).status == 200)
        }
        // The scheduler starts the children within a tick or two.
        let child: @Sendable (Int) -> String = { n in "S-\(n)-fix-2-1" }
        let started = Date()
        while try (0..<Self.cases).contains(where: { (try json("/v1/cases/\(child($0))", on: base))["state"] as? String != "working" }),
              Date().timeIntervalSince(started) < 20 {
            Thread.sleep(forTimeInterval: 0.2)
        }
        // Workers finish the children; the daemon is killed mid-stream.
        let acknowledged = Acknowledged()
        DispatchQueue.concurrentPerform(iterations: 4) { w in
            for n in stride(from: w, to: Self.cases, by: 4) {
                if acknowledged.count >= Self.killAfter { return }
                let reply = try? HTTP.request("POST", base + "/v1/tasks/\(child(n))-task-1/complete", ["outcome": "fixed", "id": "fix-\(n)"])
                if reply?.status == 200 { acknowledged.add("\(n)") }
            }
        }
        daemon.kill()
        #expect(acknowledged.count >= Self.killAfter)

        daemon = try DaemonProcess(database: database, port: freePort() ?? 43_000 + Int.random(in: 0..<20_000), definitions: directory.path)
        defer { daemon.stop() }
        let after = daemon.baseURL
        let acked = Set(acknowledged.all)
        for n in 0..<Self.cases {
            // A parent moved exactly when its child closed: never one without the other.
            let parent = try json("/v1/cases/S-\(n)", on: after), fix = try json("/v1/cases/\(child(n))", on: after)
            #expect((parent["state"] as? String == "done") == (fix["state"] as? String == "fixed"), "S-\(n): \(parent["state"] ?? "-") with its child \(fix["state"] ?? "-")")
            if acked.contains("\(n)") { #expect(parent["state"] as? String == "done", "acknowledged S-\(n)") }
            // Finish the rest, repeating the same request ids: a repeat changes nothing.
            let status = try HTTP.request("POST", after + "/v1/tasks/\(child(n))-task-1/complete", ["outcome": "fixed", "id": "fix-\(n)"]).status
            #expect(status == 200, "S-\(n)")
            let history = try HTTP.request("GET", after + "/v1/cases/S-\(n)/history").json as? [[String: Any]] ?? []
            #expect(history.filter { $0["event"] as? String == "fix_done" }.count == 1, "S-\(n) got its report \(history.filter { $0["event"] as? String == "fix_done" }.count) times")
            #expect(try json("/v1/cases/S-\(n)", on: after)["state"] as? String == "done")
        }
    }
}
