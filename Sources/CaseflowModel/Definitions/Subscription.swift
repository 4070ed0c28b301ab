import CaseflowSource

/// What a step announces to other systems: each kind names one thing that happened to a case.
/// The names are the wire names of notifications (`task.opened`) and what a subscription's
/// `notifications:` lists.
public enum NotificationKind: String, Sendable, CaseIterable, Codable {
    case caseCreated = "case.created"
    case stateEntered = "state.entered"
    case caseClosed = "case.closed"
    case taskOpened = "task.opened"
    case taskClaimed = "task.claimed"
    case taskAssigned = "task.assigned"
    case taskReleased = "task.released"
    case taskCompleted = "task.completed"
    case taskCancelled = "task.cancelled"
    case timerFired = "timer.fired"
    case slaWarned = "sla.warned"
    case slaBreached = "sla.breached"
    case slaMet = "sla.met"
    case childStarted = "child.started"
    case childFinished = "child.finished"

    /// Whether the notification is about a task (and so carries its queue).
    public var isAboutTask: Bool { rawValue.hasPrefix("task.") }
}

/// Where the secret a subscription signs its deliveries with comes from: written in the file,
/// or (better, so the file can be committed) read from an environment variable or a file when
/// the daemon loads the subscriptions.
public enum SecretSource: Sendable, Equatable {
    case literal(String)
    case environment(String)
    case file(String)
}

/// A webhook subscription (`subscriptions:` files): which notifications go to which URL, signed
/// with which secret, and how long a failing delivery is retried before it becomes a dead letter.
public struct Subscription: Sendable, Equatable {
    public var name: String
    public var url: String
    public var secret: SecretSource
    /// The kinds delivered; empty: every kind.
    public var kinds: Set<NotificationKind>
    /// Only notifications of these workflows, of tasks in these queues, of cases in these states
    /// (after the step); empty: any.
    public var workflows: [String]
    public var queues: [String]
    public var states: [String]
    /// Case fields each notification carries (`order.id`), as they stand after the step.
    public var fields: [String]
    /// How long a notification is retried before it is given up (a dead letter), in milliseconds.
    public var giveUpAfter: Int64
    /// How long one attempt may take before it counts as failed (ms).
    public var timeout: Int64
    /// The wait before the first retry (ms); each later one waits twice as long, up to
    /// `maxBackoff`, less a random part of up to half (jitter, so retries of many cases spread out).
    public var firstBackoff: Int64
    public var maxBackoff: Int64
    public var location: SourceLocation

    public init(name: String, url: String, secret: SecretSource, kinds: Set<NotificationKind> = [], workflows: [String] = [],
                queues: [String] = [], states: [String] = [], fields: [String] = [],
                giveUpAfter: Int64 = 86_400_000, timeout: Int64 = 10_000, firstBackoff: Int64 = 1_000, maxBackoff: Int64 = 600_000,
                location: SourceLocation = SourceLocation(file: "", line: 1, column: 1)) {
        self.name = name
        self.url = url
        self.secret = secret
        self.kinds = kinds
        self.workflows = workflows
        self.queues = queues
        self.states = states
        self.fields = fields
        self.giveUpAfter = giveUpAfter
        self.timeout = timeout
        self.firstBackoff = firstBackoff
        self.maxBackoff = maxBackoff
        self.location = location
    }

    /// Whether a notification of `kind` about a case of `workflow` (now in `state`), about a
    /// task in `queue` when it is about a task, goes to this subscription.
    public func wants(_ kind: NotificationKind, workflow: String, state: String, queue: String?) -> Bool {
        if !kinds.isEmpty, !kinds.contains(kind) { return false }
        if !workflows.isEmpty, !workflows.contains(workflow) { return false }
        if !states.isEmpty, !states.contains(state) { return false }
        if !queues.isEmpty {
            guard let queue, queues.contains(queue) else { return false }
        }
        return true
    }
}
