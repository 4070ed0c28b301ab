/// Fixtures whose rule sets, values or calendars are missing, misspelt, mistyped or circular.
extension Corpus {
    static let rules: [Fixture] = [
        Fixture("unknown-ruleset", .error(.unknownRuleSet, "return.yaml", 4, 9, suggestion: "cn/returns")),
        // At the workflow's `rules:` entry; the note at the rule set's field.
        Fixture("schema-field-missing",
                .error(.schemaMismatch, "return.yaml", 4, 9, note: .at("returns.yaml", 5, 3))),
        // At the workflow's own declaration; the note at the rule set's.
        Fixture("schema-type-differs",
                .error(.schemaMismatch, "return.yaml", 7, 3, note: .at("returns.yaml", 5, 3))),
        Fixture("unknown-rule",
                .error(.unknownRule, "return.yaml", 13, 15, suggestion: "rules.seven_day_return")),
        Fixture("unknown-value",
                .error(.unknownValue, "returns.yaml", 10, 31, suggestion: "values.never_returnable")),
        // `calendar: cm` on a task.
        Fixture("unknown-calendar-task", .error(.unknownCalendar, "repair.yaml", 10, 19, suggestion: "cn")),
        // `delay: 3d` with `calendar: cn`: 72 business hours, not three working days.
        Fixture("days-in-business-time", .warning(.daysInBusinessTime, "repair.yaml", 12, 16)),
        // `period_end(order.delivered_at, 7, "cm")` — at the literal's opening quote.
        Fixture("unknown-calendar-literal", .error(.unknownCalendar, "returns.yaml", 8, 52, suggestion: "cn")),
        // At the reference that closes the cycle: `rules.eligible` inside 'intact'.
        Fixture("rule-cycle", .error(.ruleCycle, "returns.yaml", 9, 44)),
        // r0 reads r1 … r15 reads r16: 17 rules in a row, at r0's condition.
        Fixture("rule-chain-too-long", .error(.ruleChainTooLong, "rules.yaml", 5, 34)),
        // Both listed sets define rules.in_time: reported at the second set's id.
        Fixture("ambiguous-rule", .error(.ambiguousRule, "return.yaml", 3, 17)),
        // A date that does not exist, at the date; a misspelt zone, at the value with a suggestion.
        Fixture("calendar-bad-date", .error(.badTimestamp, "calendars.yaml", 7, 28)),
        Fixture("calendar-bad-zone", .error(.badValue, "calendars.yaml", 4, 15, suggestion: "Asia/Shanghai")),
        Fixture("duplicate-ruleset", .error(.duplicateRuleSet, "b.yaml", 2, 10, note: .at("a.yaml", 1, 10))),
        Fixture("duplicate-calendar", .error(.duplicateCalendar, "b.yaml", 3, 3, note: .at("a.yaml", 2, 3))),
    ]
}
