import CaseflowServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The same API over a real socket on loopback.
@Suite struct LiveServerTests {
    @Test func returnOverASocket() async throws {
        let server = try await Server(at: sevenDayReturnStart, token: "live-token")
        try await server.run(.live) { api in
            #expect(api.client.port != nil)
            #expect(try await api.get("/healthz").json == ["status": "ok", "database": "ok"])

            let unauthorized = try await api.post("/v1/cases", json: ["workflow": "return", "id": "R-1", "data": sevenDayReturn], auth: .none)
            #expect(unauthorized.status == .unauthorized)
            #expect(unauthorized.headers[.wwwAuthenticate] == "Bearer")

            let created = try await api.createCase("return", id: "R-1", data: sevenDayReturn)
            #expect(created.json["state"] == "approved")
            #expect(created.headers[.contentType] == "application/json; charset=utf-8")

            server.clock.set(time("2026-03-11T10:00:00+08:00"))
            let first = try await api.event("R-1", "goods_received", data: ["received_at": "2026-03-11T09:30:00+08:00"], id: "live-1")
            let again = try await api.event("R-1", "goods_received", data: ["received_at": "2026-03-11T09:30:00+08:00"], id: "live-1")
            #expect(first.json["state"] == "inspecting")
            #expect(again.bytes == first.bytes)

            let taskID = try await api.openTaskID("R-1", "inspect_goods")
            #expect(try await api.post("/v1/tasks/\(taskID)/complete", json: ["outcome": "pass"]).json["state"] == "refunding")
            _ = try await api.complete("R-1", task: "issue_refund", "refunded")
            #expect(try await api.caseJSON("R-1")["state"] == "refunded")
            #expect(try await api.history("R-1").map { $0["event"] } == ["start", "goods_received", "pass", "refunded"])

            #expect(try await api.get("/v1/cases/nope").status == .notFound)
            #expect(try await api.get("/metrics").text.contains("caseflow_open_tasks"))
            // Last: the server may close the connection after refusing a body it did not read.
            let tooLarge = try await api.post("/v1/cases", bytes: [UInt8](repeating: 0x20, count: (1 << 20) + 1))
            #expect(tooLarge.status == .contentTooLarge)
        }
    }
}
