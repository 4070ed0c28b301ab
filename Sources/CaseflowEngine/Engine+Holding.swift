import CaseflowExpr

/// Who holds an open task: an agent claims it from its queue, releases it, or a supervisor
/// assigns it. Each change is a step of the case, so its history says who took the work and
/// when, and two agents claiming at once are two steps of which the second sees the first.
extension Engine {
    /// `by` claims the task. Refused when someone else holds it (naming them), or when the task
    /// has candidates and `groups` (the caller's role and token groups) holds none of them.
    /// Claiming a task one already holds changes nothing and is no error. `groups` nil (an
    /// admin) may claim any task.
    public func claim(task taskID: String, by holder: String, groups: Set<String>?, at: Timestamp, actor: Actor?,
                      in current: CaseState) throws(EngineError) -> Step {
        let task = try openTask(taskID, in: current)
        if let candidates = task.candidates, let groups, groups.isDisjoint(with: candidates) {
            throw EngineError(.notCandidate, "task '\(task.name)' (\(task.id)) may be claimed by \(candidates.joined(separator: ", ")) only; '\(holder)' is in \(groups.isEmpty ? "no group" : groups.sorted().joined(separator: ", "))")
        }
        if let other = task.assignee, other != holder {
            throw EngineError(.taskHeld, "task '\(task.name)' (\(task.id)) is held by '\(other)'; they may release it (unclaim), or a supervisor may assign it")
        }
        return try holding(task, assignee: holder, event: "task_claimed", note: "task \(task.name) (\(task.id)) claimed by \(holder)",
                           at: at, actor: actor, in: current)
    }

    /// Releases a task back to its queue. Only its holder may, unless `override` (a supervisor).
    public func unclaim(task taskID: String, by caller: String, override: Bool, at: Timestamp, actor: Actor?,
                        in current: CaseState) throws(EngineError) -> Step {
        let task = try openTask(taskID, in: current)
        guard let holder = task.assignee else {
            throw EngineError(.eventRejected, "task '\(task.name)' (\(task.id)) is held by no one; there is nothing to release")
        }
        if holder != caller && !override {
            throw EngineError(.taskHeld, "task '\(task.name)' (\(task.id)) is held by '\(holder)'; only they or a supervisor may release it")
        }
        return try holding(task, assignee: nil, event: "task_unclaimed", note: "task \(task.name) (\(task.id)) released by \(caller), was held by \(holder)",
                           at: at, actor: actor, in: current)
    }

    /// Gives a task to `assignee`, whoever held it: a supervisor's decision.
    public func assign(task taskID: String, to assignee: String, at: Timestamp, actor: Actor?,
                       in current: CaseState) throws(EngineError) -> Step {
        let task = try openTask(taskID, in: current)
        let before = task.assignee.map { ", was held by \($0)" } ?? ""
        return try holding(task, assignee: assignee, event: "task_assigned", note: "task \(task.name) (\(task.id)) assigned to \(assignee)\(before)",
                           at: at, actor: actor, in: current)
    }

    private func openTask(_ taskID: String, in current: CaseState) throws(EngineError) -> TaskInstance {
        guard let task = current.openTasks.first(where: { $0.id == taskID }) else {
            throw EngineError(.unknownTask, "task '\(taskID)' is not open in case '\(current.id)'")
        }
        return task
    }

    private func holding(_ task: TaskInstance, assignee: String?, event: String, note: String, at: Timestamp, actor: Actor?,
                         in current: CaseState) throws(EngineError) -> Step {
        try Self.checkOrder(at, current)
        var after = current
        var changed = task
        changed.assignee = assignee
        if let index = after.openTasks.firstIndex(where: { $0.id == task.id }) { after.openTasks[index] = changed }
        // Until the case is resolved, the report counts it for whoever holds its work.
        if let assignee, !assignee.isEmpty, after.measures?.resolvedAt == nil {
            var m = after.measures ?? CaseMeasures()
            m.assignee = assignee
            after.measures = m
        }
        after.step += 1
        after.updatedAt = at
        after.updatedBy = actor
        let audit = AuditRecord(event: event, at: at, dueAt: nil, from: current.state, to: current.state,
                                evaluations: [], notes: [note], actor: actor)
        // Claiming what one already holds is no change: nothing to store but the step itself.
        return Step.caseOnly(before: current, after: after, cancelledTimers: [], audit: audit,
                             updatedTasks: task.assignee == assignee ? [] : [changed])
    }
}
