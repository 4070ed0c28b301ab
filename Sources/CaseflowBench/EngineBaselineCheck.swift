import CaseflowEngine
import CaseflowExpr

/// Checks that the hand-written baseline did what the engine did on the same case — the same
/// states, the same tasks with the same ids, queues, outcomes and due times, the same recorded
/// times — so that the benchmark's ratio compares the same work.
enum EngineBaselineCheck {
    static func compare(engine steps: [Step], baseline c: HandWrittenReturn.Case) throws {
        var differences: [String] = []
        let engineTasks = steps.flatMap(\.openedTasks).map {
            HandWrittenReturn.Task(id: $0.id, name: $0.name, queue: $0.queue ?? "", due: $0.due ?? Timestamp.epoch, outcomes: $0.outcomes)
        }
        let baselineTasks = c.opened ?? []
        if engineTasks != baselineTasks {
            differences.append("tasks opened: engine \(engineTasks.map(describe)), baseline \(baselineTasks.map(describe))")
        }
        guard let last = steps.last?.after else { throw HandWrittenReturn.Failure(description: "the engine took no step") }
        if last.state != c.state.rawValue { differences.append("final state: engine \(last.state), baseline \(c.state.rawValue)") }
        for (field, value) in [("request.handled_at", c.handledAt), ("returned_goods.received_at", c.receivedAt),
                               ("refund.refunded_at", c.refundedAt)] {
            let engineValue = last.data[field]
            let baselineValue = value.map(Value.timestamp)
            if engineValue != baselineValue {
                differences.append("\(field): engine \(engineValue.map { "\($0)" } ?? "unset"), baseline \(baselineValue.map { "\($0)" } ?? "unset")")
            }
        }
        if !differences.isEmpty {
            throw HandWrittenReturn.Failure(description: "the baseline differs from the engine: " + differences.joined(separator: "; "))
        }
    }

    private static func describe(_ t: HandWrittenReturn.Task) -> String { "\(t.id) \(t.name)@\(t.queue) due \(t.due.rfc3339)" }
}
