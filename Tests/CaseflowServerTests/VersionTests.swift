import CaseflowServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Workflow versions: a reload adds a version, running cases stay on theirs; content may not
/// change under a version number.
@Suite struct VersionTests {
    /// return.yaml as version 5 with 'manual_review' renamed 'desk_review'.
    func bumpAndRename(_ server: Server) throws {
        try server.edit("workflows/return.yaml", [("version: 5", "version: 6"), ("manual_review", "desk_review")])
    }

    @Test func runningCasesKeepTheirVersionAfterABump() async throws {
        let server = try await Server(at: storeReturnStart, copyDefinitions: true)
        try await server.run { api in
            let old = try await api.createCase("return", id: "R-old", data: storeReturn).json
            #expect(old["version"] == 5)
            #expect(old["state"] == "manual_review")

            try bumpAndRename(server)
            let reload = try await api.post("/v1/admin/reload")
            #expect(reload.status == .ok, "\(reload)")
            #expect(reload.json["reloaded"].array.contains("return v6"))
            let returnFlow = try #require(try await api.get("/v1/workflows").json.array.first { $0["id"] == "return" })
            #expect(returnFlow["versions"] == [5, 6])

            // A new case starts on version 6, in the renamed state.
            let new = try await api.createCase("return", id: "R-new", data: storeReturn).json
            #expect(new["version"] == 6)
            #expect(new["state"] == "desk_review")
            #expect(taskNames(new) == ["review_request"])
            #expect(new["tasks"][0]["state"] == "desk_review")
            #expect(new["timers"].array.map { $0["event"] } == ["after:desk_review:0"])

            // The old case is untouched and still runs on version 5.
            let still = try await api.caseJSON("R-old")
            #expect(still["version"] == 5)
            #expect(still["state"] == "manual_review")
            #expect(try await api.get("/v1/cases?state=manual_review").json.array.map { $0["id"] } == ["R-old"])
            #expect(try await api.get("/v1/cases?state=desk_review").json.array.map { $0["id"] } == ["R-new"])

            let approved = try await api.complete("R-old", task: "review_request", "approve").json
            #expect(approved["from"] == "manual_review")
            #expect(approved["state"] == "approved")
            let inspecting = try await api.event("R-old", "goods_received", data: ["received_at": "2026-03-05T10:00:00+08:00"]).json
            #expect(inspecting["state"] == "inspecting")
            #expect(try await api.caseJSON("R-old")["version"] == 5)

            // The new case's timer fires on version 5.
            #expect(await server.tick(at: "2026-03-06T10:00:00+08:00") == 1)
            let escalated = try await api.caseJSON("R-new")
            #expect(escalated["state"] == "escalated")
            #expect(escalated["version"] == 6)
            #expect(try await api.history("R-new").last?["event"] == "after:desk_review:0")
            #expect(try await api.history("R-new").last?["from"] == "desk_review")
        }
    }

    /// After a restart the old version comes back from the database, though its file is gone.
    @Test func versionsSurviveARestart() async throws {
        let first = try await Server(at: storeReturnStart, copyDefinitions: true)
        try await first.run { api in
            _ = try await api.createCase("return", id: "R-old", data: storeReturn)
        }
        try bumpAndRename(first)
        let second = try await Server(restarting: first)
        try await second.run { api in
            let returnFlow = try #require(try await api.get("/v1/workflows").json.array.first { $0["id"] == "return" })
            #expect(returnFlow["versions"] == [5, 6])
            #expect(try await api.createCase("return", id: "R-new", data: storeReturn).json["state"] == "desk_review")
            let old = try await api.caseJSON("R-old")
            #expect(old["version"] == 5)
            #expect(old["state"] == "manual_review")
            #expect(await second.tick(at: "2026-03-06T10:00:00+08:00") == 2)
            #expect(try await api.caseJSON("R-old")["state"] == "escalated")
            #expect(try await api.history("R-old").last?["event"] == "after:manual_review:0")
            #expect(try await api.caseJSON("R-new")["state"] == "escalated")
        }
    }

    @Test func changedWorkflowWithoutABumpIsRefused() async throws {
        let server = try await Server(at: storeReturnStart, copyDefinitions: true)
        try await server.run { api in
            _ = try await api.createCase("return", id: "R-1", data: storeReturn)
            try server.edit("workflows/return.yaml", [("        due: \"customer.tier == 'vip' ? duration('4h') : duration('24h')\"",
                                                       "        due: \"customer.tier == 'vip' ? duration('2h') : duration('8h')\"")])
            let refused = try await api.post("/v1/admin/reload")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.error["code"] == "invalid_definitions")
            #expect(refused.error["message"].string?.contains("workflow 'return' version 5 changed without a version bump") == true)

            // The old content still applies: a new case's review is due in 24 business hours.
            let created = try await api.createCase("return", id: "R-2", data: storeReturn).json
            #expect(created["version"] == 5)
            #expect(created["tasks"][0]["due"] == "2026-03-09T02:00:00Z")
            #expect(try await api.get("/v1/workflows").json.array.first { $0["id"] == "return" }?["versions"] == [5])
            #expect(try await api.complete("R-1", task: "review_request", "deny").json["state"] == "denied")
        }
        // The daemon will not start on such files either.
        await #expect(throws: ServiceError.self) { try await Server(restarting: server) }
    }

    @Test func changedRuleWithoutABumpIsRefused() async throws {
        let server = try await Server(at: sevenDayReturnStart, copyDefinitions: true)
        try await server.run { api in
            try server.edit("rules/cn/returns.yaml", [("when: request.condition == \"intact\"", "when: request.condition != \"damaged\"")])
            let refused = try await api.post("/v1/admin/reload")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.error["message"].string?.contains("workflow 'return' version 5 changed without a version bump") == true)
            let used = try await api.createCase("return", id: "R-1", data: with(sevenDayReturn, ["request.condition": "used"])).json
            #expect(used["state"] == "manual_review")
        }
    }

    /// A rule set's values are content the cases of a version depend on, like its conditions.
    @Test func changedRuleValuesWithoutABumpAreRefused() async throws {
        let server = try await Server(at: sevenDayReturnStart, copyDefinitions: true)
        try await server.run { api in
            try server.edit("rules/cn/returns.yaml", [("  excluded_if_confirmed: [cosmetics, phone, laptop]", "  excluded_if_confirmed: [cosmetics, laptop]")])
            let reply = try await api.post("/v1/admin/reload")
            #expect(reply.status == .unprocessableContent, "\(reply)")
        }
    }

    /// A business calendar is content too: it decides due times.
    @Test func changedCalendarWithoutABumpIsRefused() async throws {
        let server = try await Server(at: storeReturnStart, copyDefinitions: true)
        try await server.run { api in
            try server.edit("rules/calendars.yaml", [("      mon-fri: [\"09:00-12:00\", \"13:00-18:00\"]", "      mon-fri: [\"08:00-12:00\", \"13:00-18:00\"]")])
            let reply = try await api.post("/v1/admin/reload")
            #expect(reply.status == .unprocessableContent, "\(reply)")
        }
    }
}
