import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine

/// ``CompiledRuleSet``: one rule evaluated on data at a time, with the conditions that decided
/// it and computed values such as a period's end; data checked against the set's fields.
@Suite struct RuleEvaluatorTests {
    let rules: CompiledRuleSet
    let delivered: Timestamp

    init() throws {
        let definitions = try loadDefinitions([returnsRuleSet, cnCalendar])
        let set = try #require(definitions.ruleSet("shop/returns"))
        rules = try CompiledRuleSet(set, functions: definitions.functionTable().functions)
        delivered = try ts("2026-03-02T10:00:00+08:00")
    }

    var data: [String: Value] {
        ["order.channel": .string("online"), "order.delivered_at": .timestamp(delivered), "request.condition": .string("intact")]
    }

    @Test func aRuleGivesItsResultAndThePeriodEnd() throws {
        let verdict = try rules.evaluate(rule: "within_window", data: data, at: try ts("2026-03-09T23:59:00+08:00"))
        #expect(verdict.result)
        #expect(verdict.setID == "shop/returns")
        #expect(verdict.rule.name == "within_window")
        #expect(verdict.conditions.map(\.expression) == ["now <= period_end(order.delivered_at, values.window_days, 'cn')"])
        #expect(verdict.conditions.map(\.value) == [.bool(true)])
        let details = try #require(verdict.conditions.first?.details)
        #expect(details.map(\.expression) == ["period_end(order.delivered_at, values.window_days, 'cn')"])
        // The day of delivery is not counted: the period ends 24:00 of 9 March in Shanghai.
        #expect(details.map(\.value) == [.timestamp(try ts("2026-03-10T00:00:00+08:00"))])
        #expect(verdict.usedConditions.isEmpty)
    }

    @Test func aRuleIsFalseJustAfterThePeriodEnds() throws {
        let verdict = try rules.evaluate(rule: "within_window", data: data, at: try ts("2026-03-10T00:00:01+08:00"))
        #expect(verdict.result == false)
        #expect(verdict.conditions.map(\.value) == [.bool(false)])
        #expect(verdict.conditions.first?.details.map(\.value) == [.timestamp(try ts("2026-03-10T00:00:00+08:00"))])
    }

    @Test func everyConditionOfAChainIsExplained() throws {
        var used = data
        used["request.condition"] = .string("used")
        let verdict = try rules.evaluate(rule: "no_reason_return", data: used, at: try ts("2026-03-05T10:00:00+08:00"))
        #expect(verdict.result == false)
        #expect(verdict.conditions.map(\.expression) == ["order.channel == 'online'", "rules.within_window", "request.condition == 'intact'"])
        #expect(verdict.conditions.map(\.value) == [.bool(true), .bool(true), .bool(false)])
        #expect(verdict.conditions.allSatisfy { $0.details.isEmpty })
        #expect(verdict.usedConditions.keys.sorted() == ["within_window"])
        #expect(verdict.usedConditions["within_window"]?.map(\.value) == [.bool(true)])
        #expect(verdict.evaluations.map(\.purpose) == ["rule shop/returns/within_window", "rule shop/returns/no_reason_return"])
        #expect(verdict.evaluations.map(\.title) == ["七日内 Within seven days of delivery", "七日无理由退货 No-reason return"])
        #expect(verdict.evaluations.map(\.basis) == ["第六条", "第六条、第八条"])
    }

    @Test func aRuleNeedsOnlyTheFieldsItReads() throws {
        let verdict = try rules.evaluate(rule: "online_order", data: ["order.channel": .string("store")], at: try ts("2026-03-05T10:00:00+08:00"))
        #expect(verdict.result == false)
    }

    @Test func aMissingFieldTheRuleNeedsIsNamed() throws {
        let error = try #require(throws: EngineError.self) {
            try rules.evaluate(rule: "within_window", data: ["order.channel": .string("online")], at: try ts("2026-03-05T10:00:00+08:00"))
        }
        #expect(error.kind == .invalidData)
        #expect(error.field == "order.delivered_at")
        #expect(error.message == "rule 'within_window' needs 'order.delivered_at' (timestamp), which the data does not give")
    }

    @Test func aFieldNeededThroughAnotherRuleIsNamedToo() throws {
        let error = try #require(throws: EngineError.self) {
            try rules.evaluate(rule: "no_reason_return", data: ["order.channel": .string("online"), "request.condition": .string("intact")],
                               at: try ts("2026-03-05T10:00:00+08:00"))
        }
        #expect(error.kind == .invalidData)
        #expect(error.field == "order.delivered_at")
    }

    @Test func anUnknownFieldIsRefusedWithTheClosestName() throws {
        var typo = data
        typo["order.chanel"] = .string("online")
        let error = try #require(throws: EngineError.self) {
            try rules.evaluate(rule: "online_order", data: typo, at: try ts("2026-03-05T10:00:00+08:00"))
        }
        #expect(error.kind == .invalidData)
        #expect(error.field == "order.chanel")
        #expect(error.message == "'order.chanel' is not a field rule set 'shop/returns' reads; it reads order.channel, order.delivered_at, request.condition (did you mean 'order.channel'?)")
    }

    @Test func ofSeveralUnknownFieldsTheAlphabeticallyFirstIsReported() throws {
        let unknown = ["request.reason", "order.chanel", "customer.tier", "order.total", "zone"]
        for capacity in [0, 8, 64, 512] {
            for names in [unknown, unknown.reversed()] {
                var typo = [String: Value](minimumCapacity: capacity)
                for (name, value) in data { typo[name] = value }
                for name in names { typo[name] = .string("x") }
                let error = try #require(throws: EngineError.self) {
                    try rules.evaluate(rule: "online_order", data: typo, at: try ts("2026-03-05T10:00:00+08:00"))
                }
                #expect(error.kind == .invalidData)
                #expect(error.field == "customer.tier")
                #expect(error.message == "'customer.tier' is not a field rule set 'shop/returns' reads; it reads order.channel, order.delivered_at, request.condition")
            }
        }
    }

    @Test func aValueOfTheWrongTypeIsRefused() throws {
        var wrong = data
        wrong["order.delivered_at"] = .string("last Monday")
        let error = try #require(throws: EngineError.self) {
            try rules.evaluate(rule: "within_window", data: wrong, at: try ts("2026-03-05T10:00:00+08:00"))
        }
        #expect(error.kind == .invalidData)
        #expect(error.field == "order.delivered_at")
    }

    @Test func anUnknownRuleIsRefusedWithTheClosestName() throws {
        let error = try #require(throws: EngineError.self) {
            try rules.evaluate(rule: "within_windw", data: data, at: try ts("2026-03-05T10:00:00+08:00"))
        }
        #expect(error.message == "rule set 'shop/returns' has no rule 'within_windw' (did you mean 'within_window'?)")
    }
}
