import CaseflowServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Health, the workflow list, metrics, and reloading the definitions.
@Suite struct OperationsTests {
    @Test func health() async throws {
        let server = try await Server()
        try await server.run { api in
            let reply = try await api.get("/healthz")
            #expect(reply.status == .ok)
            #expect(reply.json == ["status": "ok", "database": "ok"])
        }
    }

    /// A database that stops answering: /healthz and reads say 503 with Retry-After (not 500),
    /// and both recover by themselves when it is back.
    @Test func aDatabaseThatDoesNotAnswerIs503UntilItIsBack() async throws {
        let server = try await Server()
        let store = FailingCounts(server.store)
        try await server.run(routesStore: store) { api in
            let state = try await api.createCase("return", id: "R-1", data: storeReturn).json["state"]
            store.down.withLock { $0 = true }
            let health = try await api.get("/healthz")
            #expect(health.status == .serviceUnavailable)
            #expect(health.headers[.retryAfter] == "1")
            #expect(health.json["status"] == "unavailable")
            #expect(health.text.contains("connection refused"))
            let read = try await api.get("/v1/cases/R-1")
            #expect(read.status == .serviceUnavailable)
            #expect(read.json["error"]["code"] == "unavailable")
            #expect(read.headers[.retryAfter] == "1")
            store.down.withLock { $0 = false }
            #expect(try await api.get("/healthz").status == .ok)
            #expect(try await api.get("/v1/cases/R-1").json["state"] == state)
        }
    }

    @Test func workflowsWithTheirVersions() async throws {
        let server = try await Server()
        try await server.run { api in
            let reply = try await api.get("/v1/workflows")
            #expect(reply.status == .ok)
            #expect(reply.json == [
                ["id": "complaint", "versions": [6], "title": "投诉处理 Complaint handling", "timezone": "Asia/Shanghai"],
                ["id": "repair", "versions": [7], "title": "维修 Repair", "timezone": "Asia/Shanghai"],
                ["id": "return", "versions": [5], "title": "退货退款 Return and refund", "timezone": "Asia/Shanghai"],
                ["id": "revisit", "versions": [4], "title": "回访 Follow-up after a closed case", "timezone": "Asia/Shanghai"],
            ])
        }
    }

    /// The value of one sample line (`name{labels} value`) of the Prometheus text, if present.
    func sample(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test func metricsInTextFormat() async throws {
        let server = try await Server(at: sevenDayReturnStart)
        try await server.run { api in
            let empty = try await api.get("/metrics")
            #expect(empty.status == .ok)
            #expect(empty.headers[.contentType] == "text/plain; version=0.0.4")
            #expect(!empty.text.contains("caseflow_open_tasks{"))

            _ = try await api.createCase("return", id: "R-1", data: sevenDayReturn)
            _ = try await api.createCase("return", id: "R-2", data: sevenDayReturn)
            let reply = try await api.get("/metrics")
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType] == "text/plain; version=0.0.4")
            let text = reply.text
            #expect(text.contains("# TYPE caseflow_open_tasks gauge"))
            #expect(sample(text, "caseflow_open_tasks{queue=\"logistics\"}") == 2)
            #expect(text.contains("# TYPE caseflow_timers_due gauge"))
            #expect(sample(text, "caseflow_timers_due") != nil)
            // Every line is a comment or a sample with a number.
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let value = line.split(separator: " ").last.map(String.init) ?? ""
                #expect(Double(value) != nil, "not a sample line: \(line)")
            }

            // Counts follow the tasks.
            _ = try await api.event("R-1", "goods_received", data: ["received_at": "2026-03-11T09:30:00+08:00"])
            let after = try await api.get("/metrics").text
            #expect(sample(after, "caseflow_open_tasks{queue=\"warehouse\"}") == 1)
            #expect(sample(after, "caseflow_open_tasks{queue=\"logistics\"}") == 1)

            // The last logistics task closes: the queue's gauge must not keep its old count.
            _ = try await api.event("R-2", "goods_received", data: ["received_at": "2026-03-11T09:30:00+08:00"])
            let drained = try await api.get("/metrics").text
            #expect(sample(drained, "caseflow_open_tasks{queue=\"warehouse\"}") == 2)
            let logistics = sample(drained, "caseflow_open_tasks{queue=\"logistics\"}")
            #expect(logistics == nil || logistics == 0, "stale gauge: \(String(describing: logistics))")
        }
    }

    /// A scrape whose reads of the counts fail changes no gauge: it neither zeroes every queue
    /// (nor the due timers) nor gives up on learning the queues that have none open.
    @Test func aFailedReadOfCountsLeavesTheGauges() async throws {
        let server = try await Server(at: sevenDayReturnStart)
        let store = FailingCounts(server.store)
        try await server.run(routesStore: store) { api in
            _ = try await api.createCase("return", id: "R-1", data: sevenDayReturn)
            _ = try await api.createCase("return", id: "R-2", data: sevenDayReturn)
            // The first scrape fails; the queues are learned on the next one, closed ones too.
            store.failing.withLock { $0 = true }
            #expect(try await api.get("/metrics").status == .ok)
            store.failing.withLock { $0 = false }
            _ = try await api.event("R-1", "goods_received", data: ["received_at": "2026-03-11T09:30:00+08:00"])
            _ = try await api.event("R-2", "goods_received", data: ["received_at": "2026-03-11T09:30:00+08:00"])
            // A store purchase waits for review with a timer; far ahead, without firing
            // anything, the timer is due.
            _ = try await api.createCase("return", id: "R-3", data: storeReturn)
            server.clock.set(time("2027-03-09T00:00:00+08:00"))
            let learned = try await api.get("/metrics").text
            #expect(sample(learned, "caseflow_open_tasks{queue=\"warehouse\"}") == 2)
            #expect(sample(learned, "caseflow_open_tasks{queue=\"logistics\"}") == 0)
            let due = try #require(sample(learned, "caseflow_timers_due"))
            #expect(due > 0)
            // A later failure leaves the counts as they were.
            store.failing.withLock { $0 = true }
            let failed = try await api.get("/metrics").text
            #expect(sample(failed, "caseflow_open_tasks{queue=\"warehouse\"}") == 2)
            #expect(sample(failed, "caseflow_timers_due") == due)
        }
    }

    /// `caseflow_timers_due` counts the timers due by the service's clock.
    @Test func timersDueFollowsTheServiceClock() async throws {
        let server = try await Server(at: "2030-03-04T10:00:00+08:00")
        try await server.run { api in
            _ = try await api.createCase("return", id: "R-1", data: storeReturn)
            #expect(sample(try await api.get("/metrics").text, "caseflow_timers_due") == 0)
            server.clock.set(time("2030-03-07T10:00:00+08:00"))
            #expect(sample(try await api.get("/metrics").text, "caseflow_timers_due") == 1)
            await server.service.tick()
            #expect(sample(try await api.get("/metrics").text, "caseflow_timers_due") == 0)
        }
    }

    @Test func reloadWithValidFiles() async throws {
        let server = try await Server(at: storeReturnStart)
        try await server.run { api in
            _ = try await api.createCase("return", id: "R-1", data: storeReturn)
            let reply = try await api.post("/v1/admin/reload")
            #expect(reply.status == .ok)
            #expect(reply.json.keys == ["reloaded"])
            #expect(Set(reply.json["reloaded"].array.compactMap(\.string)) == ["complaint v6", "repair v7", "return v5", "revisit v4"])
            #expect(reply.json["reloaded"].array.count == 4)
            // Same versions; running cases carry on.
            #expect(try await api.get("/v1/workflows").json.array.map { $0["versions"] } == [[6], [7], [5], [4]])
            #expect(try await api.complete("R-1", task: "review_request", "approve").json["state"] == "approved")
        }
    }

    @Test func reloadWithABrokenWorkflowKeepsTheOldDefinitions() async throws {
        let server = try await Server(at: storeReturnStart, copyDefinitions: true)
        try await server.run { api in
            _ = try await api.createCase("return", id: "R-1", data: storeReturn)
            let before = try await api.get("/v1/workflows").json

            // A timer that goes to a state that does not exist (and a version bump, so that is the only problem).
            try server.edit("workflows/return.yaml", [("version: 5", "version: 6"), ("      - delay: 48h\n        target: escalated", "      - delay: 48h\n        target: escalatd")])
            let refused = try await api.post("/v1/admin/reload")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.error["code"] == "invalid_definitions")
            let message = refused.error["message"].string ?? ""
            #expect(message.contains("the definitions do not validate"))
            #expect(message.contains("return.yaml"))
            #expect(message.contains("escalatd"))

            // The old definitions keep working: the list, new cases, running cases and their timers.
            #expect(try await api.get("/v1/workflows").json == before)
            let created = try await api.createCase("return", id: "R-2", data: storeReturn).json
            #expect(created["version"] == 5)
            #expect(created["state"] == "manual_review")
            #expect(await server.tick(at: "2026-03-06T10:00:00+08:00") == 2)
            #expect(try await api.caseJSON("R-1")["state"] == "escalated")
            #expect(try await api.caseJSON("R-2")["state"] == "escalated")
            #expect(try await api.complete("R-1", task: "supervisor_review", "approve").json["state"] == "approved")
        }
    }

    @Test func reloadWithABrokenRuleFileKeepsTheOldDefinitions() async throws {
        let server = try await Server(at: sevenDayReturnStart, copyDefinitions: true)
        try await server.run { api in
            // A YAML syntax error in a rule set.
            try server.edit("rules/cn/returns.yaml", [("  refund_days: 7", "  refund_days: [7")])
            let syntax = try await api.post("/v1/admin/reload")
            #expect(syntax.status == .unprocessableContent)
            #expect(syntax.error["code"] == "invalid_definitions")
            #expect(syntax.error["message"].string?.contains("returns.yaml") == true)

            // A rule reading a field it does not declare.
            try server.edit("rules/cn/returns.yaml", [("  refund_days: [7", "  refund_days: 7"),
                                                      ("when: request.condition == \"intact\"", "when: request.state == \"intact\"")])
            let unknown = try await api.post("/v1/admin/reload")
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.error["code"] == "invalid_definitions")
            #expect(unknown.error["message"].string?.contains("request.state") == true)

            // The seven-day rule still decides as before.
            let created = try await api.createCase("return", id: "R-1", data: sevenDayReturn).json
            #expect(created["state"] == "approved")

            // Put right, the files load again.
            try server.edit("rules/cn/returns.yaml", [("when: request.state == \"intact\"", "when: request.condition == \"intact\"")])
            #expect(try await api.post("/v1/admin/reload").status == .ok)
        }
    }
}
