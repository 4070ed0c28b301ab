import Hummingbird

/// How the daemon decides who a caller is: no tokens (authentication off, every caller is an
/// admin without a name), or a token file (``TokenFile``; `--token` adds one admin token).
public struct AccessControl: Sendable {
    public var tokens: TokenFile?
    /// Whether `GET /metrics` answers without a token (for scrapers on a private network).
    public var openMetrics = false

    public init(tokens: TokenFile?, openMetrics: Bool = false) {
        self.tokens = tokens
        self.openMetrics = openMetrics
    }

    /// Authentication off: local use only.
    public static let off = AccessControl(tokens: nil)

    /// One admin token, as `--token` gives (its name is `admin`).
    public static func single(_ token: String) -> AccessControl {
        AccessControl(tokens: TokenFile(entries: [.init(name: "admin", role: .admin, hash: TokenFile.hash(token))]))
    }

    /// The caller's identity, or nil for a missing or unknown token.
    func identify(_ request: Request) -> Identity? {
        guard let tokens else { return .unauthenticated }
        // The scheme's name is case-insensitive (RFC 9110 §11.1).
        guard let header = request.headers[.authorization], header.prefix(7).lowercased() == "bearer " else { return nil }
        let token = header.dropFirst(7)
        guard !token.isEmpty, !token.contains(" ") else { return nil }
        return tokens.identify(token)
    }
}

/// Finds the caller's identity from the bearer token, for every route, before anything is
/// looked up; it refuses nothing itself (``RequirePermission`` does, per route).
struct AuthenticateMiddleware: RouterMiddleware {
    typealias Context = CaseflowContext
    let access: AccessControl

    func handle(_ request: Request, context: CaseflowContext, next: (Request, CaseflowContext) async throws -> Response) async throws -> Response {
        var context = context
        context.identity = access.identify(request)
        return try await next(request, context)
    }
}

/// Refuses a request whose caller lacks `permission`: 401 without a known token, 403 for a
/// token whose role does not grant it. Decided before the handler runs, so a caller without
/// read rights cannot learn whether a case exists.
struct RequirePermission: RouterMiddleware {
    typealias Context = CaseflowContext
    let permission: Permission

    func handle(_ request: Request, context: CaseflowContext, next: (Request, CaseflowContext) async throws -> Response) async throws -> Response {
        guard let identity = context.identity else {
            throw APIError(.unauthorized, "unauthorized", "this call needs the header 'Authorization: Bearer <token>' with a token from the daemon's token file (caseflow tokens add NAME --role ROLE)")
        }
        guard identity.role.permissions.contains(permission) else {
            let allowed = Role.allCases.filter { $0.permissions.contains(permission) }.map(\.rawValue).joined(separator: ", ")
            throw APIError(.forbidden, "forbidden", "token '\(identity.name ?? "")' has the role \(identity.role.rawValue), which may not \(permission.verb); this call needs one of: \(allowed)")
        }
        return try await next(request, context)
    }
}

extension Permission {
    /// What the permission allows, for messages.
    var verb: String {
        switch self {
        case .read: "read"
        case .sendEvents: "create cases or send events"
        case .completeTasks: "complete tasks"
        case .claimTasks: "claim or release tasks"
        case .assignTasks: "assign tasks"
        case .administer: "administer the daemon"
        }
    }
}
