import CaseflowStore
import Foundation
import Hummingbird

/// The opaque cursor of a listing: where the next page starts. A page that is not the last
/// carries it in the `Next-Cursor` header; the client sends it back as `?cursor=`, with the
/// same filters. Its form (base64url of a position) is no contract.
enum Cursor {
    static let header = HTTPFields.Element.Name("Next-Cursor")!

    static func encode(_ position: Int64) -> String {
        Base64URL.encode("p\(position)".utf8)
    }

    /// The position a `cursor` parameter names; 400 for one this daemon did not give.
    static func decode(_ text: String?) throws -> Int64? {
        guard let text else { return nil }
        guard let data = Base64URL.decode(text), let plain = String(data: data, encoding: .utf8),
              plain.hasPrefix("p"), let position = Int64(plain.dropFirst()), position >= 0 else {
            throw APIError(.badRequest, "bad_request", "'cursor' is not a cursor this API gave; send back the Next-Cursor header of the previous page unchanged", field: "cursor")
        }
        return position
    }

    /// The answer with the next page's cursor, when there is one.
    static func paged(_ response: Response, next: Int64?, key: Int64? = nil) -> Response {
        var response = response
        if let next { response.headers[header] = key.map { Base64URL.encode("k\($0).\(next)".utf8) } ?? encode(next) }
        return response
    }

    /// Where a sorted listing's page starts: `k<key>.<position>`, or a plain position.
    static func decodePosition(_ text: String?) throws -> ListPosition? {
        guard let text else { return nil }
        if let data = Base64URL.decode(text), let plain = String(data: data, encoding: .utf8), plain.hasPrefix("k") {
            let parts = plain.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, let key = Int64(parts[0]), let position = Int64(parts[1]), position >= 0 else {
                throw APIError(.badRequest, "bad_request", "'cursor' is not a cursor this API gave; send back the Next-Cursor header of the previous page unchanged", field: "cursor")
            }
            return ListPosition(key: key, position: position)
        }
        return try decode(text).map { ListPosition(key: nil, position: $0) }
    }
}
