import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import CaseflowTestSupport
import Testing

/// What each step announces (``Step/notifications``), in order, with stable ids.
@Suite struct NotificationTests {
    let engine: Engine
    let t0: Timestamp

    init() throws {
        engine = try makeServiceEngine()
        t0 = try mondayTen()
    }

    func kinds(_ step: Step) -> [String] { step.notifications.map(\.kind.rawValue) }

    @Test func aNewCaseAnnouncesItselfItsStateAndItsTasks() throws {
        let step = try engine.start(workflow: "service", id: "S-1", data: try serviceData(), at: t0)
        #expect(kinds(step) == ["case.created", "state.entered", "task.opened", "task.opened", "task.opened"])
        #expect(step.notifications.map(\.id) == (0..<5).map { "S-1/1/\($0)" })
        #expect(step.notifications.map { $0.task?.name } == [nil, nil, "triage", "call_customer", "file_note"])
        #expect(step.notifications.allSatisfy { $0.state == "open" && $0.workflow == "service" && $0.version == 1 && $0.at == t0 })
    }

    @Test func holdingCompletingTimersSLAsAndClosing() throws {
        let start = try engine.start(workflow: "service", id: "S-1", data: try serviceData(vip: true), at: t0)
        let triage = try start.after.task("triage")
        let claimed = try engine.claim(task: triage.id, by: "li", groups: nil, at: t0, actor: nil, in: start.after)
        #expect(kinds(claimed) == ["task.claimed"])
        #expect(claimed.notifications.first?.task?.assignee == "li")
        let released = try engine.unclaim(task: triage.id, by: "li", override: false, at: t0, actor: nil, in: claimed.after)
        #expect(kinds(released) == ["task.released"])
        let assigned = try engine.assign(task: triage.id, to: "wang", at: t0, actor: nil, in: released.after)
        #expect(kinds(assigned) == ["task.assigned"])

        let accepted = try engine.complete(task: triage.id, outcome: "accept", at: try plus(t0, seconds: 60), by: "wang", in: assigned.after)
        #expect(kinds(accepted) == ["state.entered", "task.completed", "task.cancelled", "task.opened"])
        #expect(accepted.notifications.first?.from == "open")
        #expect(accepted.notifications[1].event == "accept")

        // The VIP's SLA (4h, warned 1h before): its warning timer fires.
        let warning = try #require(accepted.after.timers.first { $0.trigger.text.contains("warn") })
        let warned = try engine.fire(timer: warning.id, at: warning.due, in: accepted.after)
        #expect(kinds(warned) == ["sla.warned"])
        #expect(warned.notifications.first?.sla == "resolution")
        #expect(warned.notifications.first?.deadline != nil)

        // Approval closes the case in time: the SLA is met and the children are asked for.
        let approved = try engine.apply(Event("approve", data: ["ok": .bool(true)], at: try plus(warning.due, seconds: 60)), to: warned.after)
        #expect(kinds(approved) == ["state.entered", "task.cancelled", "sla.met", "case.closed"])
        #expect(approved.notifications.last?.state == "done")
    }

    @Test func aChildCaseAnnouncesItsStartAndItsEnd() throws {
        let child = try engine.start(workflow: "revisit", id: "S-1-revisit-1", data: ["customer.name": .string("Li Lei")], at: t0, parentID: "S-1")
        #expect(kinds(child) == ["case.created", "child.started", "state.entered"])
        #expect(child.notifications.allSatisfy { $0.parentID == "S-1" })
        let closed = try engine.apply(Event("close", at: t0), to: child.after)
        #expect(kinds(closed) == ["state.entered", "child.finished", "case.closed"])
    }

    @Test func aStatesTimerAnnouncesItselfBeforeTheStateItLeadsTo() throws {
        let start = try engine.start(workflow: "service", id: "S-1", data: try serviceData(vip: false), at: t0)
        let timer = try #require(start.after.timers.filter { $0.state == "open" }.min { $0.due < $1.due })
        let fired = try engine.fire(timer: timer.id, at: timer.due, in: start.after)
        #expect(kinds(fired).prefix(2) == ["timer.fired", "state.entered"])
        #expect(fired.notifications.first?.state == "escalated")
    }

    @Test func aStepThatChangesDataOnlyAnnouncesNothing() throws {
        let start = try engine.start(workflow: "service", id: "S-1", data: try serviceData(), at: t0)
        let bumped = try engine.apply(Event("bump", at: t0), to: start.after)
        #expect(bumped.notifications.isEmpty)
    }
}
