import CaseflowServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Repair, complaint and revisit through the API, with their timers fired by the injected clock.
@Suite struct OtherWorkflowTests {
    /// Repair: the 7-day chase timer, the device arrives, no fault found, back to the customer,
    /// closed — and the follow-up call starts three days later.
    @Test func repairNoFaultFound() async throws {
        let server = try await Server(at: "2026-03-02T09:00:00+08:00")
        try await server.run { api in
            let created = try await api.createCase("repair", id: "RP-1", data: [
                "customer.id": "C-9", "order.id": "SO-9", "order.invoiced_at": "2026-01-05T12:00:00+08:00", "product.category": "appliance",
            ]).json
            #expect(created["workflow"] == "repair")
            #expect(created["version"] == 7)
            #expect(created["state"] == "intake")
            #expect(created["data"]["repair.sanbao_window"] == "later")
            #expect(created["data"]["repair.count"] == 0)
            #expect(taskNames(created) == ["arrange_drop_off"])
            #expect(created["tasks"][0]["queue"] == "service_desk")
            #expect(created["timers"].array.map { $0["event"] } == ["after:intake:0"])
            #expect(created["timers"][0]["due"] == "2026-03-09T01:00:00Z")

            // Seven days without the device: the desk is asked to call; the case stays in intake.
            #expect(await server.tick(at: "2026-03-09T08:59:00+08:00") == 0)
            #expect(await server.tick(at: "2026-03-09T09:00:00+08:00") == 1)
            let chased = try await api.caseJSON("RP-1")
            #expect(chased["state"] == "intake")
            #expect(taskNames(chased) == ["arrange_drop_off", "chase_device"])
            #expect(try await api.get("/v1/tasks?queue=service_desk&status=open").json.array.map { $0["name"] } == ["arrange_drop_off", "chase_device"])

            // The device arrives: diagnosis; both intake tasks close.
            server.clock.set(time("2026-03-09T10:30:00+08:00"))
            let received = try await api.event("RP-1", "device_received", data: ["received_at": "2026-03-09T10:30:00+08:00"]).json
            #expect(received["state"] == "diagnosing")
            #expect(received["cancelled"].array.count == 2)
            #expect(taskNames(received) == ["diagnose"])
            #expect(received["tasks"][0]["queue"] == "technicians")
            #expect(received["tasks"][0]["outcomes"] == ["fault_confirmed", "damage_found", "no_fault_found"])
            #expect(try await api.get("/v1/tasks?queue=service_desk&status=open").json == [])
            #expect(try await api.caseJSON("RP-1")["data"]["repair.started_at"] == "2026-03-09T02:30:00Z")

            server.clock.set(time("2026-03-09T15:00:00+08:00"))
            let diagnosed = try await api.complete("RP-1", task: "diagnose", "no_fault_found").json
            #expect(diagnosed["state"] == "returning")
            #expect(taskNames(diagnosed) == ["ship_device_back"])
            let data = try await api.caseJSON("RP-1")["data"]
            #expect(data["repair.outcome"] == "no_fault_found")
            #expect(data["decision.reason"] == "检测无故障 no fault found")

            // Delivered: a revisit three days later, which reports back.
            server.clock.set(time("2026-03-11T10:00:00+08:00"))
            let closed = try await api.event("RP-1", "device_delivered", data: ["delivered_at": "2026-03-11T10:00:00+08:00"]).json
            #expect(closed["state"] == "following_up")
            #expect(closed["closed"] == false)
            #expect(closed["children"].array.map { $0["workflow"] } == ["revisit"])
            #expect(closed["children"][0]["startAt"] == "2026-03-14T02:00:00Z")
            #expect(try await api.get("/v1/cases?workflow=revisit").json == [])

            #expect(await server.tick(at: "2026-03-14T09:59:00+08:00") == 0)
            #expect(await server.tick(at: "2026-03-14T10:00:00+08:00") == 1)
            let revisits = try await api.get("/v1/cases?workflow=revisit").json.array
            #expect(revisits.count == 1)
            #expect(revisits.first?["parent"] == "RP-1")
            #expect(revisits.first?["state"] == "calling")
            #expect(revisits.first?["data"]["parent.id"] == "RP-1")
            #expect(revisits.first?["data"]["parent.workflow"] == "repair")
            #expect(revisits.first?["data"]["customer.id"] == "C-9")
            #expect(revisits.first?["createdAt"] == "2026-03-14T02:00:00Z")
            // Started once.
            #expect(await server.tick(at: "2026-03-15T10:00:00+08:00") == 0)
            #expect(try await api.get("/v1/cases?workflow=revisit").json.array.count == 1)
        }
    }

    /// Repair paid path: damage found, quoted, the customer accepts.
    @Test func repairPaidQuote() async throws {
        let server = try await Server(at: "2026-03-02T09:00:00+08:00")
        try await server.run { api in
            _ = try await api.createCase("repair", id: "RP-2", data: [
                "customer.id": "C-10", "order.id": "SO-10", "order.invoiced_at": "2025-01-05T12:00:00+08:00", "product.category": "appliance",
            ])
            _ = try await api.event("RP-2", "device_received", data: ["received_at": "2026-03-02T10:00:00+08:00"])
            let triaged = try await api.complete("RP-2", task: "diagnose", "damage_found").json
            #expect(triaged["state"] == "quoting")
            #expect(taskNames(triaged) == ["quote_repair"])
            let quoted = try await api.complete("RP-2", task: "quote_repair", "quoted", data: ["amount": 350.5]).json
            #expect(quoted["state"] == "awaiting_approval")
            #expect(quoted["tasks"][0]["data"] == ["quote": 350.5])
            let approved = try await api.complete("RP-2", task: "ask_customer_approval", "approve").json
            #expect(approved["state"] == "repairing")
            #expect(try await api.caseJSON("RP-2")["data"]["repair.free"] == false)
        }
    }

    /// Complaint: a VIP's first response is late — the SLA breach opens a supervisor task when
    /// the clock passes the deadline; then resolved, confirmed, closed, and the revisit starts.
    @Test func complaintFirstResponseBreach() async throws {
        let server = try await Server(at: "2026-03-02T10:00:00+08:00")
        try await server.run { api in
            let created = try await api.createCase("complaint", id: "C-20", data: [
                "customer.id": "C-20", "customer.tier": "vip", "complaint.category": "delivery",
                "complaint.received_at": "2026-03-02T10:00:00+08:00",
            ]).json
            #expect(created["state"] == "received")
            #expect(taskNames(created) == ["record_complaint"])
            #expect(created["tasks"][0]["due"] == "2026-03-02T07:00:00Z")  // 4 business hours: 15:00
            #expect(created["tasks"][0]["priority"] == 2)
            let firstResponse = try #require(created["slas"].array.first { $0["name"] == "first_response" })
            #expect(firstResponse["status"] == "running")
            #expect(firstResponse["deadline"] == "2026-03-02T07:00:00Z")
            #expect(firstResponse["breached"] == false)

            // Before the deadline: only the warning (an hour before) fires; no breach task.
            #expect(await server.tick(at: "2026-03-02T14:30:00+08:00") == 1)
            #expect(taskNames(try await api.caseJSON("C-20")) == ["record_complaint"])

            // Past the deadline: the breach opens the supervisor's task.
            #expect(await server.tick(at: "2026-03-02T15:01:00+08:00") == 1)
            let breached = try await api.caseJSON("C-20")
            #expect(breached["state"] == "received")
            #expect(taskNames(breached) == ["record_complaint", "first_response_overdue"])
            let sla = try #require(breached["slas"].array.first { $0["name"] == "first_response" })
            #expect(sla["breached"] == true)
            let overdue = try await api.get("/v1/tasks?queue=supervisors&status=open").json.array
            #expect(overdue.map { $0["name"] } == ["first_response_overdue"])
            #expect(overdue.first?["caseID"] == "C-20")
            #expect(overdue.first?["due"] == "2026-03-02T09:01:00Z")  // 2 business hours: 17:01
            let last = try #require(try await api.history("C-20").last)
            #expect(last["event"] == "sla:first_response:breach")
            #expect(last["dueAt"] == "2026-03-02T07:00:00Z")

            // The desk answers late: the clock stops as breached; the supervisor task closes with the state.
            server.clock.set(time("2026-03-02T16:00:00+08:00"))
            let responded = try await api.complete("C-20", task: "record_complaint", "responded", data: ["team": "logistics"]).json
            #expect(responded["state"] == "coordinating")
            #expect(responded["slas"].array.first { $0["name"] == "first_response" }?["status"] == "breached")
            #expect(try await api.get("/v1/tasks?queue=supervisors").json.array.map { $0["status"] } == ["cancelled"])
            #expect(try await api.caseJSON("C-20")["data"]["complaint.team"] == "logistics")

            server.clock.set(time("2026-03-03T10:00:00+08:00"))
            let resolved = try await api.complete("C-20", task: "coordinate_with_team", "resolved", data: ["resolution": "re-shipped the parcel"]).json
            #expect(resolved["state"] == "feedback")
            #expect(resolved["slas"].array.first { $0["name"] == "resolution" }?["status"] == "met")
            #expect(resolved["tasks"][0]["data"] == ["resolution": "re-shipped the parcel"])

            server.clock.set(time("2026-03-03T11:00:00+08:00"))
            let closed = try await api.complete("C-20", task: "give_feedback", "confirmed").json
            #expect(closed["state"] == "following_up")
            #expect(closed["closed"] == false)
            #expect(closed["timers"] == [])
            #expect(closed["children"].array.map { $0["workflow"] } == ["revisit"])

            // Three days later the revisit case starts, linked to the complaint.
            #expect(await server.tick(at: "2026-03-06T11:00:00+08:00") == 1)
            let revisit = try #require(try await api.get("/v1/cases?workflow=revisit").json.array.first)
            #expect(revisit["parent"] == "C-20")
            #expect(revisit["data"]["parent.workflow"] == "complaint")
            #expect(revisit["data"]["customer.tier"] == "vip")
            #expect(taskNames(revisit) == ["revisit_call"])
            #expect(revisit["tasks"][0]["priority"] == 1)
        }
    }

    /// Complaint: waiting for the customer, who never replies — a reminder, then closed.
    @Test func complaintCustomerNeverReplies() async throws {
        let server = try await Server(at: "2026-03-02T10:00:00+08:00")
        try await server.run { api in
            _ = try await api.createCase("complaint", id: "C-21", data: [
                "customer.id": "C-21", "complaint.category": "billing", "complaint.received_at": "2026-03-02T10:00:00+08:00",
            ])
            _ = try await api.complete("C-21", task: "record_complaint", "responded", data: ["team": "billing"])
            let waiting = try await api.complete("C-21", task: "coordinate_with_team", "need_customer_info").json
            #expect(waiting["state"] == "waiting_for_customer")
            #expect(waiting["slas"].array.first { $0["name"] == "resolution" }?["status"] == "paused")
            #expect(waiting["timers"].array.map { $0["event"] } == ["after:waiting_for_customer:0", "after:waiting_for_customer:1"])
            // 16 business hours: Wednesday 10:00; 80 business hours: Monday 16th 10:00.
            #expect(waiting["timers"][0]["due"] == "2026-03-04T02:00:00Z")
            #expect(waiting["timers"][1]["due"] == "2026-03-16T02:00:00Z")

            #expect(await server.tick(at: "2026-03-04T10:00:00+08:00") == 1)
            #expect(taskNames(try await api.caseJSON("C-21")) == ["remind_customer"])
            #expect(await server.tick(at: "2026-03-16T10:00:00+08:00") == 1)
            let closed = try await api.caseJSON("C-21")
            #expect(closed["state"] == "following_up")
            #expect(closed["data"]["complaint.resolution"] == "客户未补充材料, 结案 closed: no reply from the customer")
        }
    }

    /// Revisit: no answer, the retry timer calls again, then good scores close it; scores out
    /// of range are refused.
    @Test func revisitRetryThenSatisfied() async throws {
        let server = try await Server(at: "2026-03-12T10:00:00+08:00")
        try await server.run { api in
            let created = try await api.createCase("revisit", id: "V-1", data: [
                "parent.id": "R-1", "parent.workflow": "repair", "customer.id": "C-30",
            ]).json
            #expect(created["state"] == "calling")
            #expect(created["data"]["revisit.attempts"] == 1)
            #expect(created["tasks"][0]["queue"] == "revisit_team")
            #expect(created["tasks"][0]["priority"] == 2)

            server.clock.set(time("2026-03-12T10:30:00+08:00"))
            let missed = try await api.complete("V-1", task: "revisit_call", "no_answer").json
            #expect(missed["state"] == "waiting_to_retry")
            #expect(missed["tasks"] == [])
            #expect(missed["timers"][0]["due"] == "2026-03-12T07:30:00Z")  // half a working day: 15:30

            #expect(await server.tick(at: "2026-03-12T15:29:59+08:00") == 0)
            #expect(await server.tick(at: "2026-03-12T15:30:00+08:00") == 1)
            let again = try await api.caseJSON("V-1")
            #expect(again["state"] == "calling")
            #expect(again["data"]["revisit.attempts"] == 2)

            // A score out of range matches no transition: 409, nothing changes.
            let taskID = try await api.openTaskID("V-1", "revisit_call")
            let bad = try await api.post("/v1/tasks/\(taskID)/complete", json: ["outcome": "answered", "data": ["csat": 7, "nps": 9]])
            #expect(bad.status == .conflict)
            #expect(bad.error["code"] == "event_rejected")
            #expect(bad.error["message"].string?.contains("state 'calling'") == true)
            #expect(try await api.caseJSON("V-1")["state"] == "calling")

            server.clock.set(time("2026-03-12T16:00:00+08:00"))
            let answered = try await api.post("/v1/tasks/\(taskID)/complete", json: ["outcome": "answered", "data": ["csat": 5, "nps": 9]])
            #expect(answered.status == .ok)
            #expect(answered.json["state"] == "done")
            #expect(answered.json["closed"] == true)
            let data = try await api.caseJSON("V-1")["data"]
            #expect(data["revisit.csat"] == 5)
            #expect(data["revisit.nps"] == 9)
            #expect(data["revisit.result"] == "satisfied")
            #expect(try await api.history("V-1").map { $0["event"] } == ["start", "no_answer", "after:waiting_to_retry:0", "answered"])
        }
    }
}
