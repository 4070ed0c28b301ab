import CaseflowExpr
import CaseflowModel

/// One thing a step did that other systems may want to hear of: a case created or closed, a
/// state entered, a task opened, held, completed or cancelled, a timer fired, an SLA warned,
/// breached or met, a child case started or finished. The store writes a step's notifications
/// in the step's own transaction (an outbox), so what is announced is exactly what happened.
///
/// Its id (`CASE/STEP/N`) is stable: the same notification delivered twice has the same id,
/// and a receiver deduplicates by it. Per case, notifications are ordered by step, then `index`.
public struct CaseNotification: Sendable, Equatable {
    public var kind: NotificationKind
    public var caseID: String
    public var workflow: String
    public var version: Int
    public var step: Int
    /// Its place among the step's notifications.
    public var index: Int
    public var at: Timestamp
    public var actor: Actor?
    /// The case's state after the step.
    public var state: String
    /// The state the step left, for `state.entered`.
    public var from: String?
    /// The event of the step (for `task.completed`, the outcome; for `timer.fired`, the timer's).
    public var event: String
    public var task: TaskInstance?
    /// The SLA, and the deadline it warned of, was breached at or met before.
    public var sla: String?
    public var deadline: Timestamp?
    /// The case's parent, for `child.started` and `child.finished`.
    public var parentID: String?
    /// Case fields a subscription asked for, as they stand after the step.
    public var fields: [String: Value] = [:]

    public var id: String { "\(caseID)/\(step)/\(index)" }
    /// The task's queue, when the notification is about a task.
    public var queue: String? { task?.queue }
}

extension Step {
    /// What this step announces, in order: the case, the timer that fired, the state entered,
    /// then tasks, SLAs and child links, then the case's closing.
    public var notifications: [CaseNotification] {
        var out: [CaseNotification] = []
        let c = after
        func add(_ kind: NotificationKind, task: TaskInstance? = nil, sla: String? = nil, deadline: Timestamp? = nil, event: String? = nil) {
            out.append(CaseNotification(kind: kind, caseID: c.id, workflow: c.workflow, version: c.version, step: c.step, index: out.count,
                                        at: audit.at, actor: audit.actor, state: c.state, from: audit.from, event: event ?? audit.event,
                                        task: task, sla: sla, deadline: deadline, parentID: c.parentID))
        }
        if before == nil {
            add(.caseCreated)
            if c.parentID != nil { add(.childStarted) }
        }
        // A state's `after:` timer (an SLA's timers announce the SLA's warning or breach).
        // (A fired timer's step has the timer's trigger as its event.)
        if case .after? = TimerTrigger(text: audit.event) { add(.timerFired) }
        if before == nil || audit.from != c.state { add(.stateEntered) }
        if let done = completedTask { add(.taskCompleted, task: done) }
        for task in cancelledTasks { add(.taskCancelled, task: task) }
        for task in updatedTasks {
            let kind: NotificationKind = task.assignee == nil ? .taskReleased : audit.event == "task_assigned" ? .taskAssigned : .taskClaimed
            add(kind, task: task)
        }
        for task in openedTasks { add(.taskOpened, task: task) }
        for change in slaChanges {
            switch change.kind {
            case .warned: add(.slaWarned, sla: change.sla, deadline: change.deadline)
            case .breached: add(.slaBreached, sla: change.sla, deadline: change.deadline)
            case .met: add(.slaMet, sla: change.sla, deadline: change.deadline)
            case .started, .paused, .resumed, .stopped: continue
            }
        }
        if c.isClosed, before?.isClosed != true {
            if c.parentID != nil { add(.childFinished) }
            add(.caseClosed)
        }
        return out
    }
}
