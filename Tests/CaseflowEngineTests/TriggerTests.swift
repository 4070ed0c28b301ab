import Testing
import CaseflowEngine

/// Triggers are typed in the engine and text only where stored; the text must stay what
/// earlier versions stored, so old snapshots and audit records read the same.
@Suite struct TriggerTests {
    @Test(arguments: [
        (TimerTrigger.after(state: "manual_review", index: 0), "after:manual_review:0"),
        (.after(state: "waiting_for_customer", index: 12), "after:waiting_for_customer:12"),
        (.slaWarning("first_response"), "sla:first_response:warn"),
        (.slaBreach("resolution"), "sla:resolution:breach"),
    ])
    func timerTriggersKeepTheirStoredText(_ trigger: TimerTrigger, _ text: String) {
        #expect(trigger.text == text)
        #expect(TimerTrigger(text: text) == trigger)
    }

    @Test(arguments: ["after:x", "after:x:-1", "after:x:1:2", "sla:x:late", "sla:x", "approve", "", "after::"])
    func otherTextIsNoTimer(_ text: String) {
        #expect(TimerTrigger(text: text) == nil)
    }

    @Test func transitionTriggersKeepTheTextsPurposesWereWrittenWith() {
        let texts = [TransitionTrigger.start, .event("approve"), .workflowWide("cancel"), .always, .timer(index: 2), .slaBreach("reply")].map(\.text)
        #expect(texts == ["start", "on:approve", "global:cancel", "always", "after:2", "sla:reply"])
    }
}
