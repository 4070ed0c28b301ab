import CaseflowExpr
import CaseflowServer
import CaseflowTestSupport
import Foundation
import Testing

/// Service-quality KPIs over a history made through the API, with every answer computed by
/// hand: cases A–H of a desk workflow and surveys S1–S5 following them up, around National Day
/// 2026 (1–7 October are holidays; Saturday 10 October is a make-up working day) in Shanghai.
///
/// The history covers a paused SLA (B), SLAs breached and then met later (C, D: still breached),
/// a reopened case (B), an unanswered survey (S5), NPS answers 6, 7, 8 and 9, a case opened
/// before the holiday and resolved after it (D), two cases either side of Shanghai midnight
/// (F 23:59, E 00:00: one day apart in Shanghai, the same day in UTC), and groups by queue and
/// tier. The CLI reads the same numbers from the database file.
@Suite(.serialized) struct KPIReportTests {
    static let desk = kpiDeskWorkflow
    static let survey = kpiSurveyWorkflow

    static let range = "from=2026-09-28T00:00:00%2B08:00&to=2026-10-12T00:00:00%2B08:00"

    /// Makes the history through the API, as agents and the scheduler would.
    func history(_ server: Server, _ api: API) async throws {
        func at(_ text: String) { server.clock.set(time(text)) }
        func open(_ id: String, _ tier: String, _ channel: String, at when: String) async throws {
            at(when)
            let reply = try await api.post("/v1/cases", json: ["workflow": "desk", "id": .string(id),
                                                               "data": ["customer.id": .string("C-" + id), "customer.tier": .string(tier), "contact.channel": .string(channel)]])
            #expect(reply.status == .created, "\(id): \(reply)")
        }
        func send(_ id: String, _ event: String, at when: String, _ data: JSON = [:]) async throws {
            at(when)
            let reply = try await api.post("/v1/cases/\(id)/events", json: ["type": .string(event), "data": data])
            #expect(reply.status == .ok, "\(id) \(event): \(reply)")
        }
        func survey(_ id: String, of parent: String, at when: String) async throws {
            at(when)
            let reply = try await api.post("/v1/cases", json: ["workflow": "survey", "id": .string(id), "data": ["parent.id": .string(parent)]])
            #expect(reply.status == .created, "\(id): \(reply)")
        }
        // Before the report: G stays open; H is done with before it starts.
        try await open("G", "standard", "phone", at: "2026-09-01T10:00:00+08:00")
        try await open("H", "standard", "phone", at: "2026-09-02T10:00:00+08:00")
        try await send("H", "answer", at: "2026-09-02T10:30:00+08:00")
        try await send("H", "resolve", at: "2026-09-02T11:00:00+08:00")
        try await send("H", "confirm", at: "2026-09-03T10:00:00+08:00")
        // A: answered in 30 minutes, resolved in 2 hours, confirmed.
        try await open("A", "vip", "phone", at: "2026-09-28T10:00:00+08:00")
        try await send("A", "answer", at: "2026-09-28T10:30:00+08:00")
        try await send("A", "resolve", at: "2026-09-28T12:00:00+08:00")
        try await send("A", "confirm", at: "2026-09-28T13:00:00+08:00")
        // B: waits 24 hours for the customer (the SLA is paused), is resolved, reopened, resolved again.
        try await open("B", "standard", "chat", at: "2026-09-28T14:00:00+08:00")
        try await send("B", "answer", at: "2026-09-28T15:00:00+08:00")
        try await send("B", "wait_for_customer", at: "2026-09-28T16:00:00+08:00")
        try await open("C", "standard", "phone", at: "2026-09-29T09:00:00+08:00")
        try await send("B", "customer_back", at: "2026-09-29T16:00:00+08:00")
        // C misses its 8 hours (G's breach, a month old, falls before the report).
        #expect(await server.tick(at: "2026-09-29T17:00:00+08:00") >= 2)
        try await send("B", "resolve", at: "2026-09-29T19:00:00+08:00")
        try await send("C", "answer", at: "2026-09-30T09:30:00+08:00")
        try await send("C", "resolve", at: "2026-09-30T10:00:00+08:00")
        try await send("B", "reopen", at: "2026-09-30T10:00:00+08:00")
        try await send("B", "resolve", at: "2026-09-30T11:00:00+08:00")
        try await send("B", "confirm", at: "2026-09-30T12:00:00+08:00")
        // D: opened before the holiday, breached during it, resolved after it, closed unconfirmed.
        try await open("D", "vip", "email", at: "2026-09-30T17:00:00+08:00")
        try await send("D", "answer", at: "2026-09-30T17:30:00+08:00")
        #expect(await server.tick(at: "2026-10-01T01:00:00+08:00") == 1)
        try await survey("S1", of: "A", at: "2026-10-08T09:00:00+08:00")
        try await survey("S2", of: "B", at: "2026-10-08T09:00:00+08:00")
        try await send("S1", "scored", at: "2026-10-08T09:10:00+08:00", ["csat": 5, "nps": 9])
        try await send("D", "resolve", at: "2026-10-08T10:00:00+08:00")
        try await send("S2", "scored", at: "2026-10-08T10:00:00+08:00", ["csat": 2, "nps": 6])
        try await send("D", "close", at: "2026-10-08T11:00:00+08:00")
        try await send("S2", "recovered", at: "2026-10-08T11:00:00+08:00")
        try await survey("S3", of: "D", at: "2026-10-09T09:00:00+08:00")
        try await survey("S4", of: "C", at: "2026-10-09T09:00:00+08:00")
        try await survey("S5", of: "G", at: "2026-10-09T09:00:00+08:00")
        try await send("S3", "rated", at: "2026-10-09T09:30:00+08:00", ["nps": 7])
        try await send("S4", "scored", at: "2026-10-09T10:00:00+08:00", ["csat": 4, "nps": 8])
        try await send("S5", "no_answer", at: "2026-10-09T12:00:00+08:00")
        // Either side of Shanghai midnight.
        try await open("F", "standard", "phone", at: "2026-10-09T23:59:00+08:00")
        try await open("E", "standard", "phone", at: "2026-10-10T00:00:00+08:00")
        try await send("F", "answer", at: "2026-10-10T00:10:00+08:00")
    }

    func makeServer() async throws -> Server {
        try await Server(at: "2026-09-01T09:00:00+08:00", files: ["workflows/desk.yaml": Self.desk, "workflows/survey.yaml": Self.survey])
    }

    @Test func theFiguresAreTheOnesComputedByHand() async throws {
        let server = try await makeServer()
        try await server.run { api in
            try await history(server, api)
            let reply = try await api.get("/v1/reports/kpi?\(Self.range)&by=queue,tier")
            #expect(reply.status == .ok, "\(reply)")
            let r = reply.json
            #expect(r["zone"] == "Asia/Shanghai")
            #expect(r["by"] == ["queue", "tier"])
            let total = r["total"]
            #expect(total["opened"] == 11)          // A B C D E F and S1–S5
            #expect(total["closed"] == 8)           // A B D and S1–S5
            #expect(total["backlog"] == 4)          // C E F G
            #expect(total["aging"] == ["lt_1d": 0, "d1_3": 2, "d3_7": 0, "d7_30": 1, "gt_30d": 1])
            // First responses: F 660 s, A 1800, D 1800, B 3600, C 88200; in business hours 0, 1800, 1800, 3600, 30600.
            #expect(total["first_response"] == ["count": 5, "median_s": 1800, "p90_s": 88200, "business_median_s": 1800, "business_p90_s": 30600])
            // Resolutions: A 7200, C 90000, B 104400, D 666000 (across the holiday: 2 business hours).
            #expect(total["resolution"] == ["count": 4, "median_s": 97200, "p90_s": 666000, "business_median_s": 19800, "business_p90_s": 43200])
            #expect(total["sla"] == ["resolution": ["met": 2, "breached": 2, "rate": 0.5]])
            #expect(total["fcr"] == ["resolved": 4, "first_contact": 3, "rate": 0.75])
            #expect(total["reopen"] == ["resolved": 4, "reopened": 1, "rate": 0.25])
            #expect(total["csat"]["answers"] == 3)
            #expect(total["csat"]["satisfied"] == 2)
            #expect(abs((total["csat"]["score"].number ?? 0) - 2.0 / 3.0) < 1e-9)
            #expect(total["nps"] == ["answers": 4, "promoters": 1, "detractors": 1, "score": 0])
            #expect(total["survey"] == ["closed": 5, "answered": 4, "response_rate": 0.8])
            #expect(total["closed_loop"]["complaints_closed"] == 3)
            #expect(total["closed_loop"]["confirmed"] == 2)
            #expect(total["closed_loop"]["low_scores"] == 1)
            #expect(total["closed_loop"]["followed_up"] == 1)
            #expect(total["closed_loop"]["followed_up_rate"] == 1)

            let groups = r["groups"].array
            #expect(groups.map { $0["key"] } == [
                ["queue": "(none)", "tier": "(none)"], ["queue": "desk", "tier": "standard"], ["queue": "vip_desk", "tier": "vip"],
            ])
            let surveys = groups[0], standard = groups[1], vip = groups[2]
            #expect(surveys["opened"] == 5 && surveys["closed"] == 5 && surveys["backlog"] == 0)
            #expect(surveys["csat"]["answers"] == 0 && surveys["csat"]["score"] == .null)

            #expect(standard["opened"] == 4 && standard["closed"] == 1 && standard["backlog"] == 4)
            #expect(standard["first_response"] == ["count": 3, "median_s": 3600, "p90_s": 88200, "business_median_s": 3600, "business_p90_s": 30600])
            #expect(standard["resolution"] == ["count": 2, "median_s": 97200, "p90_s": 104400, "business_median_s": 37800, "business_p90_s": 43200])
            #expect(standard["sla"] == ["resolution": ["met": 1, "breached": 1, "rate": 0.5]])
            #expect(standard["fcr"] == ["resolved": 2, "first_contact": 1, "rate": 0.5])
            #expect(standard["reopen"] == ["resolved": 2, "reopened": 1, "rate": 0.5])
            // The surveys of B, C and G: CSAT 2 and 4, NPS 6 and 8, one unanswered.
            #expect(standard["csat"] == ["answers": 2, "satisfied": 1, "score": 0.5])
            #expect(standard["nps"] == ["answers": 2, "promoters": 0, "detractors": 1, "score": -50])
            #expect(standard["survey"] == ["closed": 3, "answered": 2, "response_rate": .number(2.0 / 3.0)])

            #expect(vip["opened"] == 2 && vip["closed"] == 2 && vip["backlog"] == 0)
            #expect(vip["resolution"] == ["count": 2, "median_s": 336600, "p90_s": 666000, "business_median_s": 7200, "business_p90_s": 7200])
            #expect(vip["sla"] == ["resolution": ["met": 1, "breached": 1, "rate": 0.5]])
            #expect(vip["fcr"] == ["resolved": 2, "first_contact": 2, "rate": 1])
            #expect(vip["nps"] == ["answers": 2, "promoters": 1, "detractors": 0, "score": 50])
            #expect(vip["closed_loop"] == ["complaints_closed": 2, "confirmed": 1, "rate": 0.5, "low_scores": 0, "followed_up": 0, "followed_up_rate": .null])

            // Grouped by all five attributes at once: every case in exactly one group.
            let fine = try await api.get("/v1/reports/kpi?\(Self.range)&by=workflow,queue,channel,tier,assignee").json["groups"].array
            #expect(fine.reduce(0) { $0 + ($1["opened"].number ?? 0) } == 11)
            #expect(fine.first { $0["key"] == ["workflow": "desk", "queue": "vip_desk", "channel": "email", "tier": "vip", "assignee": "(none)"] }?["opened"] == 1)
            #expect(fine.first { $0["key"] == ["workflow": "desk", "queue": "desk", "channel": "chat", "tier": "standard", "assignee": "(none)"] }?["reopen"]["reopened"] == 1)

            // The CLI, on the same database file, says the same.
            let cli = try Self.caseflow(["report", "--database", server.directory.path("cases.sqlite"), "--from", "2026-09-28T00:00:00+08:00",
                                         "--to", "2026-10-12T00:00:00+08:00", "--by", "queue,tier", "--format", "json", "--workflows", server.workflows])
            #expect(cli.status == 0, "\(cli.error)")
            #expect(JSON.parse(Array(cli.output.utf8)) == r)
        }
    }

    @Test func daysAreCountedInTheReportsZone() async throws {
        let server = try await makeServer()
        try await server.run { api in
            try await history(server, api)
            func opened(_ zone: String) async throws -> [String: JSON] {
                let reply = try await api.get("/v1/reports/kpi?\(Self.range)&by=workflow,day&zone=\(zone)")
                #expect(reply.status == .ok, "\(reply)")
                var out: [String: JSON] = [:]
                for g in reply.json["groups"].array where g["key"]["workflow"] == "desk" {
                    out[g["key"]["day"].string ?? "?"] = g["opened"]
                }
                return out
            }
            // F at 23:59 and E at 00:00 Shanghai time: two days there, one UTC day (15:59 and 16:00 UTC).
            let shanghai = try await opened("Asia/Shanghai")
            #expect(shanghai["2026-10-09"] == 1 && shanghai["2026-10-10"] == 1)
            let utc = try await opened("UTC")
            #expect(utc["2026-10-09"] == 2 && utc["2026-10-10"] == 0)
            // The backlog at the end of each day: B and G after the 28th; C, E, F and G after the 11th.
            let reply = try await api.get("/v1/reports/kpi?\(Self.range)&by=workflow,day")
            let days = reply.json["groups"].array.filter { $0["key"]["workflow"] == "desk" }
            #expect(days.first { $0["key"]["day"] == "2026-09-28" }?["backlog"] == 2)
            #expect(days.first { $0["key"]["day"] == "2026-10-11" }?["backlog"] == 4)
            #expect(days.first { $0["key"]["day"] == "2026-10-11" }?["aging"] == ["lt_1d": 0, "d1_3": 2, "d3_7": 0, "d7_30": 1, "gt_30d": 1])
        }
    }

    @Test func thePageAndTheOtherFormatsShowTheSameReport() async throws {
        let server = try await makeServer()
        try await server.run { api in
            try await history(server, api)
            let page = try await api.get("/v1/reports/kpi.html?\(Self.range)&by=tier,day")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let html = page.text
            #expect(html.hasPrefix("<!doctype html>"))
            #expect(html.contains("<svg") && html.contains("First-contact resolution"))
            // Self-contained: nothing is fetched (the only URL is the SVG namespace).
            let urls = html.components(separatedBy: "http").count - 1
            #expect(urls == html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1)
            #expect(!html.contains("<script") && !html.contains("src="))

            let args = ["report", "--database", server.directory.path("cases.sqlite"), "--from", "2026-09-28", "--to", "2026-10-12", "--workflows", server.workflows]
            let text = try Self.caseflow(args)
            #expect(text.status == 0, "\(text.error)")
            #expect(text.output.contains("Service quality 2026-09-28 – 2026-10-12 (Asia/Shanghai)"))
            #expect(text.output.contains("FCR              75.0% (3 of 4 resolved on first contact)"))
            #expect(text.output.contains("NPS              0.0 (4 answers: 1 promoters, 1 detractors)"))
            // The README's example is this report's beginning.
            let readme = try String(contentsOf: repoRoot.appendingPathComponent("README.md"), encoding: .utf8)
            let command = "$ caseflow report --database caseflow.sqlite --from 2026-09-28 --to 2026-10-12\n"
            let example = try #require(readme.components(separatedBy: command).dropFirst().first?.components(separatedBy: "```").first)
            #expect(text.output == example, "the README shows:\n\(example)\nthe report is:\n\(text.output)")
            let csv = try Self.caseflow(args + ["--format", "csv", "--by", "tier"])
            let rows = csv.output.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            #expect(rows.count == 5)                              // header, total, (none), standard, vip
            let header = rows.first ?? []
            let fcr = try #require(header.firstIndex(of: "fcr_rate")), tier = try #require(header.firstIndex(of: "tier"))
            #expect(rows.first { $0[tier] == "vip" }?[fcr] == "1")
            #expect(rows.first { $0[tier] == "standard" }?[fcr] == "0.5000")
        }
    }

    @Test func mistakesInTheQueryAreNamed() async throws {
        let server = try await makeServer()
        try await server.run { api in
            for (query, field) in [("by=colour", "by"), ("by=day,month", "by"), ("from=yesterday", "from"), ("zone=Mars/Base", "zone"),
                                   ("from=2026-10-02&to=2026-10-01", "to"), ("from=2020-01-01&to=2026-01-01&by=day", "by")] {
                let reply = try await api.get("/v1/reports/kpi?\(query)")
                #expect(reply.status == .badRequest, "\(query): \(reply)")
                #expect(reply.json["error"]["field"] == .string(field), "\(query): \(reply)")
            }
            let cli = try Self.caseflow(["report", "--database", server.directory.path("nothing-here.sqlite")])
            #expect(cli.status == 2 && cli.error.contains("no database at"))
            #expect(!FileManager.default.fileExists(atPath: server.directory.path("nothing-here.sqlite")))
        }
    }

    /// Runs the built `caseflow` binary.
    static func caseflow(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = repoRoot.appendingPathComponent(".build/debug/caseflow")
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile(), error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self))
    }
}
