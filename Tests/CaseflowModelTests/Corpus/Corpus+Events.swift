/// Fixtures whose events, task outcomes, tasks, child workflows or SLAs do not match up.
extension Corpus {
    static let events: [Fixture] = [
        // The typo is an error; the declared event it was meant to be is then handled nowhere.
        Fixture("unknown-event",
                .warning(.unhandledEvent, "repair.yaml", 5, 3),
                .error(.unknownEvent, "repair.yaml", 15, 3, suggestion: "cancel")),
        Fixture("unhandled-event", .warning(.unhandledEvent, "repair.yaml", 6, 3)),
        // `outcomes: [approve, deny, need_info]` — at the third outcome.
        Fixture("unhandled-outcome", .error(.unhandledOutcome, "repair.yaml", 10, 35)),
        Fixture("unknown-task", .error(.unknownTask, "repair.yaml", 18, 26, suggestion: "review")),
        Fixture("unknown-workflow", .error(.unknownWorkflow, "repair.yaml", 17, 16, suggestion: "revisit")),
        // parent.id is required by the revisit (no default, not optional); note and attempts are not.
        Fixture("child-missing-field", .error(.childMissingField, "repair.yaml", 17, 16)),
        Fixture("sla-unknown-state", .error(.unknownTarget, "repair.yaml", 16, 12, suggestion: "open")),
        // on_done sends 'result', which the parent's event does not declare: at the event's name.
        Fixture("child-report", .error(.childReport, "support.yaml", 15, 30)),
        // kpi: no calendar (a warning at the block), a moment that is no state or event, a
        // channel field that is not a string.
        Fixture("kpi-field",
                .warning(.kpiField, "repair.yaml", 17, 3),
                .error(.unknownTarget, "repair.yaml", 18, 16, suggestion: "resolved"),
                .error(.kpiField, "repair.yaml", 19, 12)),
    ]
}
