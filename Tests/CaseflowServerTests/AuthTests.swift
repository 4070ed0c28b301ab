import CaseflowServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// With a token configured, every call but `/healthz` needs `Authorization: Bearer TOKEN`.
@Suite struct AuthTests {
    func expectUnauthorized(_ reply: Reply, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status == .unauthorized, "\(reply)", sourceLocation: sourceLocation)
        #expect(reply.error["code"] == "unauthorized", sourceLocation: sourceLocation)
        #expect(reply.error["message"].string?.contains("Authorization: Bearer") == true, sourceLocation: sourceLocation)
        #expect(reply.headers[.wwwAuthenticate] == "Bearer", sourceLocation: sourceLocation)
    }

    @Test func mutatingCallsNeedTheToken() async throws {
        let server = try await Server(at: storeReturnStart, token: "s3cret-token")
        try await server.run { api in
            let create: JSON = ["workflow": "return", "id": "R-1", "data": storeReturn]
            for auth in [Auth.none, .header("Bearer wrong"), .header("Bearer"), .header("Bearer "), .header("s3cret-token"),
                         .header("Basic s3cret-token"), .header("Bearer s3cret-token-and-more")] {
                expectUnauthorized(try await api.post("/v1/cases", json: create, auth: auth))
            }
            expectUnauthorized(try await api.get("/v1/cases", auth: .none))

            // Refused before the body is read: a bad body without a token is still 401.
            expectUnauthorized(try await api.post("/v1/cases", "{not json", auth: .none))
            expectUnauthorized(try await api.post("/v1/cases", bytes: [UInt8](repeating: 0x20, count: 2 << 20), auth: .none))

            // With the token it works.
            let created = try await api.post("/v1/cases", json: create, auth: .header("Bearer s3cret-token"))
            #expect(created.status == .created)
            let taskID = try await api.openTaskID("R-1", "review_request")

            expectUnauthorized(try await api.post("/v1/cases/R-1/events", json: ["type": "cancel"], auth: .none))
            expectUnauthorized(try await api.post("/v1/cases/R-1/events", json: ["type": "cancel"], auth: .header("Bearer nope")))
            expectUnauthorized(try await api.post("/v1/tasks/\(taskID)/complete", json: ["outcome": "approve"], auth: .none))
            expectUnauthorized(try await api.post("/v1/tasks/\(taskID)/complete", json: ["outcome": "approve"], auth: .header("Bearer nope")))
            expectUnauthorized(try await api.post("/v1/admin/reload", auth: .none))
            expectUnauthorized(try await api.post("/v1/admin/reload", auth: .header("Bearer nope")))
            // Unknown ids: still 401 first, so the API does not tell strangers what exists.
            expectUnauthorized(try await api.post("/v1/cases/nope/events", json: ["type": "cancel"], auth: .none))
            expectUnauthorized(try await api.post("/v1/tasks/nope/complete", json: ["outcome": "x"], auth: .none))

            // Nothing changed.
            #expect(try await api.caseJSON("R-1")["state"] == "manual_review")
            #expect(try await api.history("R-1").count == 1)

            // Reads need the token too (all but /healthz), and work with it.
            #expect(try await api.get("/healthz", auth: .none).status == .ok)
            for uri in ["/metrics", "/openapi.json", "/v1/workflows", "/v1/cases", "/v1/cases?workflow=return", "/v1/cases/R-1",
                        "/v1/cases/R-1/history", "/v1/tasks?queue=returns_desk&status=open"] {
                expectUnauthorized(try await api.get(uri, auth: .none))
                expectUnauthorized(try await api.get(uri, auth: .header("Bearer nope")))
                let reply = try await api.get(uri)
                #expect(reply.status == .ok, "GET \(uri) → \(reply)")
            }

            // And the token works for every mutating call.
            #expect(try await api.post("/v1/tasks/\(taskID)/complete", json: ["outcome": "approve"]).status == .ok)
            #expect(try await api.post("/v1/cases/R-1/events", json: ["type": "cancel"]).status == .ok)
            #expect(try await api.post("/v1/admin/reload").status == .ok)
            #expect(try await api.caseJSON("R-1")["state"] == "cancelled")
        }
    }

    @Test func withoutATokenNoHeaderIsNeeded() async throws {
        let server = try await Server(at: storeReturnStart)
        try await server.run { api in
            let created = try await api.post("/v1/cases", json: ["workflow": "return", "id": "R-1", "data": storeReturn], auth: .none)
            #expect(created.status == .created)
            // Any header is ignored.
            let event = try await api.post("/v1/cases/R-1/events", json: ["type": "cancel"], auth: .header("Bearer whatever"))
            #expect(event.status == .ok)
        }
    }
}
