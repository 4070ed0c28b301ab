import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import CaseflowStore
import Foundation
import Hummingbird

extension Routes {
    /// Reads the body (refusing one over the size limit with 413) and decodes a JSON object
    /// whose keys are all among `keys` (an unknown key is 400 naming it and the closest known
    /// one: a misspelt `"eventId"` must not silently lose its idempotency).
    static func jsonBody(_ request: Request, _ context: CaseflowContext, keys: [String]) async throws -> [String: Value] {
        let body = try await jsonObject(request, context)
        for key in body.keys.sorted() where !keys.contains(key) {
            // `eventId` is too far from `id` for an edit distance, but ends with it.
            let closest = (Suggestion.closest(to: key, among: keys) ?? keys.first { key.lowercased().hasSuffix($0.lowercased()) })
                .map { " (did you mean '\($0)'?)" } ?? ""
            throw APIError(.badRequest, "bad_request", "unknown key '\(key)' in the body\(closest); this call takes \(keys.map { "'\($0)'" }.joined(separator: ", "))", field: key)
        }
        return body
    }

    private static func jsonObject(_ request: Request, _ context: CaseflowContext) async throws -> [String: Value] {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            throw APIError(.contentTooLarge, "too_large", "the body is larger than \(CaseflowContext.maxBodySize) bytes; send less data per request")
        }
        do {
            return try JSONInput.object(Array(buffer.readableBytesView))
        } catch {
            throw APIError(.badRequest, "bad_request", error.message)
        }
    }

    static func optionalString(_ body: [String: Value], _ key: String) throws -> String? {
        switch body[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case let other?: throw APIError(.badRequest, "bad_request", "'\(key)' must be a string, not \(other.kindName)", field: key)
        }
    }

    /// The `data` object's fields as sent: dotted names, nested objects, or both. The engine
    /// flattens nested objects into dotted names against the workflow's schema, which it alone
    /// knows, so that the value of a `map` field may be an object itself.
    static func dataField(_ body: [String: Value], _ key: String) throws -> [String: Value] {
        switch body[key] {
        case nil, .null?: return [:]
        case .map(let m)?: return CaseData.entries(.map(m))
        case let other?: throw APIError(.badRequest, "bad_request", "'\(key)' must be an object of fields, not \(other.kindName)", field: key)
        }
    }

    /// A time the request gives for its step, which must lie within `window` of `now` unless the
    /// caller may set any time (``AtWindow/binds(_:)``).
    static func timeField(_ body: [String: Value], _ key: String, within window: AtWindow, for identity: Identity?, now: Timestamp) throws -> Timestamp? {
        guard let text = try optionalString(body, key) else { return nil }
        guard let t = Timestamp(rfc3339: text) else {
            throw APIError(.badRequest, "bad_request", "'\(key)' must be an RFC 3339 time with a zone, e.g. 2026-03-09T10:00:00+08:00", field: key)
        }
        if window.binds(identity), let refusal = window.refusal(t, now: now) {
            throw APIError(.unprocessableContent, "time_out_of_range", "'\(key)' \(text) \(refusal)", field: key)
        }
        return t
    }

    /// Ids travel in URL paths, so they keep to characters that need no encoding.
    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 128 && id.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "._:-".unicodeScalars.contains($0)
        }
    }

    /// The query parameters, decoded, when every one is among `allowed` and none is repeated;
    /// otherwise 400 naming the parameter and what the call takes.
    @discardableResult
    static func refuseQuery(_ request: Request, allowed: [String]) throws -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in request.uri.queryParameters {
            let key = String(name)
            guard allowed.contains(key) else {
                let takes = allowed.isEmpty ? "this call takes no query parameters" : "this call takes \(allowed.map { "'\($0)'" }.joined(separator: ", "))"
                let closest = Suggestion.closest(to: key, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                throw APIError(.badRequest, "bad_request", "unknown query parameter '\(key)'\(closest); \(takes)", field: key)
            }
            guard result[key] == nil else {
                throw APIError(.badRequest, "bad_request", "query parameter '\(key)' is given twice; give it once", field: key)
            }
            result[key] = String(value)
        }
        return result
    }

    /// The page size: 1 to 1000, 100 when not given.
    static func limit(_ text: String?) throws -> Int {
        guard let text else { return 100 }
        guard let n = Int(text), (1...1000).contains(n) else {
            throw APIError(.badRequest, "bad_request", "'limit' must be a whole number from 1 to 1000 (default 100), not '\(text)'", field: "limit")
        }
        return n
    }

    /// The `{id}` of the path, percent-decoded (`X%3A1` is the case `X:1`).
    static func pathID(_ context: CaseflowContext) throws -> String {
        let raw = try context.parameters.require("id")
        guard let id = raw.removingPercentEncoding else {
            throw APIError(.badRequest, "bad_request", "the id in the path is not valid percent-encoding: '\(raw)'", field: "id")
        }
        return id
    }

    /// The idempotency `id` of a request: 1 to 200 bytes when given.
    /// A whole number of seconds in `range`, or `fallback` when the key is absent or null.
    static func seconds(_ body: [String: Value], _ key: String, in range: ClosedRange<Int64>, default fallback: Int64) throws -> Int64 {
        switch body[key] {
        case nil, .null?: return fallback
        case .int(let n)? where range.contains(n): return n
        default:
            throw APIError(.badRequest, "bad_request", "'\(key)' must be a whole number of seconds from \(range.lowerBound) to \(range.upperBound)", field: key)
        }
    }

    static func requestID(_ body: [String: Value]) throws -> String? {
        guard let id = try optionalString(body, "id") else { return nil }
        guard !id.isEmpty, id.utf8.count <= 200 else {
            throw APIError(.badRequest, "bad_request", "'id' must be 1 to 200 bytes long (it names the request, so a retry can be recognised); got \(id.utf8.count)", field: "id")
        }
        return id
    }

    /// Who made the step: the token's name, and the `actor` of the body (1 to 200 characters),
    /// the person behind an integration.
    static func actorField(_ body: [String: Value], _ context: CaseflowContext) throws -> Actor {
        let person = try optionalString(body, "actor")
        if let person, person.isEmpty || person.count > 200 {
            throw APIError(.badRequest, "bad_request", "'actor' must be 1 to 200 characters: the login or name of the person behind the request", field: "actor")
        }
        return Actor(token: context.identity?.name, person: person)
    }

    static func call<T>(_ body: () async throws(ServiceError) -> T) async throws -> T {
        do { return try await body() } catch { throw APIError(error) }
    }

    static func read<T>(_ body: () async throws(StoreError) -> T) async throws -> T {
        do { return try await body() } catch { throw APIError(ServiceError(error)) }
    }

    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map(Array.init) ?? Array("{}".utf8)
    }

    static func json(_ object: [String: String]) -> Response { ok(encode(object)) }

    static func ok(_ bytes: [UInt8]) -> Response { respond(.ok, bytes) }
    static func created(_ bytes: [UInt8]) -> Response { respond(.created, bytes) }

    static func respond(_ status: HTTPResponse.Status, _ bytes: [UInt8]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
