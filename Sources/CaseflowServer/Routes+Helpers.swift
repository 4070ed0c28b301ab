import CaseflowExpr
import CaseflowModel
import CaseflowStore
import Foundation
import Hummingbird

extension Routes {
    static func authorize(_ request: Request, _ token: String?) throws {
        guard let token else { return }
        guard let header = request.headers[.authorization], header == "Bearer \(token)" else {
            throw APIError(.unauthorized, "unauthorized", "this call changes data and needs the header 'Authorization: Bearer <token>' with the daemon's token")
        }
    }

    /// Reads the body (refusing one over the size limit with 413) and decodes a JSON object.
    static func jsonBody(_ request: Request, _ context: CaseflowContext) async throws -> [String: Value] {
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

    /// The `data` object, flattened to dotted field names.
    static func dataField(_ body: [String: Value], _ key: String) throws -> [String: Value] {
        switch body[key] {
        case nil, .null?: return [:]
        case .map(let m)?: return CaseData.flatten(.map(m))
        case let other?: throw APIError(.badRequest, "bad_request", "'\(key)' must be an object of fields, not \(other.kindName)", field: key)
        }
    }

    /// A time the request gives for its step, which must lie within `window` of `now`.
    static func timeField(_ body: [String: Value], _ key: String, within window: AtWindow, now: Timestamp) throws -> Timestamp? {
        guard let text = try optionalString(body, key) else { return nil }
        guard let t = Timestamp(rfc3339: text) else {
            throw APIError(.badRequest, "bad_request", "'\(key)' must be an RFC 3339 time with a zone, e.g. 2026-03-09T10:00:00+08:00", field: key)
        }
        if let refusal = window.refusal(t, now: now) {
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

    static func limit(_ text: Substring?) -> Int {
        text.flatMap { Int($0) }.map { min(max($0, 1), 1000) } ?? 100
    }

    static func call<T>(_ body: () async throws(ServiceError) -> T) async throws -> T {
        do { return try await body() } catch { throw APIError(error) }
    }

    static func read<T>(_ body: () throws(StoreError) -> T) throws -> T {
        do { return try body() } catch { throw APIError(ServiceError(error)) }
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
