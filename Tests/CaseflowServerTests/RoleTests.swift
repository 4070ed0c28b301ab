@testable import CaseflowServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every route against every role, no token and a wrong token: 401 before anything is looked
/// up, 403 for a role that may not, and the call itself otherwise.
@Suite struct RoleTests {
    /// One token per role; the tokens themselves are their roles' names with a suffix.
    static let tokens: [Role: String] = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, "tok-\($0.rawValue)-7f3a") })
    static var access: AccessControl {
        AccessControl(tokens: TokenFile(entries: Role.allCases.map {
            TokenFile.Entry(name: "\($0.rawValue)-bot", role: $0, hash: TokenFile.hash(tokens[$0] ?? ""))
        }))
    }

    /// A request for each route of `Routes.table`, with the permission it needs (nil: none).
    static let calls: [(method: HTTPRequest.Method, uri: String, body: String?, needs: Permission?)] = [
        (.get, "/healthz", nil, nil),
        (.get, "/metrics", nil, .read),
        (.get, "/openapi.json", nil, .read),
        (.post, "/v1/cases", #"{"workflow": "return", "data": {}}"#, .sendEvents),
        (.get, "/v1/cases", nil, .read),
        (.get, "/v1/cases/R-1", nil, .read),
        (.get, "/v1/cases/R-1/history", nil, .read),
        (.post, "/v1/cases/R-1/events", #"{"type": "nothing"}"#, .sendEvents),
        (.get, "/v1/tasks", nil, .read),
        (.post, "/v1/tasks/R-1-task-1/complete", #"{"outcome": "nothing"}"#, .completeTasks),
        (.post, "/v1/tasks/R-1-task-1/claim", nil, .claimTasks),
        (.post, "/v1/tasks/R-1-task-1/unclaim", nil, .claimTasks),
        (.post, "/v1/tasks/R-1-task-1/assign", #"{"to": "li"}"#, .assignTasks),
        (.post, "/v1/queues/returns_desk/claim", nil, .claimTasks),
        (.post, "/v1/tasks/R-1-task-1/heartbeat", #"{"lease": "lease_x"}"#, .claimTasks),
        (.get, "/v1/workflows", nil, .read),
        (.get, "/v1/customers/R-1/cases", nil, .read),
        (.post, "/v1/customers/R-1/erase", nil, .administer),
        (.post, "/v1/admin/reload", nil, .administer),
        (.get, "/v1/feed", nil, .read),
        (.get, "/v1/deliveries", nil, .read),
        (.post, "/v1/deliveries/1/redeliver", nil, .administer),
        (.get, "/v1/reports/kpi", nil, .read),
        (.get, "/v1/reports/kpi.html", nil, .read),
    ]

    @Test func theCallsCoverEveryRoute() {
        #expect(Set(Self.calls.map { "\($0.method) \(Self.pattern($0.uri))" }) == Set(Routes.table.map { "\($0.method) \($0.path)" }))
    }

    @Test func everyRouteAgainstEveryRole() async throws {
        let server = try await Server(at: storeReturnStart, access: Self.access)
        try await server.run { api in
            let admin = Auth.header("Bearer \(Self.tokens[.admin] ?? "")")
            #expect(try await api.post("/v1/cases", json: ["workflow": "return", "id": "R-1", "data": storeReturn], auth: admin).status == .created)
            for call in Self.calls {
                let body = call.body.map { Array($0.utf8) } ?? (call.method == .post ? Array("{}".utf8) : nil)
                for auth in [Auth.none, .header("Bearer not-a-token"), .header("Bearer \(Self.tokens[.admin] ?? "")x")] {
                    let reply = try await api.send(call.uri, call.method, body: body, auth: auth)
                    if call.needs == nil {
                        #expect(reply.status == .ok, "\(call.method) \(call.uri) without a token: \(reply)")
                    } else {
                        #expect(reply.status == .unauthorized, "\(call.method) \(call.uri) with \(auth): \(reply)")
                        #expect(reply.error["code"] == "unauthorized")
                    }
                }
                for role in Role.allCases {
                    let reply = try await api.send(call.uri, call.method, body: body, auth: .header("Bearer \(Self.tokens[role] ?? "")"))
                    if let needs = call.needs, !role.permissions.contains(needs) {
                        #expect(reply.status == .forbidden, "\(call.method) \(call.uri) as \(role): \(reply)")
                        #expect(reply.error["code"] == "forbidden")
                        #expect(reply.error["message"].string?.contains("'\(role.rawValue)-bot' has the role \(role.rawValue)") == true)
                    } else {
                        #expect(![.unauthorized, .forbidden].contains(reply.status), "\(call.method) \(call.uri) as \(role): \(reply)")
                    }
                }
            }
            // Nothing the refused calls sent changed the case: each step after the first is a
            // claim, release or assignment made by a role that may.
            let needs: [String: Permission] = ["task_claimed": .claimTasks, "task_unclaimed": .claimTasks, "task_assigned": .assignTasks]
            let steps = try await api.get("/v1/cases/R-1/history", auth: admin).json.array.dropFirst()
            #expect(!steps.isEmpty)
            for step in steps {
                let event = step["event"].string ?? ""
                let role = (step["actor"]["token"].string ?? "").replacingOccurrences(of: "-bot", with: "")
                let permission = try #require(needs[event], "step \(step)")
                #expect(Role(rawValue: role)?.permissions.contains(permission) == true, "\(event) by \(role)")
            }
        }
    }

    /// Each step records the token's name and the person an integration names.
    @Test func stepsRecordTheirActor() async throws {
        let server = try await Server(at: storeReturnStart, access: Self.access)
        try await server.run { api in
            let integrator = Auth.header("Bearer \(Self.tokens[.integrator] ?? "")")
            let agent = Auth.header("Bearer \(Self.tokens[.agent] ?? "")")
            #expect(try await api.post("/v1/cases", json: ["workflow": "return", "id": "R-1", "data": storeReturn], auth: integrator).status == .created)
            let cases = try await api.get("/v1/cases/R-1", auth: agent).json
            let taskID = try #require(cases["tasks"].array.first?["id"].string)
            let completed = try await api.post("/v1/tasks/\(taskID)/complete", json: ["outcome": "approve", "actor": "li.wei"], auth: agent)
            #expect(completed.status == .ok)
            #expect(completed.json["actor"] == ["person": "li.wei", "token": "agent-bot"])
            let history = try await api.get("/v1/cases/R-1/history", auth: agent).json.array
            #expect(history.map { $0["actor"] } == [["token": "integrator-bot"], ["person": "li.wei", "token": "agent-bot"]])
            #expect(try await api.get("/v1/cases/R-1", auth: agent).json["updatedBy"] == ["person": "li.wei", "token": "agent-bot"])
            let empty = try await api.post("/v1/cases/R-1/events", json: ["type": "cancel", "actor": ""], auth: integrator)
            #expect(empty.status == .badRequest)
            #expect(empty.error["field"] == "actor")
        }
    }

    /// The `at` window binds every role but a named admin's, who may import or correct a case.
    @Test func adminsMaySetAnyTime() async throws {
        let server = try await Server(at: storeReturnStart, access: Self.access)
        try await server.run { api in
            let body: JSON = ["workflow": "return", "id": "R-old", "data": storeReturn, "at": "2020-01-01T00:00:00+08:00"]
            let integrator = try await api.post("/v1/cases", json: body, auth: .header("Bearer \(Self.tokens[.integrator] ?? "")"))
            #expect(integrator.status == .unprocessableContent)
            #expect(integrator.error["code"] == "time_out_of_range")
            let admin = try await api.post("/v1/cases", json: body, auth: .header("Bearer \(Self.tokens[.admin] ?? "")"))
            #expect(admin.status == .created)
            #expect(admin.json["createdAt"] == "2019-12-31T16:00:00Z")
        }
    }

    /// `/metrics` answers without a token when the daemon opens it for scrapers.
    @Test func openMetrics() async throws {
        var access = Self.access
        access.openMetrics = true
        let server = try await Server(at: storeReturnStart, access: access)
        try await server.run { (api: API) async throws -> Void in
            let metrics = try await api.get("/metrics", auth: .none)
            #expect(metrics.status == .ok)
            let workflows = try await api.get("/v1/workflows", auth: .none)
            #expect(workflows.status == .unauthorized)
        }
    }

    static func pattern(_ uri: String) -> String {
        uri.replacingOccurrences(of: "/R-1-task-1/", with: "/:id/").replacingOccurrences(of: "/deliveries/1/", with: "/deliveries/:id/").replacingOccurrences(of: "/R-1/", with: "/:id/")
            .replacingOccurrences(of: "/returns_desk/", with: "/:queue/")
            .replacingOccurrences(of: "/R-1", with: "/:id")
    }
}

/// The token file: name, role and SHA-256 per line; a bad line stops the daemon, naming it.
@Suite struct TokenFileTests {
    @Test func goodFileIdentifiesTokens() throws {
        let (token, line) = TokenFile.newToken(name: "crm", role: .integrator)
        #expect(token.hasPrefix("cf_") && token.count > 40)
        #expect(!line.contains(token), "the file keeps the hash, never the token")
        let file = try TokenFile.parse("# tokens\n\n\(line)  # the CRM\nwh reader \(String(repeating: "ab", count: 32))\n", path: "t")
        #expect(file.entries.map(\.name) == ["crm", "wh"])
        #expect(file.identify(token) == Identity(name: "crm", role: .integrator))
        #expect(file.identify(token + "x") == nil)
        #expect(file.identify("") == nil)
    }

    /// A file saved with Windows line breaks, a comment first, reads like any other.
    @Test func windowsLineBreaks() throws {
        let (token, line) = TokenFile.newToken(name: "crm", role: .integrator)
        let (other, second) = TokenFile.newToken(name: "ops", role: .admin)
        let file = try TokenFile.parse("# tokens\r\n\(line)\r\n\(second)\r\n", path: "t")
        #expect(file.entries.map(\.name) == ["crm", "ops"])
        #expect(file.identify(token)?.name == "crm")
        #expect(file.identify(other)?.role == .admin)
        let agent = try TokenFile.parse("li agent \(TokenFile.hash("tok-li").map { String(format: "%02x", $0) }.joined()) groups=returns_desk,finance\n", path: "t")
        #expect(agent.identify("tok-li")?.groups == ["returns_desk", "finance"])
        #expect(agent.identify("tok-li")?.candidateNames == ["returns_desk", "finance", "agent"])
    }

    @Test(arguments: [
        ("crm integrator", "t:1: expected 'NAME ROLE SHA256-HEX [groups=A,B]', found 2 words"),
        ("li agent \(String(repeating: "0", count: 64)) teams=a", "t:1: 'teams=a' is not a list of groups"),
        ("li agent \(String(repeating: "0", count: 64)) groups=a,,b", "t:1: 'groups=a,,b' is not a list of groups"),
        ("crm boss \(String(repeating: "0", count: 64))", "t:1: unknown role 'boss'"),
        ("crm admin cf_secret-token", "t:1: 'cf_secret-token' is not a SHA-256 in hex"),
        ("crm admin \(String(repeating: "0", count: 62))", "is not a SHA-256 in hex"),
        ("c/rm admin \(String(repeating: "0", count: 64))", "t:1: token name 'c/rm' may use"),
        ("a admin \(String(repeating: "0", count: 64))\na reader \(String(repeating: "1", count: 64))", "t:2: token name 'a' is listed twice"),
    ])
    func malformedLinesAreNamed(_ text: String, _ message: String) {
        do {
            _ = try TokenFile.parse(text, path: "t")
            Issue.record("'\(text)' was accepted")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }
}
