@testable import CaseflowServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The desk through the HTTP API: agents claim tasks and complete what they hold, supervisors
/// assign and take back, a task's candidates decide who may take it, and worklists filter and
/// sort with cursor paging.
@Suite struct DeskTests {
    /// Named tokens: two returns agents, a finance agent, a team lead and an admin.
    static let people: [(name: String, role: Role, groups: Set<String>)] = [
        ("li", .agent, ["returns_desk"]), ("wang", .agent, ["returns_desk"]), ("zhao", .agent, ["finance"]),
        ("lead", .supervisor, []), ("ops", .admin, []),
    ]
    static func token(_ name: String) -> String { "tok-\(name)-5c1e" }
    static func auth(_ name: String) -> Auth { .header("Bearer \(token(name))") }
    static var access: AccessControl {
        AccessControl(tokens: TokenFile(entries: people.map {
            TokenFile.Entry(name: $0.name, role: $0.role, hash: TokenFile.hash(token($0.name)), groups: $0.groups)
        }))
    }

    func reviewTask(_ api: API, _ caseID: String) async throws -> String {
        let reply = try await api.post("/v1/cases", json: ["workflow": "return", "id": .string(caseID), "data": storeReturn], auth: Self.auth("ops"))
        #expect(reply.status == .created, "\(reply)")
        return try #require(reply.json["tasks"].array.first { $0["name"] == "review_request" }?["id"].string)
    }

    @Test func twoAgentsClaimingAtOnceExactlyOneWins() async throws {
        let server = try await Server(at: storeReturnStart, access: Self.access)
        try await server.run { api in
            for round in 1...5 {
                let task = try await reviewTask(api, "R-\(round)")
                async let first = api.post("/v1/tasks/\(task)/claim", auth: Self.auth("li"))
                async let second = api.post("/v1/tasks/\(task)/claim", auth: Self.auth("wang"))
                let replies = try await [("li", first), ("wang", second)]
                let winners = replies.filter { $0.1.status == .ok }
                try #require(winners.count == 1, "\(replies.map { "\($0.0): \($0.1)" })")
                let (winner, loser) = (winners[0].0, replies.first { $0.1.status != .ok }!)
                #expect(loser.1.status == .conflict)
                #expect(loser.1.error["code"] == "task_held")
                #expect(loser.1.error["message"].string?.contains("held by '\(winner)'") == true, "\(loser.1)")
                let listed = try await api.get("/v1/tasks?assignee=\(winner)&status=open", auth: Self.auth("lead")).json.array.map { $0["id"] }
                #expect(listed.contains(.string(task)))
                let history = try await api.get("/v1/cases/R-\(round)/history", auth: Self.auth("lead")).json.array
                #expect(history.map { $0["event"] }.filter { $0 == "task_claimed" }.count == 1)
            }
        }
    }

    @Test func aClaimedTaskIsCompletedByItsHolderOrAnAdmin() async throws {
        let server = try await Server(at: storeReturnStart, access: Self.access)
        try await server.run { api in
            let task = try await reviewTask(api, "R-1")
            #expect(try await api.post("/v1/tasks/\(task)/claim", auth: Self.auth("li")).status == .ok)
            // Claiming again is no change and no error; the other agent is told who holds it.
            #expect(try await api.post("/v1/tasks/\(task)/claim", auth: Self.auth("li")).status == .ok)
            let refused = try await api.post("/v1/tasks/\(task)/complete", json: ["outcome": "approve"], auth: Self.auth("wang"))
            #expect(refused.status == .conflict)
            #expect(refused.error["code"] == "task_held")
            #expect(refused.error["message"].string?.contains("held by 'li'") == true)
            #expect(try await api.get("/v1/cases/R-1", auth: Self.auth("li")).json["state"] == "manual_review")
            let done = try await api.post("/v1/tasks/\(task)/complete", json: ["outcome": "approve"], auth: Self.auth("li"))
            #expect(done.status == .ok, "\(done)")
            #expect(done.json["state"] == "approved")

            // An admin may complete a task someone else holds.
            let other = try await reviewTask(api, "R-2")
            #expect(try await api.post("/v1/tasks/\(other)/claim", auth: Self.auth("wang")).status == .ok)
            #expect(try await api.post("/v1/tasks/\(other)/complete", json: ["outcome": "deny"], auth: Self.auth("ops")).status == .ok)
        }
    }

    @Test func aSupervisorAssignsAndTakesBack() async throws {
        let server = try await Server(at: storeReturnStart, access: Self.access)
        try await server.run { api in
            let task = try await reviewTask(api, "R-1")
            let assigned = try await api.post("/v1/tasks/\(task)/assign", json: ["to": "wang"], auth: Self.auth("lead"))
            #expect(assigned.status == .ok, "\(assigned)")
            #expect(assigned.json["tasks"].array.first { $0["id"] == .string(task) }?["assignee"] == "wang")
            // An agent may not assign, nor release what another holds.
            #expect(try await api.post("/v1/tasks/\(task)/assign", json: ["to": "li"], auth: Self.auth("li")).status == .forbidden)
            let release = try await api.post("/v1/tasks/\(task)/unclaim", auth: Self.auth("li"))
            #expect(release.status == .conflict)
            #expect(release.error["message"].string?.contains("held by 'wang'") == true)
            // The lead takes it back; it is in the queue again, and li may claim it.
            #expect(try await api.post("/v1/tasks/\(task)/unclaim", auth: Self.auth("lead")).status == .ok)
            let row = try #require(try await api.get("/v1/tasks?queue=returns_desk&status=open", auth: Self.auth("li")).json.array.first)
            #expect(row.object["assignee"] == nil)
            #expect(try await api.post("/v1/tasks/\(task)/claim", auth: Self.auth("li")).status == .ok)
            let events = try await api.get("/v1/cases/R-1/history", auth: Self.auth("lead")).json.array.map { $0["event"] }
            #expect(events.suffix(3) == ["task_assigned", "task_unclaimed", "task_claimed"])
            let missing = try await api.post("/v1/tasks/\(task)/assign", json: [:], auth: Self.auth("lead"))
            #expect(missing.status == .badRequest)
            #expect(missing.error["field"] == "to")
        }
    }

    @Test func onlyCandidatesTakeARefundAndItCarriesWhatFinanceNeeds() async throws {
        let server = try await Server(at: sevenDayReturnStart, access: Self.access)
        try await server.run { api in
            let data = with(sevenDayReturn, ["refund.amount": 399.5])
            let created = try await api.post("/v1/cases", json: ["workflow": "return", "id": "R-7", "data": data], auth: Self.auth("ops"))
            #expect(created.status == .created, "\(created)")
            #expect(try await api.post("/v1/cases/R-7/events", json: ["type": "goods_received", "data": ["received_at": "2026-03-10T10:00:00+08:00"]],
                                       auth: Self.auth("ops")).status == .ok)
            let inspect = try #require(try await api.get("/v1/cases/R-7", auth: Self.auth("ops")).json["tasks"].array.first?["id"].string)
            #expect(try await api.post("/v1/tasks/\(inspect)/complete", json: ["outcome": "pass"], auth: Self.auth("ops")).status == .ok)
            let refund = try #require(try await api.get("/v1/tasks?queue=finance&status=open", auth: Self.auth("zhao")).json.array.first)
            #expect(refund["name"] == "issue_refund")
            #expect(refund["data"]["order.id"] == "SO-1")
            #expect(refund["data"]["refund.amount"] == 399.5)
            #expect(refund["candidates"] == ["finance", "supervisor"])
            let id = try #require(refund["id"].string)
            let refused = try await api.post("/v1/tasks/\(id)/claim", auth: Self.auth("li"))
            #expect(refused.status == .forbidden)
            #expect(refused.error["message"].string?.contains("may be claimed by finance, supervisor only") == true, "\(refused)")
            #expect(try await api.post("/v1/tasks/\(id)/claim", auth: Self.auth("zhao")).status == .ok)
        }
    }

    /// Three complaints: critical (P1, due in 24 business hours), VIP (P2, 4 business hours: 15:00),
    /// ordinary (P3, 24 business hours), all received Monday 2 March 10:00.
    @Test func worklistsFilterSortAndPage() async throws {
        let server = try await Server(at: "2026-03-02T10:00:00+08:00", access: Self.access)
        try await server.run { api in
            let base: JSON = ["customer.id": "C-1", "complaint.category": "billing", "complaint.received_at": "2026-03-02T10:00:00+08:00"]
            for (id, changes) in [("P-critical", ["complaint.severity": JSON.string("critical")]), ("P-vip", ["customer.tier": "vip"]), ("P-plain", [:])] {
                let reply = try await api.post("/v1/cases", json: ["workflow": "complaint", "id": .string(id), "data": with(base, changes)], auth: Self.auth("ops"))
                #expect(reply.status == .created, "\(reply)")
            }
            func pages(_ query: String) async throws -> [String] {
                var ids: [String] = [], cursor: String? = nil
                repeat {
                    let reply = try await api.get("/v1/tasks?queue=complaints_desk&status=open&limit=1&\(query)" + (cursor.map { "&cursor=\($0)" } ?? ""), auth: Self.auth("lead"))
                    #expect(reply.status == .ok, "\(reply)")
                    ids += reply.json.array.compactMap { $0["caseID"].string }
                    cursor = reply.headers[Cursor.header]
                } while cursor != nil && ids.count < 10
                return ids
            }
            #expect(try await pages("sort=priority") == ["P-critical", "P-vip", "P-plain"])
            #expect(try await pages("sort=due") == ["P-vip", "P-critical", "P-plain"])
            #expect(try await pages("sort=opened") == ["P-critical", "P-vip", "P-plain"])

            // At 16:00 the VIP's first response (4 business hours: 10–12 and 13–15) is overdue.
            server.clock.set(time("2026-03-02T16:00:00+08:00"))
            let overdue = try await api.get("/v1/tasks?status=open&due_before=2026-03-02T16:00:00%2B08:00", auth: Self.auth("lead")).json.array
            #expect(overdue.map { $0["caseID"] } == ["P-vip"])
            #expect(overdue.first?["overdue"] == true)
            #expect(overdue.first?["priority"] == 2)
            #expect(overdue.first?["title"].string?.isEmpty == false)
            let all = try await api.get("/v1/tasks?status=open&sort=due", auth: Self.auth("lead")).json.array
            #expect(all.map { $0["overdue"] } == [true, false, false])

            for (query, field) in [("sort=soon", "sort"), ("due_before=tomorrow", "due_before"), ("assignee=li&color=red", "color")] {
                let bad = try await api.get("/v1/tasks?\(query)", auth: Self.auth("lead"))
                #expect(bad.status == .badRequest, "\(query): \(bad)")
                #expect(bad.error["field"] == .string(field), "\(query): \(bad)")
            }
        }
    }
}
