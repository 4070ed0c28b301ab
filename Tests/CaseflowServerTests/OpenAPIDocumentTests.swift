import CaseflowServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The API document (`Sources/CaseflowServer/Resources/openapi.json`) and the router agree:
/// every route is an operation of the document and every operation a route; every operation
/// says who may call it and lists the refusals it can give; and the router does what the
/// document says about roles, wrong methods and unknown paths.
@Suite struct OpenAPIDocumentTests {
    static let roles = Role.allCases.map(\.rawValue)

    @Test func theDocumentIsOpenAPI31WithBearerAuthentication() throws {
        let document = try APIDocumentModel.load()
        #expect(document.version.hasPrefix("3.1."), "openapi is '\(document.version)'")
        #expect(!document.bearerSchemes.isEmpty, "no security scheme of type http, scheme bearer")
        #expect(document.unresolvedReferences.isEmpty, "references to nothing: \(document.unresolvedReferences)")
        #expect(!document.operations.isEmpty)
    }

    /// A route the document lacks, or an operation no route serves, fails here by name.
    @Test func everyRouteIsAnOperationAndEveryOperationARoute() async throws {
        let document = try APIDocumentModel.load()
        let server = try await Server()
        let router = Routes.router(service: server.service, store: server.store, access: .off, registry: server.registry)
        // `router.routes` lists what the trie holds, captures as `{id}`. A catch-all (`*`, `**`)
        // would be a fallback, not an operation.
        let routed = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" }.filter { !$0.contains("*") })
        let documented = Set(document.operations.map(\.description))
        #expect(documented.count == document.operations.count, "an operation is listed twice")
        for route in routed.subtracting(documented).sorted() {
            Issue.record("the router serves \(route), which the API document lacks")
        }
        for operation in documented.subtracting(routed).sorted() {
            Issue.record("the API document has \(operation), which no route serves")
        }
        // The table the 405 answers are built from is the router's.
        let table = Set(Routes.table.map { "\($0.method.rawValue) \(openAPIPath($0.path))" })
        #expect(table == routed, "Routes.table and the router differ: table only \(table.subtracting(routed).sorted()), router only \(routed.subtracting(table).sorted())")
    }

    @Test func everyOperationListsWhoMayCallItAndItsRefusals() throws {
        let document = try APIDocumentModel.load()
        var operationIDs: Set<String> = []
        for op in document.operations {
            let responses = op.responses
            if let id = op.operationID {
                #expect(operationIDs.insert(id).inserted, "\(op): operationId '\(id)' is used twice")
            } else {
                Issue.record("\(op) has no operationId")
            }
            #expect(responses.contains { $0.hasPrefix("2") }, "\(op) has no success answer")

            if op.description == "GET /healthz" {
                #expect(op.security.isEmpty || op.security.contains([]), "GET /healthz must need no token")
                #expect(!responses.contains("401"), "GET /healthz answers without a token, so never 401")
                #expect(op.roles == nil, "GET /healthz is open to all, with or without a role")
            } else {
                #expect(!op.security.isEmpty && op.security.allSatisfy { !$0.isEmpty && $0.allSatisfy(document.bearerSchemes.contains) },
                        "\(op) must require the bearer scheme, not \(op.security)")
                #expect(responses.contains("401"), "\(op) lacks 401")
                let roles = op.roles ?? []
                #expect(!roles.isEmpty && roles.allSatisfy(Self.roles.contains), "\(op): x-roles \(roles) must name roles of \(Self.roles)")
                #expect(roles.contains("admin"), "\(op): admin may do everything")
                if Set(roles) == Set(Self.roles) {
                    #expect(!responses.contains("403"), "\(op): every role may call it, so it is never 403")
                } else {
                    #expect(responses.contains("403"), "\(op): only \(roles) may call it, so it lists 403")
                }
            }
            if op.hasBody || !op.queryParameters.isEmpty {
                #expect(responses.contains("400"), "\(op) takes \(op.hasBody ? "a body" : "query parameters") but lacks 400")
            }
            if op.hasBody {
                #expect(op.bodyIsClosed, "\(op): the request body must say additionalProperties: false (unknown keys are 400)")
                #expect(responses.contains("413"), "\(op) takes a body but lacks 413")
            }
            #expect(op.pathParameters.sorted() == templateParameters(op.path).sorted(),
                    "\(op): path parameters \(op.pathParameters) do not match the path")
            // A queue is a name tasks carry, not a thing looked up: a queue with no task answers 204.
            if !op.pathParameters.isEmpty && op.pathParameters != ["queue"] {
                #expect(responses.contains("404"), "\(op) looks something up by id but lacks 404")
            }
        }
    }

    /// Each operation called with no token, a wrong token and a token of each role: 401 and 403
    /// exactly as the document says, and every answer's status one the operation lists.
    @Test func rolesAreTheRoutersRoles() async throws {
        let document = try APIDocumentModel.load()
        let server = try await Server()
        var tokens: [String: String] = [:]
        var lines: [String] = []
        for role in Role.allCases {
            let made = TokenFile.newToken(name: "test-\(role.rawValue)", role: role)
            tokens[role.rawValue] = made.token
            lines.append(made.line)
        }
        let path = server.directory.path("tokens")
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let access = AccessControl(tokens: try TokenFile.load(path), openMetrics: false)
        let app = Application(router: Routes.router(service: server.service, store: server.store, access: access, registry: server.registry))
        let allTokens = tokens
        try await app.test(.router) { client in
            let api = API(client: client, token: nil)
            for op in document.operations {
                let method = try #require(HTTPRequest.Method(op.method))
                let body: [UInt8]? = op.hasBody ? Array("{}".utf8) : nil
                func call(_ auth: Auth) async throws -> Reply {
                    let reply = try await api.send(op.samplePath, method, body: body, auth: auth)
                    #expect(op.responses.contains(String(reply.status.code)), "\(op) answered \(reply), a status the document does not list")
                    #expect(reply.status.code < 500, "\(op) → \(reply)")
                    return reply
                }
                for auth in [Auth.none, .header("Bearer not-a-token")] {
                    let reply = try await call(auth)
                    if op.description == "GET /healthz" {
                        #expect(reply.status == .ok, "\(op) → \(reply)")
                    } else {
                        #expect(reply.status == .unauthorized, "\(op) without a known token → \(reply)")
                        #expect(reply.error["code"] == "unauthorized", "\(op) → \(reply)")
                        #expect(reply.headers[.wwwAuthenticate] == "Bearer")
                    }
                }
                for role in Self.roles {
                    let reply = try await call(.header("Bearer \(allTokens[role] ?? "")"))
                    if op.roles == nil || op.roles?.contains(role) == true {
                        #expect(reply.status != .unauthorized && reply.status != .forbidden, "\(op) as \(role) → \(reply)")
                    } else {
                        #expect(reply.status == .forbidden, "\(op) as \(role) → \(reply)")
                        #expect(reply.error["code"] == "forbidden", "\(op) as \(role) → \(reply)")
                    }
                }
            }
        }
    }

    /// The query parameters and body keys the document lists are the ones the routes take: one
    /// the document lacks is 400 naming it, whose message lists what the call takes — the
    /// document's list, no more and no less — and each documented one is judged on its value,
    /// never refused as unknown.
    @Test func queryParametersAndBodyKeysAreTheRoutesOwn() async throws {
        let document = try APIDocumentModel.load()
        let server = try await Server()
        let app = Application(router: Routes.router(service: server.service, store: server.store, access: .off, registry: server.registry))
        try await app.test(.router) { client in
            let api = API(client: client, token: nil)
            for op in document.operations {
                let method = try #require(HTTPRequest.Method(op.method))
                let body: [UInt8]? = op.hasBody ? Array("{}".utf8) : nil
                for name in op.queryParameters {
                    let reply = try await api.send("\(op.samplePath)?\(name)=1", method, body: body, auth: .none)
                    #expect(reply.status.code < 500, "\(op) ?\(name)=1 → \(reply)")
                    if reply.error["field"] == .string(name) {
                        #expect(reply.error["message"].string?.contains("unknown query parameter") != true,
                                "\(op) refuses the documented query parameter '\(name)' as unknown: \(reply)")
                    }
                }
                let unknown = try await api.send("\(op.samplePath)?zz_undocumented=1", method, body: body, auth: .none)
                #expect(unknown.status == .badRequest && unknown.error["field"] == "zz_undocumented",
                        "\(op) takes a query parameter the document lacks: \(unknown)")
                let takesQuery = namesTaken(unknown.error["message"].string)
                #expect(takesQuery == Set(op.queryParameters),
                        "\(op): the route takes the query parameters \(takesQuery.map { $0.sorted() }.map(String.init(describing:)) ?? "(its message does not say)"), the document lists \(op.queryParameters.sorted())")
                guard op.hasBody else { continue }
                for key in op.bodyProperties {
                    let reply = try await api.send(op.samplePath, method, body: Array("{\"\(key)\": null}".utf8), auth: .none)
                    #expect(reply.status.code < 500, "\(op) {\(key): null} → \(reply)")
                    if reply.error["field"] == .string(key) {
                        #expect(reply.error["message"].string?.contains("unknown key") != true,
                                "\(op) refuses the documented body key '\(key)' as unknown: \(reply)")
                    }
                }
                let extra = try await api.send(op.samplePath, method, body: Array("{\"zz_undocumented\": null}".utf8), auth: .none)
                #expect(extra.status == .badRequest && extra.error["field"] == "zz_undocumented",
                        "\(op) takes a body key the document lacks: \(extra)")
                let takesKeys = namesTaken(extra.error["message"].string)
                #expect(takesKeys == Set(op.bodyProperties),
                        "\(op): the route takes the body keys \(takesKeys.map { $0.sorted() }.map(String.init(describing:)) ?? "(its message does not say)"), the document lists \(op.bodyProperties.sorted())")
            }
        }
    }

    /// What the document promises for requests no operation takes: a known path with another
    /// method is 405 with `Allow` listing the path's methods; an unknown path is 404; both with
    /// the JSON error body.
    @Test func wrongMethodsAndUnknownPathsAreRefusedAsDocumented() async throws {
        let document = try APIDocumentModel.load()
        let server = try await Server()
        let app = Application(router: Routes.router(service: server.service, store: server.store, access: .off, registry: server.registry))
        try await app.test(.router) { client in
            let api = API(client: client, token: nil)
            let byPath = Dictionary(grouping: document.operations, by: \.path)
            for (path, operations) in byPath.sorted(by: { $0.key < $1.key }) {
                let methods = Set(operations.map(\.method))
                let sample = operations[0].samplePath
                for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] where !methods.contains(method.rawValue) {
                    let reply = try await api.send(sample, method, body: method == .get ? nil : Array("{}".utf8), auth: .none)
                    #expect(reply.status == .methodNotAllowed, "\(method) \(path) → \(reply)")
                    #expect(reply.error["code"] == "method_not_allowed", "\(method) \(path) → \(reply)")
                    let allow = Set((reply.headers[.allow] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                    #expect(allow == methods, "\(method) \(path): Allow is '\(reply.headers[.allow] ?? "")', the document has \(methods.sorted())")
                }
            }
            for uri in ["/v1/nowhere", "/v2/cases", "/v1/cases/R-1/nothing", "/v1//cases"] {
                let reply = try await api.send(uri, .get, body: nil, auth: .none)
                #expect(reply.status == .notFound, "GET \(uri) → \(reply)")
                #expect(reply.error["code"] == "not_found", "GET \(uri) → \(reply)")
            }
        }
    }

    /// `GET /openapi.json` serves this very file.
    @Test func theDaemonServesTheDocument() async throws {
        let document = try APIDocumentModel.load()
        let server = try await Server()
        let app = Application(router: Routes.router(service: server.service, store: server.store, access: .off, registry: server.registry))
        try await app.test(.router) { client in
            let reply = try await API(client: client, token: nil).send("/openapi.json", .get, body: nil, auth: .none)
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType]?.hasPrefix("application/json") == true)
            let same = reply.bytes == document.bytes
            #expect(same, "the served document (\(reply.bytes.count) bytes) is not Sources/CaseflowServer/Resources/openapi.json (\(document.bytes.count) bytes)")
        }
    }
}

/// A route pattern (`/v1/cases/:id`) as an OpenAPI path (`/v1/cases/{id}`).
private func openAPIPath(_ pattern: String) -> String {
    pattern.split(separator: "/", omittingEmptySubsequences: false)
        .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
        .joined(separator: "/")
}

/// Whether a value JSONSerialization read is the JSON `false` (a Bool or, on some platforms, an NSNumber).
private func isFalse(_ value: Any?) -> Bool {
    if let bool = value as? Bool { return !bool }
    if let number = value as? NSNumber { return !number.boolValue }
    return false
}

/// The names a refusal of an unknown query parameter or body key says the call takes
/// ("…; this call takes 'workflow', 'state'" or "…; this call takes no query parameters"), or nil
/// when its message does not say.
private func namesTaken(_ message: String?) -> Set<String>? {
    guard let message else { return nil }
    if message.hasSuffix("this call takes no query parameters") { return [] }
    guard let range = message.range(of: "this call takes ", options: .backwards) else { return nil }
    let quoted = message[range.upperBound...].split(separator: "'", omittingEmptySubsequences: false)
    return Set(quoted.enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) })
}

/// The `{name}`s of an OpenAPI path.
private func templateParameters(_ path: String) -> [String] {
    path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
}

/// One operation of the API document, reduced to what the tests compare.
private struct DocumentedOperation: Sendable, CustomStringConvertible {
    /// `GET`, `POST`, …
    let method: String
    /// `/v1/cases/{id}`
    let path: String
    let operationID: String?
    /// The statuses it lists: `200`, `400`, …
    let responses: Set<String>
    /// The security requirements in force (the operation's, else the document's): each the
    /// names of the schemes it needs; an empty requirement means no authentication.
    let security: [[String]]
    let hasBody: Bool
    /// Whether the body's schema says `additionalProperties: false`.
    let bodyIsClosed: Bool
    /// The keys the body's schema names.
    let bodyProperties: [String]
    let queryParameters: [String]
    let pathParameters: [String]
    /// `x-roles`: the roles that may call it.
    let roles: [String]?

    var description: String { "\(method) \(path)" }

    /// The path with each parameter filled in with an id that names nothing.
    var samplePath: String {
        templateParameters(path).reduce(path) { $0.replacingOccurrences(of: "{\($1)}", with: "no-such-\($1)") }
    }
}

/// The API document read with `JSONSerialization`, reduced to Sendable values.
private struct APIDocumentModel: Sendable {
    let bytes: [UInt8]
    let version: String
    let operations: [DocumentedOperation]
    /// Names of the security schemes of type `http` with scheme `bearer`.
    let bearerSchemes: Set<String>
    /// `$ref`s that point at nothing in the document.
    let unresolvedReferences: [String]

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// The repository root, from this file: Tests/CaseflowServerTests/OpenAPIDocumentTests.swift.
    static var path: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CaseflowServer/Resources/openapi.json")
    }

    static func load(sourceLocation: SourceLocation = #_sourceLocation) throws -> APIDocumentModel {
        let data = try Data(contentsOf: path)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "the document is not a JSON object",
                                sourceLocation: sourceLocation)

        func pointer(_ ref: String) -> [String: Any]? {
            guard ref.hasPrefix("#/") else { return nil }
            var node: Any = root
            for raw in ref.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
                let key = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                guard let next = (node as? [String: Any])?[key] else { return nil }
                node = next
            }
            return node as? [String: Any]
        }
        func resolve(_ value: Any?) -> [String: Any]? {
            var current = value as? [String: Any]
            var hops = 0
            while let ref = current?["$ref"] as? String, hops < 16 {
                current = pointer(ref)
                hops += 1
            }
            return current
        }
        // Every `$ref` in the document, found without recursion.
        var unresolved: [String] = []
        var pending: [Any] = [root]
        while let value = pending.popLast() {
            if let object = value as? [String: Any] {
                if let ref = object["$ref"] as? String, pointer(ref) == nil { unresolved.append(ref) }
                pending.append(contentsOf: Array(object.values))
            } else if let array = value as? [Any] {
                pending.append(contentsOf: array)
            }
        }

        let schemes = (root["components"] as? [String: Any])?["securitySchemes"] as? [String: Any] ?? [:]
        let bearer = Set(schemes.compactMap { name, value -> String? in
            guard let scheme = resolve(value), scheme["type"] as? String == "http",
                  (scheme["scheme"] as? String)?.lowercased() == "bearer" else { return nil }
            return name
        })
        func requirements(_ value: Any?) -> [[String]]? {
            (value as? [Any]).map { $0.map { (($0 as? [String: Any]) ?? [:]).keys.sorted() } }
        }
        let documentSecurity = requirements(root["security"]) ?? []

        var operations: [DocumentedOperation] = []
        let paths = root["paths"] as? [String: Any] ?? [:]
        for (path, rawItem) in paths.sorted(by: { $0.key < $1.key }) {
            guard let item = resolve(rawItem) else { continue }
            let shared = (item["parameters"] as? [Any] ?? []).compactMap(resolve)
            for method in methods {
                guard let op = item[method] as? [String: Any] else { continue }
                let parameters = shared + (op["parameters"] as? [Any] ?? []).compactMap(resolve)
                func names(in location: String) -> [String] {
                    parameters.filter { $0["in"] as? String == location }.compactMap { $0["name"] as? String }
                }
                let body = resolve(op["requestBody"])
                let bodySchema = resolve((((body?["content"] as? [String: Any])?["application/json"]) as? [String: Any])?["schema"])
                operations.append(DocumentedOperation(
                    method: method.uppercased(), path: path, operationID: op["operationId"] as? String,
                    responses: Set((op["responses"] as? [String: Any] ?? [:]).keys),
                    security: requirements(op["security"]) ?? documentSecurity,
                    hasBody: body != nil,
                    bodyIsClosed: isFalse(bodySchema?["additionalProperties"]),
                    bodyProperties: ((bodySchema?["properties"] as? [String: Any]) ?? [:]).keys.sorted(),
                    queryParameters: names(in: "query"), pathParameters: names(in: "path"),
                    roles: (op["x-roles"] as? [Any])?.compactMap { $0 as? String }))
            }
        }
        return APIDocumentModel(bytes: [UInt8](data), version: root["openapi"] as? String ?? "", operations: operations,
                                bearerSchemes: bearer, unresolvedReferences: unresolved.sorted())
    }
}
