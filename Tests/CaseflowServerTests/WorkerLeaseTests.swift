@testable import CaseflowServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Machine workers: the next task of a queue with a lease, a long poll that waits for one,
/// heartbeats, a lease that runs out returning the task to the queue, and completions under a
/// lease that is no longer the worker's refused.
@Suite struct WorkerLeaseTests {
    static let workers: [(name: String, groups: Set<String>)] = [("wms-1", ["returns_desk"]), ("wms-2", ["returns_desk"]), ("ops", [])]
    static func token(_ name: String) -> String { "tok-\(name)-9d2b" }
    static func auth(_ name: String) -> Auth { .header("Bearer \(token(name))") }
    static var access: AccessControl {
        AccessControl(tokens: TokenFile(entries: workers.map {
            TokenFile.Entry(name: $0.name, role: $0.name == "ops" ? .admin : .agent, hash: TokenFile.hash(token($0.name)), groups: $0.groups)
        }))
    }

    func newReturn(_ api: API, _ id: String) async throws {
        let reply = try await api.post("/v1/cases", json: ["workflow": "return", "id": .string(id), "data": storeReturn], auth: Self.auth("ops"))
        #expect(reply.status == .created, "\(reply)")
    }

    @Test func aWorkerLeasesTheNextTaskAndAnotherFindsNone() async throws {
        let server = try await Server(at: storeReturnStart, access: Self.access)
        try await server.run { api in
            try await newReturn(api, "R-1")
            let first = try await api.post("/v1/queues/returns_desk/claim", json: ["lease": 30], auth: Self.auth("wms-1"))
            #expect(first.status == .ok, "\(first)")
            #expect(first.json["task"]["caseID"] == "R-1")
            #expect(first.json["lease"]["worker"] == "wms-1")
            #expect(first.json["lease"]["until"] == "2026-03-04T02:00:30Z")
            #expect(first.json["lease"]["token"].string?.hasPrefix("lease_") == true)
            #expect(try await api.post("/v1/queues/returns_desk/claim", auth: Self.auth("wms-2")).status == .noContent)
            #expect(try await api.post("/v1/queues/nothing_here/claim", auth: Self.auth("wms-2")).status == .noContent)
            // A task an agent holds is not in the queue for workers.
            try await newReturn(api, "R-2")
            let task = try await api.openTaskID("R-2", "review_request", auth: Self.auth("ops"))
            #expect(try await api.post("/v1/tasks/\(task)/claim", json: ["actor": "li"], auth: Self.auth("ops")).status == .ok)
            #expect(try await api.post("/v1/queues/returns_desk/claim", auth: Self.auth("wms-2")).status == .noContent)
            for (body, field) in [(["wait": 61] as JSON, "wait"), (["lease": 2], "lease"), (["wait": "10s"], "wait")] {
                let bad = try await api.post("/v1/queues/returns_desk/claim", json: body, auth: Self.auth("wms-2"))
                #expect(bad.status == .badRequest)
                #expect(bad.error["field"] == .string(field))
            }
        }
    }

    @Test func aLongPollReturnsWhenATaskArrives() async throws {
        let server = try await Server(at: storeReturnStart, access: Self.access)
        try await server.run { api in
            let started = ContinuousClock.now
            async let waiting = api.post("/v1/queues/returns_desk/claim", json: ["wait": 10], auth: Self.auth("wms-1"))
            try await Task.sleep(for: .milliseconds(500))
            try await newReturn(api, "R-1")
            let reply = try await waiting
            #expect(reply.status == .ok, "\(reply)")
            #expect(reply.json["task"]["caseID"] == "R-1")
            #expect(ContinuousClock.now - started < .seconds(5))
            // With nothing to take, the poll ends after its wait with 204.
            let before = ContinuousClock.now
            #expect(try await api.post("/v1/queues/returns_desk/claim", json: ["wait": 1], auth: Self.auth("wms-2")).status == .noContent)
            #expect(ContinuousClock.now - before >= .milliseconds(900))
        }
    }

    @Test func heartbeatsExtendAndAnExpiredLeaseLosesTheTask() async throws {
        let server = try await Server(at: storeReturnStart, access: Self.access)
        try await server.run { api in
            try await newReturn(api, "R-1")
            let first = try await api.post("/v1/queues/returns_desk/claim", json: ["lease": 30], auth: Self.auth("wms-1")).json
            let task = try #require(first["task"]["id"].string)
            let lease1 = try #require(first["lease"]["token"].string)
            // Twenty seconds on, a heartbeat keeps it for sixty more.
            server.clock.set(time("2026-03-04T10:00:20+08:00"))
            let beat = try await api.post("/v1/tasks/\(task)/heartbeat", json: ["lease": .string(lease1), "extend": 60], auth: Self.auth("wms-1"))
            #expect(beat.status == .ok, "\(beat)")
            #expect(beat.json["until"] == "2026-03-04T02:01:20Z")
            server.clock.set(time("2026-03-04T10:01:00+08:00"))
            #expect(try await api.post("/v1/queues/returns_desk/claim", auth: Self.auth("wms-2")).status == .noContent)

            // wms-1 goes quiet; its lease runs out and wms-2 takes the task over.
            server.clock.set(time("2026-03-04T10:01:30+08:00"))
            let second = try await api.post("/v1/queues/returns_desk/claim", auth: Self.auth("wms-2")).json
            #expect(second["task"]["id"] == .string(task))
            let lease2 = try #require(second["lease"]["token"].string)
            let late = try await api.post("/v1/tasks/\(task)/heartbeat", json: ["lease": .string(lease1)], auth: Self.auth("wms-1"))
            #expect(late.status == .conflict)
            #expect(late.error["code"] == "lease_lost")
            let stale = try await api.post("/v1/tasks/\(task)/complete", json: ["outcome": "approve", "lease": .string(lease1)], auth: Self.auth("wms-1"))
            #expect(stale.status == .conflict)
            #expect(stale.error["code"] == "lease_lost")
            #expect(try await api.get("/v1/cases/R-1", auth: Self.auth("ops")).json["state"] == "manual_review")
            let done = try await api.post("/v1/tasks/\(task)/complete", json: ["outcome": "deny", "lease": .string(lease2)], auth: Self.auth("wms-2"))
            #expect(done.status == .ok, "\(done)")
            // After the other worker completed it, the old lease's completion is still refused.
            let after = try await api.post("/v1/tasks/\(task)/complete", json: ["outcome": "approve", "lease": .string(lease1)], auth: Self.auth("wms-1"))
            #expect(after.status == .conflict)
            #expect(try await api.get("/v1/cases/R-1", auth: Self.auth("ops")).json["state"] == "denied")
        }
    }
}
