import CaseflowEngine
import CaseflowExpr

/// Checks that the hand-written baseline did what the engine did on the same case — the same
/// state after each step, the same tasks with the same ids, queues, outcomes and due times, the
/// same timer, the same recorded times — so that the benchmark's ratio compares the same work.
enum EngineBaselineCheck {
    static func compare(engine steps: [Step], baseline c: HandWrittenReturn.Case) throws {
        guard let trace = c.trace, let last = steps.last?.after else {
            throw HandWrittenReturn.Failure(description: "nothing to compare: the engine took no step or the baseline kept no trace")
        }
        var differences: [String] = []
        func differ<T: Equatable>(_ what: String, _ engine: T, _ baseline: T, _ show: (T) -> String) {
            if engine != baseline { differences.append("\(what): engine \(show(engine)), baseline \(show(baseline))") }
        }
        differ("state after each step", steps.map(\.after.state), trace.states) { $0.joined(separator: " → ") }
        let tasks = steps.flatMap(\.openedTasks).map {
            HandWrittenReturn.Task(id: $0.id, name: $0.name, queue: $0.queue ?? "", due: $0.due ?? Timestamp.epoch, outcomes: $0.outcomes)
        }
        differ("tasks opened", tasks, trace.tasks) { "\($0.map(describe))" }
        let timers = steps.flatMap(\.armedTimers).map { HandWrittenReturn.Timer(id: $0.id, due: $0.due) }
        differ("timers armed", timers, trace.timers) { "\($0.map { "\($0.id) due \($0.due.rfc3339)" })" }
        for (field, value) in [("request.handled_at", c.handledAt), ("returned_goods.received_at", c.receivedAt),
                               ("refund.refunded_at", c.refundedAt)] {
            differ(field, last.data[field], value.map(Value.timestamp)) { $0.map { "\($0)" } ?? "unset" }
        }
        if !differences.isEmpty {
            throw HandWrittenReturn.Failure(description: "the baseline differs from the engine: " + differences.joined(separator: "; "))
        }
    }

    private static func describe(_ t: HandWrittenReturn.Task) -> String { "\(t.id) \(t.name)@\(t.queue) due \(t.due.rfc3339)" }
}
