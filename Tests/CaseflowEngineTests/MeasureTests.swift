import CaseflowEngine
import CaseflowExpr
import CaseflowTestSupport
import Testing

/// The report facts a case gathers as it runs (``CaseMeasures``), as the `kpi:` block says: the
/// first moment of each kind counts, a reopening or a contact before the resolution spoils the
/// first contact, the holder of the work is recorded until the resolution, a survey's scores
/// are taken when first given.
@Suite struct MeasureTests {
    let engine: Engine

    init() throws {
        engine = try Engine(definitions: loadDefinitions(try repositoryRuleTexts() + [kpiDeskWorkflow, kpiSurveyWorkflow]))
    }

    /// A test time (the epoch for a typo, which the expectations then catch).
    func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text) ?? .epoch }

    func start(_ tier: String = "standard", at: String = "2026-09-28T10:00:00+08:00") throws -> Step {
        try engine.start(workflow: "desk", id: "A", data: ["customer.id": .string("C-A"), "customer.tier": .string(tier)], at: try ts(at))
    }

    func send(_ step: Step, _ event: String, _ at: String, _ data: [String: Value] = [:]) throws -> Step {
        try engine.apply(Event(event, data: data, at: try ts(at)), to: step.after)
    }

    @Test func theFirstResponseAndResolutionCountOnceInClockAndBusinessTime() throws {
        let opened = try start()
        #expect(opened.after.measures?.queue == "desk" && opened.after.measures?.tier == "standard" && opened.after.measures?.channel == "phone")
        #expect(opened.kpiFacts.row?.openedAt == at("2026-09-28T10:00:00+08:00"))
        let answered = try send(opened, "answer", "2026-09-28T11:30:00+08:00")
        // Lunch (12:00–13:00) is no business time: 10:00 → 14:00 is three business hours.
        let resolved = try send(answered, "resolve", "2026-09-28T14:00:00+08:00")
        let m = try #require(resolved.after.measures)
        #expect(m.firstResponseAt == at("2026-09-28T11:30:00+08:00") && m.firstResponseBusiness == 5400)
        #expect(m.resolvedAt == at("2026-09-28T14:00:00+08:00") && m.resolutionBusiness == 10800)
        #expect(m.firstContact == true && m.confirmed == false && m.closedAt == nil)
        #expect(resolved.kpiFacts.slaOutcomes == [SLAOutcome(caseID: "A", sla: "resolution", met: true, at: try ts("2026-09-28T14:00:00+08:00"))])
        // Reopened and resolved again: the first resolution stays, and it was not a first-contact one.
        let reopened = try send(resolved, "reopen", "2026-09-29T10:00:00+08:00")
        let again = try send(reopened, "resolve", "2026-09-29T11:00:00+08:00")
        let after = try #require(again.after.measures)
        #expect(after.resolvedAt == m.resolvedAt && after.reopens == 1 && after.firstContact == false)
        // No change to the facts, no row: the store leaves it as it is.
        #expect(again.kpiFacts.row == nil && again.kpiFacts.slaOutcomes.isEmpty)
        let closed = try send(again, "confirm", "2026-09-29T12:00:00+08:00")
        #expect(closed.after.measures?.confirmed == true && closed.after.measures?.closedAt == at("2026-09-29T12:00:00+08:00"))
    }

    @Test func aContactBeforeTheResolutionSpoilsTheFirstContactOneAfterDoesNot() throws {
        let answered = try send(try start(), "answer", "2026-09-28T10:30:00+08:00")
        let waiting = try send(answered, "wait_for_customer", "2026-09-28T11:00:00+08:00")
        let back = try send(waiting, "customer_back", "2026-09-28T15:00:00+08:00")
        let resolved = try send(back, "resolve", "2026-09-28T16:00:00+08:00")
        #expect(resolved.after.measures?.contacts == 1 && resolved.after.measures?.firstContact == false)

        let quick = try send(try send(try start(), "answer", "2026-09-28T10:30:00+08:00"), "resolve", "2026-09-28T11:00:00+08:00")
        #expect(quick.after.measures?.firstContact == true)
    }

    @Test func theHolderOfTheWorkIsRecordedUntilTheResolution() throws {
        let opened = try start("vip")
        #expect(opened.after.measures?.queue == "vip_desk")
        let task = try #require(opened.after.openTasks.first)
        let claimed = try engine.claim(task: task.id, by: "li.wei", groups: nil, at: try ts("2026-09-28T10:05:00+08:00"), actor: nil, in: opened.after)
        #expect(claimed.after.measures?.assignee == "li.wei")
        #expect(claimed.kpiFacts.row?.measures.assignee == "li.wei")
        let assigned = try engine.assign(task: task.id, to: "wang.fang", at: try ts("2026-09-28T10:06:00+08:00"), actor: nil, in: claimed.after)
        #expect(assigned.after.measures?.assignee == "wang.fang")
    }

    @Test func aSurveysScoresAreTakenWhenFirstGiven() throws {
        let started = try engine.start(workflow: "survey", id: "S1", data: ["parent.id": .string("A")], at: try ts("2026-10-08T09:00:00+08:00"))
        #expect(started.after.measures?.surveyOf == "A" && started.after.measures?.answeredAt == nil && started.after.measures?.confirmed == nil)
        let scored = try engine.apply(Event("scored", data: ["csat": .int(2), "nps": .int(5)], at: try ts("2026-10-08T09:10:00+08:00")), to: started.after)
        let m = try #require(scored.after.measures)
        #expect(m.csat == 2 && m.nps == 5 && m.answeredAt == at("2026-10-08T09:10:00+08:00"))
        // A low score goes to recovery at once; the recovery is recorded.
        #expect(scored.after.state == "recovery" && m.recovered)
        let done = try engine.apply(Event("recovered", at: try ts("2026-10-08T10:00:00+08:00")), to: scored.after)
        #expect(done.after.measures?.answeredAt == m.answeredAt && done.after.measures?.closedAt == at("2026-10-08T10:00:00+08:00"))
    }

    @Test func aScoreOffItsScaleAndAnEmptyTextAreNoValue() throws {
        let started = try engine.start(workflow: "survey", id: "S1", data: ["parent.id": .string("A")], at: at("2026-10-08T09:00:00+08:00"))
        let scored = try engine.apply(Event("scored", data: ["csat": .int(7), "nps": .int(11)], at: at("2026-10-08T09:10:00+08:00")), to: started.after)
        #expect(scored.after.measures?.csat == nil && scored.after.measures?.nps == nil && scored.after.measures?.answeredAt == nil)
        let blank = try engine.start(workflow: "desk", id: "B", data: ["customer.id": .string("C-B"), "customer.tier": .string("vip"), "contact.channel": .string("")],
                                     at: at("2026-09-28T10:00:00+08:00"))
        #expect(blank.after.measures?.channel == nil && blank.after.measures?.tier == "vip")
    }
}
