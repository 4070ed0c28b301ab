/// What a token may do. Each route asks for one permission; a role grants a set of them.
public enum Permission: Sendable, Hashable {
    /// Read cases, their history, tasks, workflows, metrics and the API document.
    case read
    /// Create cases and send them events.
    case sendEvents
    /// Complete tasks.
    case completeTasks
    /// Reload definitions.
    case administer
}

/// The roles a token can have.
public enum Role: String, Sendable, CaseIterable {
    /// Everything.
    case admin
    /// Systems that open cases and report what happened: create, send events, read.
    case integrator
    /// People and workers who do tasks: read cases and tasks, complete tasks.
    case agent
    /// Dashboards and auditors: read only.
    case reader

    public var permissions: Set<Permission> {
        switch self {
        case .admin: [.read, .sendEvents, .completeTasks, .administer]
        case .integrator: [.read, .sendEvents]
        case .agent: [.read, .completeTasks]
        case .reader: [.read]
        }
    }
}

/// Who sent a request: the token's name and role, found by the authentication middleware.
public struct Identity: Sendable, Hashable {
    /// The token's name from the token file (`crm`, `agent-li`); nil when authentication is off.
    public var name: String?
    public var role: Role

    public init(name: String?, role: Role) {
        self.name = name
        self.role = role
    }

    /// The identity of every request when the daemon runs without tokens (local use only).
    public static let unauthenticated = Identity(name: nil, role: .admin)
}
