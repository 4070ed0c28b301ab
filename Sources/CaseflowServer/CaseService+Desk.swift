import CaseflowEngine
import CaseflowExpr
import CaseflowStore

/// The desk: agents claim and release tasks, supervisors assign them. Each is a step of the
/// task's case, written like any other, so two agents claiming at once are two steps in turn
/// and the second is told who won.
extension CaseService {
    /// Who holds, or would hold, a task: the person named in the request, else the token's name.
    static func holder(_ actor: Actor) throws(ServiceError) -> String {
        guard let name = actor.person ?? actor.token else {
            throw ServiceError(.badRequest, "say who takes the task: send 'actor' (the agent's login) or use a named token", field: "actor")
        }
        return name
    }

    public nonisolated func claimTask(_ taskID: String, groups: Set<String>?, at: Timestamp?, actor: Actor) async throws(ServiceError) -> [UInt8] {
        let holder = try Self.holder(actor)
        return try await onTask(taskID, at: at) { engine, time, current throws(EngineError) in
            try engine.claim(task: taskID, by: holder, groups: groups, at: time(current), actor: actor, in: current)
        }
    }

    public nonisolated func unclaimTask(_ taskID: String, override: Bool, at: Timestamp?, actor: Actor) async throws(ServiceError) -> [UInt8] {
        // A supervisor may release anyone's task without saying who they are (authentication off).
        let caller = override ? (actor.person ?? actor.token ?? "a supervisor") : try Self.holder(actor)
        return try await onTask(taskID, at: at) { engine, time, current throws(EngineError) in
            try engine.unclaim(task: taskID, by: caller, override: override, at: time(current), actor: actor, in: current)
        }
    }

    public nonisolated func assignTask(_ taskID: String, to assignee: String, at: Timestamp?, actor: Actor) async throws(ServiceError) -> [UInt8] {
        try await onTask(taskID, at: at) { engine, time, current throws(EngineError) in
            try engine.assign(task: taskID, to: assignee, at: time(current), actor: actor, in: current)
        }
    }

    /// Runs `body` on the case of an open task. The step is dated `at`, or now; never before the
    /// case's last step (a claim from a daemon whose clock is a little behind still goes through).
    private nonisolated func onTask(_ taskID: String, at: Timestamp?,
                                    _ body: @escaping @Sendable (Engine, (CaseState) -> Timestamp, CaseState) throws(EngineError) -> Step) async throws(ServiceError) -> [UInt8] {
        let stored: StoredTask?
        do { stored = try await store.task(taskID) } catch { throw ServiceError(error) }
        guard let task = stored else { throw ServiceError(.notFound, "no task '\(taskID)'; GET /v1/tasks?status=open lists the open tasks") }
        guard task.status == "open" else { throw ServiceError(.rejected, "task '\(taskID)' is \(task.status); only open tasks can be claimed or assigned") }
        let now = at ?? clock.now()
        let engine = await currentEngine()
        let time: @Sendable (CaseState) -> Timestamp = { at == nil ? max(now, $0.updatedAt) : now }
        return try await runStep(caseID: task.task.caseID) { (current: CaseState) throws(EngineError) -> Step in
            try body(engine, time, current)
        }
    }
}

/// A task a worker took from its queue, with its lease.
public struct LeasedTask: Sendable {
    public var task: StoredTask
    public var token: String
    public var until: Timestamp
    public var worker: String
}

/// Machine workers (a warehouse system, a payment service) take the next task of a queue with a
/// lease, as Camunda's job workers and Step Functions' activity workers do: the lease is theirs
/// until it runs out, a heartbeat extends it, a lease that ran out puts the task back in the
/// queue, and a completion under a lease that is no longer the worker's is refused.
extension CaseService {
    /// The next task of `queue` the caller may take, leased for `seconds`; nil when none is free.
    public nonisolated func leaseTask(queue: String, groups: Set<String>?, seconds: Int64, actor: Actor) async throws(ServiceError) -> LeasedTask? {
        let worker = try Self.holder(actor)
        let now = clock.now()
        let token = Self.leaseToken()
        let until = now.seconds + seconds
        let found: StoredTask?
        do {
            found = try await store.leaseTask(queue: queue, worker: worker, token: token, until: until, now: now.seconds) { task in
                guard let candidates = task.candidates, let groups else { return true }
                return !groups.isDisjoint(with: candidates)
            }
        } catch { throw ServiceError(error) }
        guard let found, let end = Timestamp(seconds: until) else { return nil }
        return LeasedTask(task: found, token: token, until: end, worker: worker)
    }

    /// Extends a lease by `seconds` from now; 409 `lease_lost` when it is no longer the caller's.
    public nonisolated func renewLease(task taskID: String, token: String, seconds: Int64) async throws(ServiceError) -> Timestamp {
        let now = clock.now()
        let lease = TaskLease(taskID: taskID, token: token, now: now.seconds)
        let renewed: Bool
        do { renewed = try await store.renewLease(lease, until: now.seconds + seconds) } catch { throw ServiceError(error) }
        guard renewed, let until = Timestamp(seconds: now.seconds + seconds) else {
            let known: StoredTask?
            do { known = try await store.task(taskID) } catch { throw ServiceError(error) }
            if known == nil { throw ServiceError(.notFound, "no task '\(taskID)'") }
            throw ServiceError(lease.lost)
        }
        return until
    }

    /// 128 random bits, URL-safe: the secret a worker shows to complete or extend its lease.
    static func leaseToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return "lease_" + Base64URL.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}

/// Child cases that report back: when a child started with `on_done:` reaches a final state,
/// its parent receives the declared event in the same transaction as the child's last step.
extension CaseService {
    /// The parent's step for a finished child: the event applied (dated no earlier than the
    /// parent's last step), or, when the parent does not take it, a step saying so, so that the
    /// parent's history shows the child finished either way. A parent closed already is left
    /// as it is: its list of children shows how the child ended.
    /// An open child's step when its parent cancels its children: the event applied, or a step
    /// saying the child did not take it.
    static func cancelChild(_ engine: Engine, at now: Timestamp) -> @Sendable (String, CaseState) -> Step? {
        { event, child in
            let at = max(now, child.updatedAt)
            do throws(EngineError) {
                return try engine.apply(Event(event, at: at), to: child)
            } catch {
                return Engine.note(event: event, at: at, note: "the parent case \(child.parentID ?? "") cancelled its children; '\(event)' was not taken: \(error.message)", in: child)
            }
        }
    }

    static func reportBack(_ engine: Engine) -> @Sendable (ChildDone, CaseState) -> Step? {
        { done, parent in
            if parent.isClosed { return nil }
            var event = done.event
            event.at = max(event.at, parent.updatedAt)
            do throws(EngineError) {
                return try engine.apply(event, to: parent)
            } catch {
                return Engine.note(event: event.name, at: event.at,
                                   note: "child case \(done.childID) finished; '\(event.name)' was not taken: \(error.message)", in: parent)
            }
        }
    }
}
