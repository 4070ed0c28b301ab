import Foundation
import Testing

/// `caseflow cases|tasks` print aligned tables for people, times in the workflow's zone with
/// their offset and durations in hours, and the API's JSON with `--format json`.
@Suite struct CLIOutputTests {
    func caseflow(_ arguments: [String], url: String) throws -> (status: Int32, output: String) {
        try runCaseflow(arguments, url: url)
    }

    @Test func tablesForPeopleAndJSONForScripts() throws {
        let directory = try Scratch()
        let port = try #require(freePort())
        let daemon = try DaemonProcess(database: directory.path + "/cli.sqlite", port: port)
        defer { daemon.stop() }
        let data = #"{"customer": {"id": "C-1", "tier": "vip"}, "order": {"id": "SO-1", "channel": "store", "delivered_at": "2026-11-30T10:00:00+08:00"}, "product": {"category": "phone"}, "request": {"condition": "used", "submitted_at": "2026-12-01T09:59:00+08:00"}}"#
        #expect(try caseflow(["cases", "create", "return", "--id", "R-1", "--data", data], url: daemon.baseURL).status == 0)

        let list = try caseflow(["cases", "list"], url: daemon.baseURL)
        #expect(list.status == 0)
        let lines = list.output.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID   WORKFLOW   STATE") == true, "\(list.output)")
        #expect(lines.dropFirst().first?.hasPrefix("R-1  return v") == true)
        #expect(list.output.contains("+08:00"), "times in the workflow's zone (Asia/Shanghai) with the offset")
        #expect(!list.output.contains("Z\n"))

        let tasks = try caseflow(["tasks", "list", "--queue", "returns_desk"], url: daemon.baseURL)
        #expect(tasks.output.contains("R-1-task-1  R-1   review_request  returns_desk  open"), "\(tasks.output)")

        // The desk from the CLI: claim as a person, list what they hold, assign, and worklists by due time.
        #expect(try caseflow(["tasks", "claim", "R-1-task-1", "--actor", "li.wei"], url: daemon.baseURL).status == 0)
        let held = try caseflow(["tasks", "list", "--assignee", "li.wei", "--format", "json"], url: daemon.baseURL)
        let heldTasks = try JSONSerialization.jsonObject(with: Data(held.output.utf8)) as? [[String: Any]]
        #expect(heldTasks?.map { $0["id"] as? String } == ["R-1-task-1"], "\(held.output)")
        #expect(try caseflow(["tasks", "assign", "R-1-task-1", "--to", "wang"], url: daemon.baseURL).status == 0)
        let due = try caseflow(["tasks", "list", "--status", "open", "--sort", "due", "--due-before", "2030-01-01T00:00:00+08:00", "--format", "json"], url: daemon.baseURL)
        let dueTasks = try JSONSerialization.jsonObject(with: Data(due.output.utf8)) as? [[String: Any]]
        #expect(dueTasks?.first?["assignee"] as? String == "wang", "\(due.output)")
        #expect(try caseflow(["tasks", "unclaim", "R-1-task-1"], url: daemon.baseURL).status == 0)

        let history = try caseflow(["cases", "history", "R-1"], url: daemon.baseURL)
        #expect(history.output.contains("due of review_request: customer.tier == 'vip' ? duration('4h') : duration('24h') = 4h"), "\(history.output)")

        let json = try caseflow(["cases", "list", "--format", "json"], url: daemon.baseURL)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]]
        #expect(parsed?.first?["id"] as? String == "R-1")
    }

    /// `cases show --archive` reads a case back from an archive file retention wrote: its last
    /// line for the id (a case archived twice was written twice), the case and its history.
    @Test func anArchivedCaseIsShownFromItsFile() throws {
        let directory = try Scratch()
        let port = try #require(freePort())
        let daemon = try DaemonProcess(database: directory.path + "/cli.sqlite", port: port)
        defer { daemon.stop() }
        let data = #"{"customer": {"id": "C-1"}, "order": {"id": "SO-1", "channel": "online", "delivered_at": "2026-11-30T10:00:00+08:00"}, "product": {"category": "phone"}, "request": {"condition": "intact", "submitted_at": "2026-12-01T09:59:00+08:00"}}"#
        #expect(try caseflow(["cases", "create", "return", "--id", "R-9", "--data", data], url: daemon.baseURL).status == 0)
        #expect(try caseflow(["cases", "event", "R-9", "cancel"], url: daemon.baseURL).status == 0)
        let detail = try caseflow(["cases", "show", "R-9", "--format", "json"], url: daemon.baseURL).output
        let history = try caseflow(["cases", "history", "R-9", "--format", "json"], url: daemon.baseURL).output
        let compact = { (text: String) throws -> String in
            String(decoding: try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: Data(text.utf8))), as: UTF8.self)
        }
        // The form CaseArchive writes: {"id", "case", "history"} on one line.
        let line = #"{"id":"R-9","case":"# + (try compact(detail)) + #","history":"# + (try compact(history)) + "}"
        let stale = line.replacingOccurrences(of: "\"cancelled\"", with: "\"stale\"")
        let file = directory.path + "/caseflow-archive-2026-12-03.jsonl"
        try (stale + "\n" + #"{"id":"R-8","case":{},"history":[]}"# + "\n" + line + "\n").write(toFile: file, atomically: true, encoding: .utf8)

        let json = try caseflow(["cases", "show", "R-9", "--archive", file, "--format", "json"], url: "http://127.0.0.1:1")
        #expect(json.status == 0)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect((parsed?["case"] as? [String: Any])?["state"] as? String == "cancelled")
        #expect((parsed?["history"] as? [Any])?.count == 2)
        let text = try caseflow(["cases", "show", "R-9", "--archive", file], url: "http://127.0.0.1:1")
        #expect(text.status == 0)
        #expect(text.output.contains("cancelled") && text.output.contains("cancel"), "\(text.output)")
        #expect(try caseflow(["cases", "show", "R-7", "--archive", file], url: "http://127.0.0.1:1").status != 0)
    }
}
