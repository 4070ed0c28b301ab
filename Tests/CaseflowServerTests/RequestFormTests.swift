import CaseflowServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The optional parts of a request: a generated case id, nested data, an explicit time.
@Suite struct RequestFormTests {
    @Test func generatedCaseID() async throws {
        let server = try await Server(at: sevenDayReturnStart)
        try await server.run { api in
            let created = try await api.post("/v1/cases", json: ["workflow": "return", "data": sevenDayReturn])
            #expect(created.status == .created)
            let id = try #require(created.json["id"].string)
            #expect(id.hasPrefix("return-"))
            #expect(id.count == "return-".count + 12)
            #expect(try await api.caseJSON(id)["state"] == "approved")
            let another = try await api.post("/v1/cases", json: ["workflow": "return", "id": nil, "data": sevenDayReturn])
            #expect(another.status == .created)
            #expect(another.json["id"] != created.json["id"])
        }
    }

    @Test func nestedDataIsReadAsDottedFields() async throws {
        let server = try await Server(at: sevenDayReturnStart)
        try await server.run { api in
            let nested: JSON = [
                "customer": ["id": "C-1"], "order": ["id": "SO-1", "channel": "online", "delivered_at": "2026-03-02T10:00:00+08:00"],
                "product": ["category": "phone"], "request": ["condition": "intact", "submitted_at": "2026-03-09T23:59:00+08:00"],
            ]
            let created = try await api.createCase("return", id: "R-1", data: nested).json
            let flat = try await api.createCase("return", id: "R-2", data: sevenDayReturn).json
            #expect(created["data"] == flat["data"])
            #expect(created["state"] == "approved")
            let event = try await api.event("R-1", "goods_received", data: ["received_at": "2026-03-11T09:30:00+08:00"])
            #expect(event.json["state"] == "inspecting")
        }
    }

    /// `at` gives the time of the step instead of the clock's.
    @Test func explicitTimes() async throws {
        let server = try await Server(at: "2026-03-20T12:00:00+08:00")
        try await server.run { api in
            let created = try await api.post("/v1/cases", json: ["workflow": "return", "id": "R-1", "data": storeReturn, "at": "2026-03-04T10:00:00+08:00"])
            #expect(created.status == .created)
            #expect(created.json["createdAt"] == "2026-03-04T02:00:00Z")
            #expect(created.json["timers"][0]["due"] == "2026-03-06T02:00:00Z")
            let taskID = try await api.openTaskID("R-1", "review_request")
            let approved = try await api.post("/v1/tasks/\(taskID)/complete", json: ["outcome": "approve", "at": "2026-03-04T15:00:00+08:00"])
            #expect(approved.json["at"] == "2026-03-04T07:00:00Z")
            #expect(try await api.caseJSON("R-1")["data"]["request.handled_at"] == "2026-03-04T07:00:00Z")
            let received = try await api.post("/v1/cases/R-1/events", json: [
                "type": "goods_received", "at": "2026-03-05T10:00:00Z", "data": ["received_at": "2026-03-05T09:00:00Z"],
            ])
            #expect(received.json["at"] == "2026-03-05T10:00:00Z")
            #expect(try await api.history("R-1").map { $0["at"] } == ["2026-03-04T02:00:00Z", "2026-03-04T07:00:00Z", "2026-03-05T10:00:00Z"])
        }
    }

    /// Methods the API does not have: refused, never a server error, nothing changes.
    @Test func otherMethodsAreRefused() async throws {
        let server = try await Server(at: sevenDayReturnStart)
        try await server.run { api in
            _ = try await api.createCase("return", id: "R-1", data: sevenDayReturn)
            for method in [HTTPRequest.Method.put, .delete, .patch] {
                for uri in ["/v1/cases", "/v1/cases/R-1", "/v1/cases/R-1/events", "/v1/tasks", "/v1/admin/reload"] {
                    let reply = try await api.send(uri, method, body: Array("{}".utf8), auth: .none)
                    #expect((400..<500).contains(reply.status.code), "\(method) \(uri) → \(reply)")
                }
            }
            #expect(try await api.get("/v1/cases/R-1/events").status.code < 500)
            #expect(try await api.get("/v1/admin/reload").status.code < 500)
            #expect(try await api.get("/v1/nowhere").status == .notFound)
            #expect(try await api.history("R-1").count == 1)
        }
    }
}
