import Foundation
import Testing
import CaseflowExpr
@testable import CaseflowServer

/// What the scheduler does with timers that do not fire.
@Suite struct TimerTickTests {
    @Test func timersOfOneCaseDueInOneTickFireInOrderAndTheRestGoQuietly() async throws {
        // A free repair left for 100 days: its 20-day warning, 30-day and parts deadlines are all
        // due at once. The 30-day one moves the case on; the parts one, cancelled by that move,
        // is removed without a warning or a `timer_discarded` step.
        let server = try await Server(at: "2026-03-02T09:00:00+08:00")
        try await server.run { api in
            _ = try await api.createCase("repair", id: "P-1", data: [
                "customer.id": "C-1", "order.id": "SO-1", "order.invoiced_at": "2026-01-05T12:00:00+08:00", "product.category": "laptop",
            ])
            _ = try await api.event("P-1", "device_received", data: ["received_at": "2026-03-02T10:00:00+08:00"])
            #expect(try await api.complete("P-1", task: "diagnose", "fault_confirmed").json["state"] == "repairing")
            let handled = await server.tick(at: "2026-06-10T10:00:00+08:00")
            #expect(handled == 2)
            let c = try await api.get("/v1/cases/P-1").json
            #expect(c["state"] == "offer_replacement")
            let events = try await api.history("P-1").compactMap { $0["event"].string }
            #expect(events == ["start", "device_received", "fault_confirmed", "after:repairing:0", "after:repairing:1"])
            let metrics = try await api.get("/metrics").text
            #expect(metrics.contains("caseflow_events_rejected_total 0") || !metrics.contains("caseflow_events_rejected_total"))
        }
    }

    @Test func aFailingTimerIsLoggedFirstAndThenEveryTenthTime() throws {
        var retries = TimerRetries()
        let logged = (1...30).map { _ in retries.failed("T") }
        #expect(logged.enumerated().filter(\.element).map { $0.offset + 1 } == [1, 10, 20, 30])
        retries.succeeded("T")
        let again = retries.failed("T"), other = retries.failed("U")
        #expect(again)
        #expect(other)
    }
}
