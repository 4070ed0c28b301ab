import CaseflowEngine
import CaseflowExpr
import CaseflowModel

/// Issue benchmark: in-memory transitions per second on the shipped return workflow, driven end
/// to end through seven states (requested → manual_review → escalated → approved → inspecting →
/// refunding → refunded, with a guarded `always` and a timer) for many cases; and the same path
/// hand-written as a Swift `switch` doing the same work, as the baseline.
enum EngineBenchmark {
    static let caseData: [String: Value] = [
        "customer.id": .string("C-1"), "order.id": .string("SO-1"), "order.channel": .string("online"),
        "order.delivered_at": .string("2026-03-02T10:00:00+08:00"), "product.category": .string("cosmetics"),
        "order.exclusion_confirmed": .bool(true), "request.condition": .string("intact"),
        "request.submitted_at": .string("2026-03-05T10:00:00+08:00"),
    ]

    /// The events after the timer, with the hour after the start each arrives at; both the
    /// engine and the baseline drive a case through them.
    static let path = [("approve", 60), ("goods_received", 80), ("pass", 90), ("refunded", 100)]

    static func run(seconds: Double, only: String? = nil) throws -> [Measurement] {
        let loaded = DefinitionLoader().load(paths: ["workflows", "rules"])
        guard !loaded.diagnostics.contains(where: { $0.severity == .error }) else {
            throw EvalError(.invalidArgument, "run from the repository root: the benchmark needs workflows/ and rules/")
        }
        let engine = try Engine(definitions: loaded.definitions)
        guard let t0 = Timestamp(rfc3339: "2026-03-05T10:00:00+08:00") else { return [] }
        func at(_ hours: Int64) -> Timestamp { Timestamp(seconds: t0.seconds + hours * 3600) ?? t0 }

        /// One case through the path; returns the number of state changes.
        func drive(_ n: Int, record: ((Step) -> Void)? = nil) throws -> Int {
            var transitions = 0
            var step = try engine.start(workflow: "return", id: "R-\(n)", data: caseData, at: t0)
            transitions += step.taken.filter { $0.target != nil }.count
            record?(step)
            guard let timer = step.after.timers.first else { throw EvalError(.invalidArgument, "no review timer") }
            step = try engine.fire(timer: timer.id, at: timer.due, in: step.after)           // → escalated
            transitions += step.taken.filter { $0.target != nil }.count
            record?(step)
            for (outcome, hour) in path {
                if let task = step.after.openTasks.first(where: { $0.outcomes.contains(outcome) }) {
                    step = try engine.complete(task: task.id, outcome: outcome, at: at(Int64(hour)), in: step.after)
                } else {
                    step = try engine.apply(Event(outcome, data: ["received_at": .timestamp(at(Int64(hour - 1)))], at: at(Int64(hour))), to: step.after)
                }
                transitions += step.taken.filter { $0.target != nil }.count
                record?(step)
            }
            guard step.after.state == "refunded" else { throw EvalError(.invalidArgument, "path ended in \(step.after.state)") }
            return transitions
        }
        var steps: [Step] = []
        let perCase = try drive(0) { steps.append($0) }
        guard let cn = loaded.definitions.businessCalendars().calendars["cn"] else { throw EvalError(.invalidArgument, "rules/calendars.yaml has no 'cn' calendar") }
        let baselinePath = HandWrittenReturn(calendar: cn)
        let request = HandWrittenReturn.Request(channel: "online", deliveredAt: "2026-03-02T10:00:00+08:00", category: "cosmetics",
                                                exclusionConfirmed: true, condition: "intact", submittedAt: "2026-03-05T10:00:00+08:00")
        /// The same case by hand; returns the number of state changes, or -1 off the path.
        func driveBaseline(_ n: Int, keepTrace: Bool = false) throws -> (Int, HandWrittenReturn.Case) {
            var c = try baselinePath.start(id: "R-\(n)", request, at: t0, keepTrace: keepTrace)
            var transitions = c.state == .requested ? 0 : 1
            if let timer = c.timer, try baselinePath.handle(&c, "timer", now: timer.due) { transitions += 1 }
            for (event, hour) in path {
                if try baselinePath.handle(&c, event, receivedAt: at(Int64(hour - 1)), now: at(Int64(hour))) { transitions += 1 }
            }
            return (c.state == .refunded ? transitions : -1, c)
        }
        try EngineBaselineCheck.compare(engine: steps, baseline: try driveBaseline(0, keepTrace: true).1)
        if let count = Int(only ?? ""), count > 0 {
            // A fixed amount of work, for instruction counts under callgrind:
            // valgrind --tool=callgrind .build/release/caseflow-bench engine --only 1000
            for k in 1...count { _ = try drive(k) }
            return []
        }
        var n = 0
        let engineRun = try Measurement.run("engine: return workflow, \(perCase) transitions per case", seconds: seconds, batch: 200) {
            n += 1
            _ = try drive(n)
        }
        if only == "engine" { return [engineRun.scaled(by: perCase, unit: "transitions")] }
        let baseline = try Measurement.run("baseline: the same path as a hand-written switch", seconds: seconds, batch: 2_000) {
            n += 1
            guard try driveBaseline(n).0 == perCase else {
                throw EvalError(.invalidArgument, "baseline took another path")
            }
        }
        return [engineRun.scaled(by: perCase, unit: "transitions"), baseline.scaled(by: perCase, unit: "transitions")]
    }
}
