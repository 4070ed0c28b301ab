import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine

/// The audit record: every guard with its expression, result and the values it read; every
/// rule with its title, basis and reads; so a denied path explains itself.
@Suite struct AuditTests {
    let engine: Engine
    let delivered: Timestamp

    init() throws {
        engine = try makeEngine(returnsWorkflow, returnsRuleSet, cnCalendar)
        delivered = try ts("2026-03-02T10:00:00+08:00")
    }

    func start(at: String, tier: String = "standard") throws -> Step {
        try engine.start(workflow: "returns", id: "RT-1", data: [
            "order.channel": .string("online"), "order.delivered_at": .timestamp(delivered),
            "request.condition": .string("intact"), "customer.tier": .string(tier),
        ], at: try ts(at))
    }

    @Test func rulesAreRecordedWithTitleBasisAndReads() throws {
        let step = try start(at: "2026-03-09T23:59:00+08:00")
        #expect(step.after.state == "approved")
        #expect(step.audit.evaluations.map(\.purpose) == [
            "rule shop/returns/within_window", "rule shop/returns/no_reason_return", "always in 'requested'",
        ])
        let window = try #require(step.audit.evaluations("rule shop/returns/within_window").first)
        #expect(window.title == "七日内 Within seven days of delivery")
        #expect(window.basis == "第六条")
        #expect(window.expression == "now <= period_end(order.delivered_at, values.window_days, \"cn\")")
        #expect(window.result == .bool(true))
        #expect(window.error == nil)
        #expect(readTexts(window.reads) == ["now=timestamp('2026-03-09T15:59:00Z')", "order.delivered_at=timestamp('2026-03-02T02:00:00Z')"])
        let rule = try #require(step.audit.evaluations("rule shop/returns/no_reason_return").first)
        #expect(rule.title == "七日无理由退货 No-reason return")
        #expect(rule.basis == "第六条、第八条")
        #expect(rule.result == .bool(true))
        #expect(readTexts(rule.reads) == ["order.channel='online'", "rules.within_window=true", "request.condition='intact'"])
    }

    @Test func aGuardRecordsItsExpressionResultAndReads() throws {
        let step = try start(at: "2026-03-09T23:59:00+08:00")
        let guardCheck = try #require(step.audit.evaluations("always in 'requested'").first)
        #expect(guardCheck.expression == "rules.no_reason_return")
        #expect(guardCheck.result == .bool(true))
        #expect(readTexts(guardCheck.reads) == ["rules.no_reason_return=true"])
        #expect(guardCheck.title == nil && guardCheck.basis == nil)
        #expect(guardCheck.location.file == "test0.yaml")
    }

    @Test func aDeniedPathExplainsItself() throws {
        // One second after 24:00 of the seventh day: the window rule is false.
        let step = try start(at: "2026-03-10T00:00:01+08:00")
        #expect(step.after.state == "manual_review")
        let window = try #require(step.audit.evaluations("rule shop/returns/within_window").first)
        #expect(window.result == .bool(false))
        #expect(readTexts(window.reads) == ["now=timestamp('2026-03-09T16:00:01Z')", "order.delivered_at=timestamp('2026-03-02T02:00:00Z')"])
        let rule = try #require(step.audit.evaluations("rule shop/returns/no_reason_return").first)
        #expect(rule.result == .bool(false))
        #expect(rule.reads.first { $0.name == "rules.within_window" }?.value == .bool(false))
        let guardCheck = try #require(step.audit.evaluations("always in 'requested'").first)
        #expect(guardCheck.result == .bool(false))
        #expect(step.taken.map(\.description) == ["requested —always#2→ manual_review"])
    }

    @Test func anEventGuardRecordsThePayloadItRead() throws {
        let review = try start(at: "2026-03-12T10:00:00+08:00", tier: "vip").after
        let step = try engine.apply(Event("decide", data: ["approve": .bool(true)], at: try ts("2026-03-12T11:00:00+08:00")), to: review)
        #expect(step.after.state == "approved")
        let guardCheck = try #require(step.audit.evaluations.first)
        #expect(guardCheck.purpose == "when of on:decide in 'manual_review'")
        #expect(guardCheck.expression == "event.approve && customer.tier == 'vip'")
        #expect(guardCheck.result == .bool(true))
        #expect(readTexts(guardCheck.reads) == ["event.approve=true", "customer.tier='vip'"])
        #expect(step.audit.event == "decide")
        #expect(step.audit.from == "manual_review")
        #expect(step.audit.to == "approved")
    }

    @Test func aFalseGuardAndTheFallbackAreBothRecorded() throws {
        let review = try start(at: "2026-03-12T10:00:00+08:00").after
        let step = try engine.apply(Event("decide", data: ["approve": .bool(true)], at: try ts("2026-03-12T11:00:00+08:00")), to: review)
        #expect(step.after.state == "denied")
        #expect(step.audit.evaluations.map(\.purpose) == ["when of on:decide in 'manual_review'", "set decision.reason"])
        #expect(step.audit.evaluations.map(\.result) == [.bool(false), .string("denied after review: online")])
        #expect(readTexts(step.audit.evaluations[0].reads) == ["event.approve=true", "customer.tier='standard'"])
        #expect(readTexts(step.audit.evaluations[1].reads) == ["order.channel='online'"])
        #expect(step.after.data["decision.reason"] == .string("denied after review: online"))
    }

    @Test func theSameInputsGiveTheSameAudit() throws {
        let a = try start(at: "2026-03-10T00:00:01+08:00")
        let b = try start(at: "2026-03-10T00:00:01+08:00")
        #expect(a.after == b.after)
        #expect(a.audit == b.audit)
        let event = Event("decide", data: ["approve": .bool(false)], at: try ts("2026-03-12T11:00:00+08:00"))
        let c = try engine.apply(event, to: a.after)
        let d = try engine.apply(event, to: a.after)
        #expect(c.after == d.after)
        #expect(c.audit == d.audit)
        #expect(c.taken == d.taken)
    }
}
