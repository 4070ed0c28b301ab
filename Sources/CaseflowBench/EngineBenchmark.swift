import CaseflowEngine
import CaseflowExpr
import CaseflowModel

/// Issue benchmark: in-memory transitions per second on the shipped return workflow, driven end
/// to end through eight states (requested → manual_review → escalated → approved → inspecting →
/// refunding → refunded, with a guarded `always` and a timer) for many cases; and the same path
/// hand-written as a Swift `switch` doing the same work, as the baseline.
enum EngineBenchmark {
    static let caseData: [String: Value] = [
        "customer.id": .string("C-1"), "order.id": .string("SO-1"), "order.channel": .string("online"),
        "order.delivered_at": .string("2026-03-02T10:00:00+08:00"), "product.category": .string("cosmetics"),
        "order.exclusion_confirmed": .bool(true), "request.condition": .string("intact"),
        "request.submitted_at": .string("2026-03-05T10:00:00+08:00"),
    ]

    static func run(seconds: Double, only: String? = nil) throws -> [Measurement] {
        let loaded = DefinitionLoader().load(paths: ["workflows", "rules"])
        guard !loaded.diagnostics.contains(where: { $0.severity == .error }) else {
            throw EvalError(.invalidArgument, "run from the repository root: the benchmark needs workflows/ and rules/")
        }
        let engine = try Engine(definitions: loaded.definitions)
        guard let t0 = Timestamp(rfc3339: "2026-03-05T10:00:00+08:00") else { return [] }
        func at(_ hours: Int64) -> Timestamp { Timestamp(seconds: t0.seconds + hours * 3600) ?? t0 }

        /// One case through the path; returns the number of state changes.
        func drive(_ n: Int) throws -> Int {
            var transitions = 0
            var step = try engine.start(workflow: "return", id: "R-\(n)", data: caseData, at: t0)
            transitions += step.taken.filter { $0.target != nil }.count
            guard let timer = step.after.timers.first else { throw EvalError(.invalidArgument, "no review timer") }
            step = try engine.fire(timer: timer.id, at: timer.due, in: step.after)           // → escalated
            transitions += step.taken.filter { $0.target != nil }.count
            for (outcome, hour) in [("approve", 60), ("goods_received", 80), ("pass", 90), ("refunded", 100)] {
                if let task = step.after.openTasks.first(where: { $0.outcomes.contains(outcome) }) {
                    step = try engine.complete(task: task.id, outcome: outcome, at: at(Int64(hour)), in: step.after)
                } else {
                    step = try engine.apply(Event(outcome, data: ["received_at": .timestamp(at(Int64(hour - 1)))], at: at(Int64(hour))), to: step.after)
                }
                transitions += step.taken.filter { $0.target != nil }.count
            }
            guard step.after.state == "refunded" else { throw EvalError(.invalidArgument, "path ended in \(step.after.state)") }
            return transitions
        }
        let perCase = try drive(0)
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
            guard HandWrittenReturn.drive(id: n, t0: t0.seconds) == perCase else {
                throw EvalError(.invalidArgument, "baseline took another path")
            }
        }
        return [engineRun.scaled(by: perCase, unit: "transitions"), baseline.scaled(by: perCase, unit: "transitions")]
    }
}

/// The return path written by hand: the same states, guard, tasks, timer and data changes, as a
/// developer would code it without an engine.
enum HandWrittenReturn {
    enum State { case requested, manualReview, escalated, approved, inspecting, refunding, refunded, denied }
    struct Task { var id: String; var name: String; var queue: String; var due: Int64; var outcomes: [String] }
    struct Case {
        var id: String
        var state = State.requested
        var data: [String: String] = [:]
        var tasks: [Task] = []
        var timerDue: Int64?
        var sequence = 0
    }

    static func open(_ c: inout Case, _ name: String, _ queue: String, due: Int64, _ outcomes: [String]) {
        c.sequence += 1
        c.tasks.append(Task(id: "\(c.id)-task-\(c.sequence)", name: name, queue: queue, due: due, outcomes: outcomes))
    }

    /// Seven-day rule for the sample case: online, in time, cosmetics with a confirmed exclusion.
    static func sevenDay(_ c: Case, now: Int64) -> Bool {
        let channelOK = ["online", "phone", "tv", "mail"].contains(c.data["order.channel"] ?? "")
        let delivered = Int64(c.data["order.delivered_at.epoch"] ?? "") ?? 0
        let localDay = (delivered + 8 * 3600) / 86_400
        let inTime = now < (localDay + 8) * 86_400 - 8 * 3600
        let excluded = ["customized", "fresh", "digital_unsealed", "periodical"].contains(c.data["product.category"] ?? "")
        let confirmed = ["cosmetics", "phone", "laptop"].contains(c.data["product.category"] ?? "") && c.data["order.exclusion_confirmed"] == "true"
        return channelOK && inTime && !excluded && !confirmed && c.data["request.condition"] == "intact"
    }

    static func handle(_ c: inout Case, _ event: String, now: Int64) -> Int {
        switch (c.state, event) {
        case (.requested, "start"):
            if sevenDay(c, now: now) { c.state = .approved; return 1 }
            c.state = .manualReview
            open(&c, "review_request", "returns_desk", due: now + 86_400, ["approve", "deny"])
            c.timerDue = now + 48 * 3600
            return 1
        case (.manualReview, "timer"):
            c.tasks.removeAll { $0.name == "review_request" }
            c.state = .escalated
            open(&c, "supervisor_review", "supervisors", due: now + 4 * 3600, ["approve", "deny"])
            return 1
        case (.escalated, "approve"):
            c.tasks.removeAll { $0.name == "supervisor_review" }
            c.state = .approved
            c.data["request.handled_at"] = String(now)
            open(&c, "schedule_pickup", "logistics", due: now + 86_400, [])
            return 1
        case (.approved, "goods_received"):
            c.tasks.removeAll { $0.name == "schedule_pickup" }
            c.data["returned_goods.received_at"] = String(now)
            c.state = .inspecting
            open(&c, "inspect_goods", "warehouse", due: now + 86_400, ["pass", "fail"])
            return 1
        case (.inspecting, "pass"):
            c.tasks.removeAll { $0.name == "inspect_goods" }
            c.state = c.data["request.kind"] == "exchange" ? .denied : .refunding
            open(&c, "issue_refund", "finance", due: now + 72 * 3600, ["refunded"])
            return 1
        case (.refunding, "refunded"):
            c.tasks.removeAll { $0.name == "issue_refund" }
            c.data["refund.refunded_at"] = String(now)
            c.state = .refunded
            return 1
        default:
            return 0
        }
    }

    static func drive(id: Int, t0: Int64) -> Int {
        var c = Case(id: "R-\(id)")
        c.data = ["order.channel": "online", "order.delivered_at.epoch": "1772416800", "product.category": "cosmetics",
                  "order.exclusion_confirmed": "true", "request.condition": "intact", "request.kind": "return"]
        var n = handle(&c, "start", now: t0)
        n += handle(&c, "timer", now: c.timerDue ?? t0)
        for (event, hour) in [("approve", 60), ("goods_received", 80), ("pass", 90), ("refunded", 100)] {
            n += handle(&c, event, now: t0 + Int64(hour) * 3600)
        }
        return c.state == .refunded ? n : -1
    }
}
