import CaseflowEngine
import CaseflowExpr
import CaseflowServer
import CaseflowStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import Testing

/// The repository root, found from this file: Tests/CaseflowServerTests/Support/ServerFixture.swift.
let repoRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A temporary directory, removed when the last owner lets go of it.
final class TempDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("caseflow-server-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Parses an RFC 3339 time the tests write as a literal.
func time(_ text: String) -> Timestamp {
    guard let t = Timestamp(rfc3339: text) else { fatalError("bad test time \(text)") }
    return t
}

/// One daemon under test: a fresh SQLite file in its own temporary directory, a hand-set clock,
/// the case service over the shipped definitions (or a copy of them that a test may edit), and
/// a Prometheus registry.
final class Server: Sendable {
    let directory: TempDirectory
    let store: SQLiteStore
    let clock: ManualClock
    let service: CaseService
    let registry: PrometheusCollectorRegistry
    let token: String?
    /// Tokens with roles; nil: the single admin `token`, or none.
    let access: AccessControl?
    let workflows: String
    let rules: String
    /// The webhook subscriptions file, when the test gave one.
    let subscriptions: String?

    /// - Parameters:
    ///   - start: the clock's time.
    ///   - token: the bearer token mutating calls need, or nil for none.
    ///   - copyDefinitions: load from a copy of workflows/ and rules/ in the temporary directory,
    ///     so the test can change the files and reload.
    ///   - files: more definition files for the copy, by path (`workflows/intake.yaml`), written
    ///     before the daemon starts.
    init(at start: String = "2026-03-02T09:00:00+08:00", token: String? = nil, access: AccessControl? = nil, copyDefinitions: Bool = false,
         files: [String: String] = [:], subscriptions: String? = nil) async throws {
        let directory = try TempDirectory()
        if let subscriptions { try subscriptions.write(toFile: directory.path("subscriptions.yaml"), atomically: true, encoding: .utf8) }
        self.subscriptions = subscriptions == nil ? nil : directory.path("subscriptions.yaml")
        var workflows = repoRoot.appendingPathComponent("workflows").path
        var rules = repoRoot.appendingPathComponent("rules").path
        if copyDefinitions || !files.isEmpty {
            let copy = directory.url.appendingPathComponent("definitions", isDirectory: true)
            try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
            for name in ["workflows", "rules"] {
                try FileManager.default.copyItem(at: repoRoot.appendingPathComponent(name), to: copy.appendingPathComponent(name))
            }
            for (path, text) in files {
                try text.write(to: copy.appendingPathComponent(path), atomically: true, encoding: .utf8)
            }
            workflows = copy.appendingPathComponent("workflows").path
            rules = copy.appendingPathComponent("rules").path
        }
        let clock = ManualClock(time(start))
        let store = try SQLiteStore(path: directory.path("cases.sqlite"))
        self.directory = directory
        self.store = store
        self.clock = clock
        self.token = token
        self.access = access
        self.workflows = workflows
        self.rules = rules
        self.registry = PrometheusCollectorRegistry()
        self.service = try await CaseService(store: store, clock: clock, workflows: workflows, rules: rules, logger: Logger(label: "test"),
                                             subscriptions: self.subscriptions)
    }

    /// A second daemon on the same database file and definition files, as after a restart.
    init(restarting other: Server) async throws {
        directory = other.directory
        store = try SQLiteStore(path: other.directory.path("cases.sqlite"))
        clock = other.clock
        token = other.token
        access = other.access
        workflows = other.workflows
        rules = other.rules
        subscriptions = other.subscriptions
        registry = PrometheusCollectorRegistry()
        service = try await CaseService(store: store, clock: clock, workflows: workflows, rules: rules, logger: Logger(label: "test"),
                                        subscriptions: subscriptions)
    }

    /// Runs `body` against the HTTP API, in process (`.router`) or over a socket (`.live`);
    /// `routesStore` replaces the store the routes read from (the service keeps its own).
    func run(_ setup: TestingSetup = .router, routesStore: (any CaseStore)? = nil,
             _ body: @escaping @Sendable (API) async throws -> Void) async throws {
        let app = Application(router: Routes.router(service: service, store: routesStore ?? store, access: access ?? token.map(AccessControl.single) ?? .off, registry: registry))
        try await app.test(setup) { client in
            try await body(API(client: client, token: self.token))
        }
    }

    /// Moves the clock and fires whatever fell due, as the scheduler would.
    @discardableResult
    func tick(at text: String) async -> Int {
        clock.set(time(text))
        return await service.tick()
    }

    /// Rewrites one file of the copied definitions (`workflows/return.yaml`), checking that each
    /// replaced text was there.
    func edit(_ relative: String, _ replacements: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = URL(fileURLWithPath: workflows).deletingLastPathComponent().appendingPathComponent(relative).path
        var text = try String(contentsOfFile: path, encoding: .utf8)
        for (old, new) in replacements {
            #expect(text.contains(old), "'\(old)' is not in \(relative)", sourceLocation: sourceLocation)
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

/// How a request authenticates.
enum Auth: Sendable {
    /// The server's token, when it has one.
    case server
    /// No Authorization header.
    case none
    /// This exact Authorization header.
    case header(String)
}

/// A small client over HummingbirdTesting's, answering `Reply`s.
struct API: Sendable {
    let client: any TestClientProtocol
    let token: String?

    func get(_ uri: String, auth: Auth = .server) async throws -> Reply {
        try await send(uri, .get, body: nil, auth: auth)
    }

    func post(_ uri: String, _ body: String = "{}", auth: Auth = .server) async throws -> Reply {
        try await send(uri, .post, body: Array(body.utf8), auth: auth)
    }

    func post(_ uri: String, bytes: [UInt8], auth: Auth = .server) async throws -> Reply {
        try await send(uri, .post, body: bytes, auth: auth)
    }

    /// POSTs a JSON value built from a Swift literal.
    func post(_ uri: String, json: JSON, auth: Auth = .server) async throws -> Reply {
        try await send(uri, .post, body: Array(json.text.utf8), auth: auth)
    }

    func send(_ uri: String, _ method: HTTPRequest.Method, body: [UInt8]?, auth: Auth) async throws -> Reply {
        var headers = HTTPFields()
        if body != nil { headers[.contentType] = "application/json" }
        switch auth {
        case .server: if let token { headers[.authorization] = "Bearer \(token)" }
        case .none: break
        case .header(let value): headers[.authorization] = value
        }
        let response = try await client.execute(uri: uri, method: method, headers: headers,
                                                 body: body.map { ByteBuffer(bytes: $0) })
        return Reply(status: response.status, headers: response.headers, bytes: Array(response.body.readableBytesView))
    }

    // Shorthands for the calls most tests make.

    func createCase(_ workflow: String, id: String, data: JSON, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Reply {
        let reply = try await post("/v1/cases", json: ["workflow": .string(workflow), "id": .string(id), "data": data])
        #expect(reply.status == .created, "\(reply.text)", sourceLocation: sourceLocation)
        return reply
    }

    func event(_ caseID: String, _ type: String, data: JSON = [:], id: String? = nil,
               sourceLocation: SourceLocation = #_sourceLocation) async throws -> Reply {
        var body: [String: JSON] = ["type": .string(type), "data": data]
        if let id { body["id"] = .string(id) }
        let reply = try await post("/v1/cases/\(caseID)/events", json: .object(body))
        #expect(reply.status == .ok, "\(reply.text)", sourceLocation: sourceLocation)
        return reply
    }

    /// Completes the case's one open task called `name` with `outcome`.
    func complete(_ caseID: String, task name: String, _ outcome: String, data: JSON = [:],
                  sourceLocation: SourceLocation = #_sourceLocation) async throws -> Reply {
        let taskID = try await openTaskID(caseID, name, sourceLocation: sourceLocation)
        let reply = try await post("/v1/tasks/\(taskID)/complete", json: ["outcome": .string(outcome), "data": data])
        #expect(reply.status == .ok, "\(reply.text)", sourceLocation: sourceLocation)
        return reply
    }

    func openTaskID(_ caseID: String, _ name: String, auth: Auth = .server, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let tasks = try await get("/v1/cases/\(caseID)", auth: auth).json["tasks"].array.filter { $0["name"] == .string(name) }
        try #require(tasks.count == 1, "case \(caseID) has \(tasks.count) open '\(name)' tasks", sourceLocation: sourceLocation)
        return try #require(tasks[0]["id"].string, sourceLocation: sourceLocation)
    }

    func caseJSON(_ caseID: String) async throws -> JSON {
        try await get("/v1/cases/\(caseID)").json
    }

    func history(_ caseID: String) async throws -> [JSON] {
        try await get("/v1/cases/\(caseID)/history").json.array
    }
}

/// An HTTP answer.
struct Reply: Sendable, CustomStringConvertible {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let bytes: [UInt8]

    var text: String { String(decoding: bytes, as: UTF8.self) }
    var json: JSON { JSON.parse(bytes) }
    /// The `error` object of an error answer.
    var error: JSON { json["error"] }
    var description: String { "\(status.code) \(text)" }
}

/// Open task names of a case or step JSON, in order.
func taskNames(_ json: JSON) -> [String] {
    json["tasks"].array.compactMap { $0["name"].string }
}
