import Foundation
import Hummingbird

/// Answers what no route takes with the API's JSON error body: a known path with a method it
/// does not take is 405 with `Allow`, an unknown path 404; a path with an empty segment (`//`)
/// is not collapsed into another route but refused as unknown.
struct RequestShapeMiddleware: RouterMiddleware {
    typealias Context = CaseflowContext

    func handle(_ request: Request, context: CaseflowContext, next: (Request, CaseflowContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path.contains("//") || (path.count > 1 && path.hasSuffix("/")) {
            throw Self.notFound(path)
        }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = Routes.table.filter { Self.matches($0.path, path) }.map(\.method)
            if !allowed.isEmpty {
                throw APIError(.methodNotAllowed, "method_not_allowed",
                               "\(request.method) is not a method of \(path); it takes \(allowed.map(\.rawValue).joined(separator: ", "))",
                               allow: allowed.map(\.rawValue).joined(separator: ", "))
            }
            throw Self.notFound(path)
        }
    }

    private static func notFound(_ path: String) -> APIError {
        APIError(.notFound, "not_found", "no route \(path); the API document (GET /openapi.json) lists every route")
    }

    /// Whether `path` has the shape of `pattern` (`:id` matches one segment).
    static func matches(_ pattern: String, _ path: String) -> Bool {
        let p = pattern.split(separator: "/", omittingEmptySubsequences: false)
        let q = path.split(separator: "/", omittingEmptySubsequences: false)
        return p.count == q.count && zip(p, q).allSatisfy { $0.hasPrefix(":") ? !$1.isEmpty : $0 == $1 }
    }
}
