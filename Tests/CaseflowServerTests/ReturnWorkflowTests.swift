import CaseflowServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The return workflow through the API, from the request to the refund.
@Suite struct ReturnWorkflowTests {
    @Test func sevenDayReturnEndToEnd() async throws {
        let server = try await Server(at: sevenDayReturnStart)
        try await server.run { api in
            // Create: the seven-day rule approves at once; pickup is scheduled.
            let created = try await api.post("/v1/cases", json: ["workflow": "return", "id": "R-1", "data": sevenDayReturn])
            #expect(created.status == .created)
            #expect(created.headers[.contentType] == "application/json; charset=utf-8")
            let c = created.json
            #expect(c["id"] == "R-1")
            #expect(c["workflow"] == "return")
            #expect(c["version"] == 5)
            #expect(c["state"] == "approved")
            #expect(c["closed"] == false)
            #expect(c["parent"] == .missing)
            #expect(c["createdAt"] == "2026-03-09T15:59:00Z")
            #expect(c["updatedAt"] == "2026-03-09T15:59:00Z")
            // The data as stored: flat field names, defaults filled in, times in UTC, and the
            // decision time set by the transition.
            #expect(c["data"] == [
                "customer.id": "C-1", "customer.tier": "standard", "order.id": "SO-1", "order.channel": "online",
                "order.delivered_at": "2026-03-02T02:00:00Z", "order.exclusion_confirmed": false,
                "product.category": "phone", "request.kind": "return", "request.condition": "intact",
                "request.submitted_at": "2026-03-09T15:59:00Z", "request.handled_at": "2026-03-09T15:59:00Z",
            ])
            #expect(taskNames(c) == ["schedule_pickup"])
            let pickup = c["tasks"][0]
            #expect(pickup["queue"] == "logistics")
            #expect(pickup["outcomes"] == [])
            #expect(pickup["state"] == "approved")
            #expect(pickup["due"] == "2026-03-10T15:59:00Z")  // 24h, no calendar
            #expect(c["timers"] == [])
            let pickupID = try #require(pickup["id"].string)

            // GET answers the same case.
            let fetched = try await api.get("/v1/cases/R-1")
            #expect(fetched.status == .ok)
            #expect(fetched.json == c)

            // The goods arrive: inspection in the warehouse.
            server.clock.set(time("2026-03-11T10:00:00+08:00"))
            let received = try await api.post("/v1/cases/R-1/events",
                                              json: ["type": "goods_received", "data": ["received_at": "2026-03-11T09:30:00+08:00"]])
            #expect(received.status == .ok)
            let r = received.json
            #expect(r["event"] == "goods_received")
            #expect(r["at"] == "2026-03-11T02:00:00Z")
            #expect(r["from"] == "approved")
            #expect(r["state"] == "inspecting")
            #expect(r["closed"] == false)
            #expect(r["cancelled"] == [.string(pickupID)])
            #expect(r["completed"] == .missing)
            #expect(taskNames(r) == ["inspect_goods"])
            #expect(r["opened"] == [r["tasks"][0]["id"]])

            // The warehouse's open tasks: just this one.
            let open = try await api.get("/v1/tasks?queue=warehouse&status=open")
            #expect(open.status == .ok)
            #expect(open.json.array.count == 1)
            let inspect = open.json[0]
            #expect(inspect["caseID"] == "R-1")
            #expect(inspect["name"] == "inspect_goods")
            #expect(inspect["queue"] == "warehouse")
            #expect(inspect["status"] == "open")
            #expect(inspect["outcomes"] == ["pass", "fail"])
            #expect(inspect["outcome"] == .missing)
            #expect(inspect["id"] == r["tasks"][0]["id"])
            let inspectID = try #require(inspect["id"].string)

            // The pickup task was cancelled when the case left 'approved'.
            let logistics = try await api.get("/v1/tasks?queue=logistics")
            #expect(logistics.json.array.map { $0["status"] } == ["cancelled"])
            #expect(logistics.json[0]["id"] == .string(pickupID))

            // Inspection passes: refund.
            server.clock.set(time("2026-03-11T15:00:00+08:00"))
            let passed = try await api.post("/v1/tasks/\(inspectID)/complete", json: ["outcome": "pass"])
            #expect(passed.status == .ok)
            #expect(passed.json["event"] == "pass")
            #expect(passed.json["from"] == "inspecting")
            #expect(passed.json["state"] == "refunding")
            #expect(passed.json["completed"] == .string(inspectID))
            #expect(taskNames(passed.json) == ["issue_refund"])
            #expect(try await api.get("/v1/tasks?queue=warehouse&status=open").json == [])
            let done = try await api.get("/v1/tasks?queue=warehouse&status=completed").json
            #expect(done.array.count == 1)
            #expect(done[0]["outcome"] == "pass")

            let refundTasks = try await api.get("/v1/tasks?queue=finance&status=open").json
            #expect(refundTasks.array.map { $0["name"] } == ["issue_refund"])
            let refundID = try #require(refundTasks[0]["id"].string)

            // Refunded: the case closes.
            server.clock.set(time("2026-03-13T09:00:00+08:00"))
            let refunded = try await api.post("/v1/tasks/\(refundID)/complete", json: ["outcome": "refunded"])
            #expect(refunded.status == .ok)
            #expect(refunded.json["state"] == "refunded")
            #expect(refunded.json["closed"] == true)
            #expect(refunded.json["tasks"] == [])
            #expect(refunded.json["timers"] == [])

            let final = try await api.get("/v1/cases/R-1")
            #expect(final.status == .ok)
            #expect(final.json["state"] == "refunded")
            #expect(final.json["closed"] == true)
            #expect(final.json["version"] == 5)
            #expect(final.json["tasks"] == [])
            #expect(final.json["data"]["returned_goods.received_at"] == "2026-03-11T01:30:00Z")
            #expect(final.json["data"]["refund.refunded_at"] == "2026-03-13T01:00:00Z")
            #expect(final.json["updatedAt"] == "2026-03-13T01:00:00Z")
            #expect(final.json["step"] == refunded.json["step"])

            // The history: four steps, each with its reasons.
            let history = try await api.get("/v1/cases/R-1/history")
            #expect(history.status == .ok)
            let steps = history.json.array
            #expect(steps.map { $0["event"] } == ["start", "goods_received", "pass", "refunded"])
            #expect(steps.map { $0["from"] } == [.missing, "approved", "inspecting", "refunding"])
            #expect(steps.map { $0["to"] } == ["approved", "inspecting", "refunding", "refunded"])
            #expect(steps.map { $0["at"] } == ["2026-03-09T15:59:00Z", "2026-03-11T02:00:00Z", "2026-03-11T07:00:00Z", "2026-03-13T01:00:00Z"])
            let numbers = steps.compactMap { $0["step"].number }
            #expect(numbers.count == 4 && zip(numbers, numbers.dropFirst()).allSatisfy { $1 == $0 + 1 }, "steps \(numbers)")
            #expect(numbers.last == final.json["step"].number)
            #expect(steps.allSatisfy { $0["eventID"] == .missing && $0["dueAt"] == .missing })

            // Why it was approved: the rules with their titles and legal basis.
            let reasons = steps[0]["reasons"].array
            let sevenDay = try #require(reasons.first { $0["purpose"] == "rule cn/returns/seven_day_return" })
            #expect(sevenDay["title"] == "七日无理由退货 Seven-day no-reason return")
            #expect(sevenDay["basis"] == "消费者权益保护法第二十五条; 暂行办法第六条至第十条")
            #expect(sevenDay["result"] == true)
            let inTime = try #require(reasons.first { $0["purpose"] == "rule cn/returns/within_seven_days" })
            #expect(inTime["title"] == "七日内提出 Notice sent within seven days of signing")
            #expect(inTime["basis"] == "暂行办法第十条 (签收次日起算, 第七日24:00届满)")
            #expect(inTime["result"] == true)
            #expect(inTime["reads"]["order.delivered_at"] == "2026-03-02T02:00:00Z")
            let guardOfApproval = try #require(reasons.first { $0["purpose"] == "always in 'requested'" })
            #expect(guardOfApproval["expression"] == "rules.seven_day_return")
            #expect(guardOfApproval["result"] == true)
            // The received time was set from the event.
            #expect(steps[1]["reasons"].array.contains { $0["purpose"] == "set returned_goods.received_at" && $0["result"] == "2026-03-11T01:30:00Z" })

            // Listing by state and workflow.
            let listed = try await api.get("/v1/cases?state=refunded&workflow=return")
            #expect(listed.status == .ok)
            #expect(listed.json.array.map { $0["id"] } == ["R-1"])
            #expect(listed.json[0] == final.json)
            #expect(try await api.get("/v1/cases?state=approved&workflow=return").json == [])
            #expect(try await api.get("/v1/cases?state=refunded&workflow=repair").json == [])
        }
    }

    @Test func listingFiltersByStateAndWorkflow() async throws {
        let server = try await Server(at: storeReturnStart)
        try await server.run { api in
            _ = try await api.createCase("return", id: "R-store", data: storeReturn)
            _ = try await api.createCase("return", id: "R-phone", data: with(sevenDayReturn, ["request.submitted_at": "2026-03-04T10:00:00+08:00"]))
            _ = try await api.createCase("return", id: "R-fresh", data: with(sevenDayReturn, ["product.category": "fresh"]))
            _ = try await api.createCase("revisit", id: "V-1", data: ["parent.id": "R-store", "customer.id": "C-40"])

            let all = try await api.get("/v1/cases").json.array
            #expect(Set(all.compactMap { $0["id"].string }) == ["R-store", "R-phone", "R-fresh", "V-1"])
            let returns = try await api.get("/v1/cases?workflow=return").json.array
            #expect(Set(returns.compactMap { $0["id"].string }) == ["R-store", "R-phone", "R-fresh"])
            #expect(try await api.get("/v1/cases?state=manual_review").json.array.map { $0["id"] } == ["R-store"])
            #expect(try await api.get("/v1/cases?workflow=return&state=approved").json.array.map { $0["id"] } == ["R-phone"])
            let denied = try await api.get("/v1/cases?workflow=return&state=denied").json.array
            #expect(denied.map { $0["id"] } == ["R-fresh"])
            #expect(denied.first?["data"]["decision.reason"] == "不适用七日无理由退货 (§6): fresh")
            #expect(denied.first?["closed"] == true)
            #expect(try await api.get("/v1/cases?workflow=revisit&state=calling").json.array.map { $0["id"] } == ["V-1"])
            #expect(try await api.get("/v1/cases?workflow=complaint").json == [])
            #expect(try await api.get("/v1/cases?limit=2").json.array.count == 2)

            // Tasks by queue, across cases.
            #expect(try await api.get("/v1/tasks?queue=returns_desk&status=open").json.array.map { $0["caseID"] } == ["R-store"])
            #expect(try await api.get("/v1/tasks?queue=logistics&status=open").json.array.map { $0["caseID"] } == ["R-phone"])
            #expect(try await api.get("/v1/tasks?queue=revisit_team").json.array.map { $0["name"] } == ["revisit_call"])
            #expect(try await api.get("/v1/tasks?status=open").json.array.count == 3)
        }
    }

    /// The desk does not answer in 48 hours: the timer escalates to a supervisor.
    @Test func reviewTimerEscalates() async throws {
        let server = try await Server(at: storeReturnStart)
        try await server.run { api in
            let created = try await api.createCase("return", id: "R-2", data: storeReturn).json
            #expect(created["state"] == "manual_review")
            #expect(taskNames(created) == ["review_request"])
            #expect(created["tasks"][0]["due"] == "2026-03-09T02:00:00Z")  // 24 business hours: Mon 10:00
            #expect(created["timers"].array.map { $0["event"] } == ["after:manual_review:0"])
            #expect(created["timers"][0]["due"] == "2026-03-06T02:00:00Z")  // 48h, plain time
            let timerID = try #require(created["timers"][0]["id"].string)

            // A second before it is due nothing happens.
            #expect(await server.tick(at: "2026-03-06T09:59:59+08:00") == 0)
            #expect(try await api.caseJSON("R-2")["state"] == "manual_review")

            // An hour late (the daemon was down): it fires once, at the tick's time, and the audit keeps its due time.
            #expect(await server.tick(at: "2026-03-06T11:00:00+08:00") == 1)
            let escalated = try await api.caseJSON("R-2")
            #expect(escalated["state"] == "escalated")
            #expect(taskNames(escalated) == ["supervisor_review"])
            #expect(escalated["tasks"][0]["queue"] == "supervisors")
            #expect(escalated["timers"] == [])
            #expect(try await api.get("/v1/tasks?queue=returns_desk").json.array.map { $0["status"] } == ["cancelled"])
            #expect(try await api.get("/v1/tasks?queue=supervisors&status=open").json.array.map { $0["caseID"] } == ["R-2"])

            let last = try #require(try await api.history("R-2").last)
            #expect(last["event"] == "after:manual_review:0")
            #expect(last["eventID"] == .string(timerID))
            #expect(last["requestKind"] == "timer")
            #expect(last["from"] == "manual_review")
            #expect(last["to"] == "escalated")
            #expect(last["at"] == "2026-03-06T03:00:00Z")
            #expect(last["dueAt"] == "2026-03-06T02:00:00Z")

            // It does not fire again.
            #expect(await server.tick(at: "2026-03-07T11:00:00+08:00") == 0)
            #expect(try await api.history("R-2").count == 2)

            // The supervisor denies.
            let denied = try await api.complete("R-2", task: "supervisor_review", "deny")
            #expect(denied.json["state"] == "denied")
            #expect(denied.json["closed"] == true)
            #expect(try await api.caseJSON("R-2")["data"]["decision.reason"] == "denied by supervisor")
        }
    }

    /// Answering the review before the timer is due cancels the timer.
    @Test func reviewAnsweredInTimeCancelsTheTimer() async throws {
        let server = try await Server(at: storeReturnStart)
        try await server.run { api in
            _ = try await api.createCase("return", id: "R-3", data: storeReturn)
            server.clock.set(time("2026-03-04T15:00:00+08:00"))
            let approved = try await api.complete("R-3", task: "review_request", "approve")
            #expect(approved.json["state"] == "approved")
            #expect(approved.json["timers"] == [])
            #expect(try await api.caseJSON("R-3")["data"]["request.handled_at"] == "2026-03-04T07:00:00Z")
            #expect(await server.tick(at: "2026-03-06T11:00:00+08:00") == 0)
            #expect(try await api.caseJSON("R-3")["state"] == "approved")
        }
    }
}
