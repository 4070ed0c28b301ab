import CaseflowServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A client that retries with the same id gets the same answer, and the case moves once.
@Suite struct IdempotencyTests {
    @Test func sameEventIDThreeTimes() async throws {
        let server = try await Server(at: sevenDayReturnStart)
        try await server.run { api in
            _ = try await api.createCase("return", id: "R-1", data: sevenDayReturn)
            server.clock.set(time("2026-03-11T10:00:00+08:00"))
            let body: JSON = ["type": "goods_received", "id": "evt-1", "data": ["received_at": "2026-03-11T09:30:00+08:00"]]
            var replies: [Reply] = []
            for _ in 0..<3 {
                // The clock moves between retries: the answer must not.
                replies.append(try await api.post("/v1/cases/R-1/events", json: body))
                server.clock.set(time("2026-03-11T11:00:00+08:00"))
            }
            #expect(replies.map(\.status) == [.ok, .ok, .ok])
            #expect(replies[0].json["state"] == "inspecting")
            #expect(replies[1].bytes == replies[0].bytes)
            #expect(replies[2].bytes == replies[0].bytes)

            let history = try await api.history("R-1")
            #expect(history.map { $0["event"] } == ["start", "goods_received"])
            #expect(history.last?["eventID"] == "evt-1")
            #expect(try await api.get("/v1/tasks?queue=warehouse").json.array.count == 1)
            let c = try await api.caseJSON("R-1")
            #expect(c["state"] == "inspecting")
            #expect(c["updatedAt"] == "2026-03-11T02:00:00Z")

            // The id reused for a request that differs is refused, saying so, and changes nothing.
            let changed = try await api.post("/v1/cases/R-1/events",
                                             json: ["type": "goods_received", "id": "evt-1", "data": ["received_at": "2026-03-11T10:45:00+08:00"]])
            #expect(changed.status == .conflict)
            #expect(changed.json["error"]["message"].string?.contains("event id 'evt-1' was used before") == true)
            #expect(try await api.caseJSON("R-1")["data"]["returned_goods.received_at"] == "2026-03-11T01:30:00Z")

            // Without an id, a second send is a new event, which the state now refuses.
            let unkeyed = try await api.post("/v1/cases/R-1/events", json: ["type": "goods_received", "data": ["received_at": "2026-03-11T09:30:00+08:00"]])
            #expect(unkeyed.status == .conflict)
        }
    }

    @Test func sameTaskCompletionIDThreeTimes() async throws {
        let server = try await Server(at: storeReturnStart)
        try await server.run { api in
            _ = try await api.createCase("return", id: "R-2", data: storeReturn)
            let taskID = try await api.openTaskID("R-2", "review_request")
            var replies: [Reply] = []
            for _ in 0..<3 {
                replies.append(try await api.post("/v1/tasks/\(taskID)/complete", json: ["outcome": "approve", "id": "req-7"]))
            }
            #expect(replies.map(\.status) == [.ok, .ok, .ok])
            #expect(replies[0].json["state"] == "approved")
            #expect(replies[0].json["completed"] == .string(taskID))
            #expect(replies[1].bytes == replies[0].bytes)
            #expect(replies[2].bytes == replies[0].bytes)
            let history = try await api.history("R-2")
            #expect(history.map { $0["event"] } == ["start", "approve"])
            #expect(history.last?["eventID"] == "req-7")
            #expect(history.last?["requestKind"] == "complete")

            // The same request id for another task is another request.
            _ = try await api.event("R-2", "goods_received", data: ["received_at": "2026-03-05T10:00:00+08:00"])
            let inspectID = try await api.openTaskID("R-2", "inspect_goods")
            let other = try await api.post("/v1/tasks/\(inspectID)/complete", json: ["outcome": "pass", "id": "req-7"])
            #expect(other.status == .ok)
            #expect(other.json["state"] == "refunding")
        }
    }

    /// Ids of different kinds of request never meet: an event sent with the id a completion would
    /// have had under the old 'complete:TASK:ID' spelling is an event, and the later completion
    /// with its own id completes the task.
    @Test func eventIDsAndCompletionIDsNeverMeet() async throws {
        let server = try await Server(at: storeReturnStart)
        try await server.run { api in
            _ = try await api.createCase("return", id: "R-3", data: storeReturn)
            let reviewID = try await api.openTaskID("R-3", "review_request")
            #expect(try await api.post("/v1/tasks/\(reviewID)/complete", json: ["outcome": "approve"]).status == .ok)
            // The task goods_received will open is R-3-task-4; the event takes the id its
            // completion 'r1' was stored under before kinds had columns of their own.
            let forged = try await api.post("/v1/cases/R-3/events", json: [
                "type": "goods_received", "id": "complete:R-3-task-4:r1", "data": ["received_at": "2026-03-05T10:00:00+08:00"]])
            #expect(forged.status == .ok)
            let inspectID = try await api.openTaskID("R-3", "inspect_goods")
            #expect(inspectID == "R-3-task-4")
            let completed = try await api.post("/v1/tasks/\(inspectID)/complete", json: ["outcome": "pass", "id": "r1"])
            #expect(completed.status == .ok)
            #expect(completed.json["state"] == "refunding")
            #expect(completed.json["completed"] == .string(inspectID))
            #expect(try await api.history("R-3").map { $0["requestKind"].string } == [nil, nil, "event", "complete"])

            // The same completion id with another outcome is refused as a different request.
            let other = try await api.post("/v1/tasks/\(inspectID)/complete", json: ["outcome": "fail", "id": "r1"])
            #expect(other.status == .conflict)
            #expect(other.json["error"]["message"].string?.contains("completion id 'r1' of task '\(inspectID)' was used before") == true)
        }
    }

    /// Event ids belong to their case: the same id on two cases is two events.
    @Test func eventIDsAreScopedToTheCase() async throws {
        let server = try await Server(at: sevenDayReturnStart)
        try await server.run { api in
            _ = try await api.createCase("return", id: "R-a", data: sevenDayReturn)
            _ = try await api.createCase("return", id: "R-b", data: sevenDayReturn)
            let a = try await api.event("R-a", "goods_received", data: ["received_at": "2026-03-11T09:30:00+08:00"], id: "shared")
            let b = try await api.event("R-b", "goods_received", data: ["received_at": "2026-03-11T09:30:00+08:00"], id: "shared")
            #expect(a.json["state"] == "inspecting")
            #expect(b.json["state"] == "inspecting")
            #expect(try await api.get("/v1/tasks?queue=warehouse&status=open").json.array.count == 2)
        }
    }

    /// Retries racing each other: one step, the same answer for all.
    @Test func concurrentRetriesApplyOnce() async throws {
        let server = try await Server(at: sevenDayReturnStart)
        try await server.run { api in
            _ = try await api.createCase("return", id: "R-1", data: sevenDayReturn)
            let body: JSON = ["type": "goods_received", "id": "evt-race", "data": ["received_at": "2026-03-11T09:30:00+08:00"]]
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<12 { group.addTask { try await api.post("/v1/cases/R-1/events", json: body) } }
                var all: [Reply] = []
                for try await reply in group { all.append(reply) }
                return all
            }
            #expect(replies.allSatisfy { $0.status == .ok })
            #expect(Set(replies.map(\.bytes)).count == 1)
            #expect(try await api.history("R-1").map { $0["event"] } == ["start", "goods_received"])

            // Different ids racing: the first wins, the others are refused by the new state.
            _ = try await api.createCase("return", id: "R-2", data: sevenDayReturn)
            let racing = try await withThrowingTaskGroup(of: Reply.self) { group in
                for i in 0..<12 {
                    group.addTask {
                        try await api.post("/v1/cases/R-2/events",
                                           json: ["type": "goods_received", "id": .string("evt-\(i)"), "data": ["received_at": "2026-03-11T09:30:00+08:00"]])
                    }
                }
                var all: [Reply] = []
                for try await reply in group { all.append(reply) }
                return all
            }
            #expect(racing.filter { $0.status == .ok }.count == 1)
            #expect(racing.filter { $0.status == .conflict }.count == 11)
            #expect(try await api.history("R-2").count == 2)
            #expect(try await api.get("/v1/tasks?queue=warehouse&status=open").json.array.count == 2)
        }
    }
}
