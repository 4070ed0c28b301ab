/// What a token may do. Each route asks for one permission; a role grants a set of them.
public enum Permission: Sendable, Hashable {
    /// Read cases, their history, tasks, workflows, metrics and the API document.
    case read
    /// Create cases and send them events.
    case sendEvents
    /// Complete tasks.
    case completeTasks
    /// Claim a task from its queue and release it.
    case claimTasks
    /// Give a task to someone, and release anyone's.
    case assignTasks
    /// Reload definitions.
    case administer
}

/// The roles a token can have.
public enum Role: String, Sendable, CaseIterable {
    /// Everything.
    case admin
    /// Systems that open cases and report what happened: create, send events, read.
    case integrator
    /// People and workers who do tasks: read cases and tasks, claim and complete tasks.
    case agent
    /// Team leads: what agents do, and assign tasks to them or take tasks back.
    case supervisor
    /// Dashboards and auditors: read only.
    case reader

    public var permissions: Set<Permission> {
        switch self {
        case .admin: [.read, .sendEvents, .completeTasks, .claimTasks, .assignTasks, .administer]
        case .integrator: [.read, .sendEvents]
        case .agent: [.read, .completeTasks, .claimTasks]
        case .supervisor: [.read, .completeTasks, .claimTasks, .assignTasks]
        case .reader: [.read]
        }
    }
}

/// Who sent a request: the token's name and role, found by the authentication middleware.
public struct Identity: Sendable, Hashable {
    /// The token's name from the token file (`crm`, `agent-li`); nil when authentication is off.
    public var name: String?
    public var role: Role
    /// The groups the token file gives it (`groups=returns_desk,finance`): which tasks'
    /// candidates it is among, with its role's name.
    public var groups: Set<String>

    public init(name: String?, role: Role, groups: Set<String> = []) {
        self.name = name
        self.role = role
        self.groups = groups
    }

    /// Its groups and its role's name, as a task's `candidates` are matched against.
    public var candidateNames: Set<String> { groups.union([role.rawValue]) }

    /// The identity of every request when the daemon runs without tokens (local use only).
    public static let unauthenticated = Identity(name: nil, role: .admin)
}
