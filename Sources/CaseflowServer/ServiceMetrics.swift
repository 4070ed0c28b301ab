import CaseflowEngine
import Foundation
import Metrics

/// The daemon's counters, recorded through swift-metrics so any backend (Prometheus here) can
/// export them.
public struct ServiceMetrics: Sendable {
    let eventsApplied = Counter(label: "caseflow_events_applied_total")
    let eventsRejected = Counter(label: "caseflow_events_rejected_total")
    let slaBreaches = Counter(label: "caseflow_sla_breaches_total")
    let stepLatency = Timer(label: "caseflow_step_duration_seconds")
    let commitBatch = Recorder(label: "caseflow_commit_batch_size", aggregate: true)

    public init() {}

    func applied(seconds: Double, step: Step) {
        eventsApplied.increment()
        stepLatency.recordNanoseconds(Int64(seconds * 1e9))
        let breaches = step.slaChanges.filter { $0.kind == .breached }.count
        if breaches > 0 { slaBreaches.increment(by: breaches) }
    }

    /// A transaction of the group committer was written with `batch` steps.
    func committed(batch: Int) {
        commitBatch.record(batch)
    }

    func rejected() {
        eventsRejected.increment()
    }

    /// For each calendar, how many of the years it must cover now (this year, and from October
    /// the next) its holiday lists lack (0 to 2), so an alert can fire before the year turns.
    func calendarYearsMissing(_ byCalendar: [String: Int]) {
        for (calendar, missing) in byCalendar {
            Gauge(label: "caseflow_calendar_years_missing", dimensions: [("calendar", calendar)]).record(missing)
        }
    }
}
