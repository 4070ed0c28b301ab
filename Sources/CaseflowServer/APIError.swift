import Foundation
import Hummingbird

/// An API error as JSON — `{"error": {"code": …, "message": …, "field": …}}` — with the status
/// that fits it, so handlers just throw.
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    let field: String?
    /// For 405: the methods the path takes.
    let allow: String?

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil, allow: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.allow = allow
    }

    init(_ error: ServiceError) {
        let status: HTTPResponse.Status
        switch error.kind {
        case .badRequest: status = .badRequest
        case .notFound: status = .notFound
        case .conflict, .rejected, .taskHeld, .leaseLost: status = .conflict
        case .forbidden: status = .forbidden
        case .invalidData: status = .unprocessableContent
        case .invalidDefinitions: status = .unprocessableContent
        case .unauthorized: status = .unauthorized
        case .tooLarge: status = .contentTooLarge
        case .internalError: status = .internalServerError
        case .unavailable: status = .serviceUnavailable
        }
        self.init(status, error.kind.rawValue, error.message, field: error.field)
    }

    struct Body: Encodable {
        struct Inner: Encodable {
            let code: String
            let message: String
            let field: String?
        }
        let error: Inner
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = Routes.respond(status, Routes.encode(Body(error: .init(code: code, message: message, field: field))))
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        if let allow { response.headers[.allow] = allow }
        if status == .serviceUnavailable { response.headers[.retryAfter] = "1" }
        return response
    }
}
