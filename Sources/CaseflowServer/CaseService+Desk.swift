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
        let caller = try Self.holder(actor)
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
