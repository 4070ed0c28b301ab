import CaseflowExpr

/// One live case: which workflow version it runs, where it is, its data, and what is pending.
///
/// A value: the engine takes one and returns the next in a ``Step``; storage saves it whole.
public struct CaseState: Sendable, Equatable, Codable {
    public var id: String
    public var workflow: String
    /// The workflow version the case started on; it keeps running on it after files change.
    public var version: Int
    /// A content hash of the definition the case started on.
    public var definitionHash: String
    public var state: String
    /// Case data by dotted field name.
    public var data: [String: Value]
    /// Steps applied so far (starting the case is step 1).
    public var step: Int
    public var openTasks: [TaskInstance]
    public var timers: [TimerInstance]
    public var slas: [SLAClock]
    /// The case that started this one, if any.
    public var parentID: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    /// Numbers tasks and timers so their ids are unique within the case.
    public var sequence: Int

    /// True when the case is in a final state.
    public var isClosed: Bool = false
    /// Who made the last step happen (``AuditRecord/actor``); nil after a step of the daemon's
    /// own (a timer) or when no actor was known.
    public var updatedBy: Actor? = nil
    /// What the case sends its parent when it finishes (a child started with `on_done:`).
    public var report: ChildReport? = nil
    /// Its service-quality facts so far (nil before its first step that records any).
    public var measures: CaseMeasures? = nil

    /// The JSON form (of snapshots written before schema v7, and of tests) has no report facts:
    /// the stores keep them in the compact form only.
    enum CodingKeys: String, CodingKey {
        case id, workflow, version, definitionHash, state, data, step, openTasks, timers, slas, parentID, createdAt, updatedAt
        case sequence, isClosed, updatedBy, report
    }

    public init(id: String, workflow: String, version: Int, definitionHash: String, state: String, data: [String: Value],
                step: Int, openTasks: [TaskInstance], timers: [TimerInstance], slas: [SLAClock], parentID: String?,
                createdAt: Timestamp, updatedAt: Timestamp, sequence: Int, isClosed: Bool = false, report: ChildReport? = nil) {
        self.id = id
        self.workflow = workflow
        self.version = version
        self.definitionHash = definitionHash
        self.state = state
        self.data = data
        self.step = step
        self.openTasks = openTasks
        self.timers = timers
        self.slas = slas
        self.parentID = parentID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.sequence = sequence
        self.isClosed = isClosed
        self.report = report
    }
}

/// A work order opened by a `task` action.
public struct TaskInstance: Sendable, Equatable, Codable {
    public var id: String
    public var caseID: String
    public var name: String
    public var title: String?
    public var queue: String?
    public var due: Timestamp?
    public var priority: Int64
    /// Events a worker may complete it with.
    public var outcomes: [String]
    /// The state that opened it.
    public var state: String
    public var keep: Bool
    public var data: [String: Value]
    public var openedAt: Timestamp
    /// Who holds it: the agent who claimed it or was assigned it. Nil while it waits in its queue.
    public var assignee: String?
    /// The token groups or roles that may claim it; nil when anyone who may claim tasks may.
    public var candidates: [String]?

    public init(id: String, caseID: String, name: String, title: String?, queue: String?, due: Timestamp?, priority: Int64,
                outcomes: [String], state: String, keep: Bool, data: [String: Value], openedAt: Timestamp,
                assignee: String? = nil, candidates: [String]? = nil) {
        self.id = id
        self.caseID = caseID
        self.name = name
        self.title = title
        self.queue = queue
        self.due = due
        self.priority = priority
        self.outcomes = outcomes
        self.state = state
        self.keep = keep
        self.data = data
        self.openedAt = openedAt
        self.assignee = assignee
        self.candidates = candidates
    }
}

/// A pending `after` timer or SLA deadline: an event that fires at `due`.
public struct TimerInstance: Sendable, Equatable, Codable {
    public var id: String
    public var caseID: String
    /// What it fires: a state's timer, or an SLA's warning or breach.
    public var trigger: TimerTrigger
    public var due: Timestamp
    /// The state whose exit cancels it (nil for SLA timers, which SLAs manage).
    public var state: String?

    public init(id: String, caseID: String, trigger: TimerTrigger, due: Timestamp, state: String?) {
        self.id = id
        self.caseID = caseID
        self.trigger = trigger
        self.due = due
        self.state = state
    }

    /// The trigger as stored and shown: `after:STATE:N`, `sla:NAME:warn|breach`.
    public var event: String { trigger.text }

    private enum CodingKeys: String, CodingKey { case id, caseID, event, due, state }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        caseID = try c.decode(String.self, forKey: .caseID)
        let event = try c.decode(String.self, forKey: .event)
        guard let trigger = TimerTrigger(text: event) else {
            throw DecodingError.dataCorruptedError(forKey: .event, in: c, debugDescription: "'\(event)' is not a timer's trigger (after:STATE:N or sla:NAME:warn|breach)")
        }
        self.trigger = trigger
        due = try c.decode(Timestamp.self, forKey: .due)
        state = try c.decodeIfPresent(String.self, forKey: .state)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(caseID, forKey: .caseID)
        try c.encode(event, forKey: .event)
        try c.encode(due, forKey: .due)
        try c.encodeIfPresent(state, forKey: .state)
    }
}

/// The clock of one SLA in one case.
public struct SLAClock: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// `stopped`: the case closed before the SLA's stop state, without a breach.
        case running, paused, met, breached, stopped
    }
    public var name: String
    public var status: Status
    public var startedAt: Timestamp
    public var deadline: Timestamp?
    /// Time left when paused, in seconds of (business) time.
    public var remaining: Int64?
    /// Sticky: once missed, the SLA stays missed even if the case later reaches the target.
    public var breached: Bool
    public var warned: Bool
    public var stoppedAt: Timestamp?

    public init(name: String, status: Status, startedAt: Timestamp, deadline: Timestamp?, remaining: Int64?, breached: Bool,
                warned: Bool, stoppedAt: Timestamp?) {
        self.name = name
        self.status = status
        self.startedAt = startedAt
        self.deadline = deadline
        self.remaining = remaining
        self.breached = breached
        self.warned = warned
        self.stoppedAt = stoppedAt
    }
}

