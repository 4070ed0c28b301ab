import CaseflowCalendar
import CaseflowExpr

/// The engine benchmark's baseline: the return path of `workflows/return.yaml` written by hand,
/// as a developer would code it without an engine — typed fields, a `switch` over state and
/// event, and the same calendar library for the seven-day period and the business-hours due
/// times the workflow asks for.
///
/// It must compute what the engine computes, or the ratio compares different work:
/// `EngineBenchmark` checks its state after each step, its tasks (ids, queues, outcomes, due
/// times), its timer and the times it records against the engine's on one case before it times
/// either.
struct HandWrittenReturn {
    enum State: String {
        case requested, manualReview = "manual_review", escalated, approved, inspecting, refunding
        case shippingReplacement = "shipping_replacement", refunded, exchanged, denied
    }

    /// A customer's return request as it arrives: times are RFC 3339 text.
    struct Request {
        var tier = "standard"
        var channel: String
        var deliveredAt: String
        var category: String
        var exclusionConfirmed: Bool
        var condition: String
        var kind = "return"
        var submittedAt: String
    }

    struct Task: Equatable {
        var id: String
        var name: String
        var queue: String
        var due: Timestamp
        var outcomes: [String]
    }

    struct Timer: Equatable {
        var id: String
        var due: Timestamp
    }

    /// What the benchmark compares with the engine, kept only when it checks the path.
    struct Trace {
        var states: [String] = []
        var tasks: [Task] = []
        var timers: [Timer] = []
    }

    struct Case {
        var id: String
        var state = State.requested
        var tier: String
        var channel: String
        var deliveredAt: Timestamp
        var category: String
        var exclusionConfirmed: Bool
        var condition: String
        var kind: String
        var submittedAt: Timestamp
        var handledAt: Timestamp?
        var receivedAt: Timestamp?
        var refundedAt: Timestamp?
        var decisionReason: String?
        var tasks: [Task] = []
        var timer: Timer?
        var sequence = 0
        var trace: Trace?
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// The `cn` calendar of `rules/calendars.yaml`, which the workflow names.
    let calendar: BusinessCalendar

    static let distanceChannels = ["online", "phone", "tv", "mail"]
    static let neverReturnable = ["customized", "fresh", "digital_unsealed", "periodical"]
    static let excludedIfConfirmed = ["cosmetics", "phone", "laptop"]

    func start(id: String, _ r: Request, at now: Timestamp, keepTrace: Bool = false) throws -> Case {
        guard let delivered = Timestamp(rfc3339: r.deliveredAt), let submitted = Timestamp(rfc3339: r.submittedAt) else {
            throw Failure(description: "bad timestamp in the request")
        }
        var c = Case(id: id, tier: r.tier, channel: r.channel, deliveredAt: delivered, category: r.category,
                     exclusionConfirmed: r.exclusionConfirmed, condition: r.condition, kind: r.kind,
                     submittedAt: submitted, trace: keepTrace ? Trace() : nil)
        if try sevenDayReturn(c, now: now) {
            c.handledAt = now
            try enterApproved(&c, now: now)
        } else if Self.neverReturnable.contains(c.category) {
            c.decisionReason = "不适用七日无理由退货 (§6): " + c.category
            c.handledAt = now
            c.state = .denied
        } else {
            c.state = .manualReview
            try open(&c, "review_request", "returns_desk", due: business(now, hours: c.tier == "vip" ? 4 : 24), ["approve", "deny"])
            c.sequence += 1
            let timer = Timer(id: "\(c.id)-timer-\(c.sequence)", due: try plain(now, hours: 48))
            c.timer = timer
            c.trace?.timers.append(timer)
        }
        c.trace?.states.append(c.state.rawValue)
        return c
    }

    /// 《七日无理由退货暂行办法》 for this request, as `rules/cn/returns.yaml` states it.
    func sevenDayReturn(_ c: Case, now: Timestamp) throws -> Bool {
        guard Self.distanceChannels.contains(c.channel), now <= (try calendar.periodEnd(start: c.deliveredAt, days: 7)) else {
            return false
        }
        return !Self.neverReturnable.contains(c.category)
            && !(Self.excludedIfConfirmed.contains(c.category) && c.exclusionConfirmed)
            && c.condition == "intact"
    }

    /// Applies an event; false when the case's state does not take it.
    func handle(_ c: inout Case, _ event: String, receivedAt: Timestamp? = nil, now: Timestamp) throws -> Bool {
        switch (c.state, event) {
        case (.manualReview, "timer"):
            cancel(&c, "review_request")
            c.timer = nil
            c.state = .escalated
            try open(&c, "supervisor_review", "supervisors", due: business(now, hours: 4), ["approve", "deny"])
        case (.manualReview, "approve"), (.escalated, "approve"):
            cancel(&c, c.state == .manualReview ? "review_request" : "supervisor_review")
            c.timer = nil
            c.handledAt = now
            try enterApproved(&c, now: now)
        case (.approved, "goods_received"):
            guard let receivedAt else { throw Failure(description: "goods_received needs received_at") }
            cancel(&c, "schedule_pickup")
            c.receivedAt = receivedAt
            c.state = .inspecting
            try open(&c, "inspect_goods", "warehouse", due: business(now, hours: 24), ["pass", "fail"])
        case (.inspecting, "pass"):
            cancel(&c, "inspect_goods")
            if c.kind == "exchange" {
                c.state = .shippingReplacement
                try open(&c, "ship_replacement", "logistics", due: plain(now, hours: 48), ["shipped"])
            } else {
                c.state = .refunding
                try open(&c, "issue_refund", "finance", due: plain(now, hours: 72), ["refunded"])
            }
        case (.refunding, "refunded"):
            cancel(&c, "issue_refund")
            c.refundedAt = now
            c.state = .refunded
        default:
            return false
        }
        c.trace?.states.append(c.state.rawValue)
        return true
    }

    private func enterApproved(_ c: inout Case, now: Timestamp) throws {
        c.state = .approved
        try open(&c, "schedule_pickup", "logistics", due: plain(now, hours: 24), [])
    }

    private func open(_ c: inout Case, _ name: String, _ queue: String, due: Timestamp, _ outcomes: [String]) throws {
        c.sequence += 1
        let task = Task(id: "\(c.id)-task-\(c.sequence)", name: name, queue: queue, due: due, outcomes: outcomes)
        c.tasks.append(task)
        c.trace?.tasks.append(task)
    }

    private func cancel(_ c: inout Case, _ name: String) { c.tasks.removeAll { $0.name == name } }

    private func business(_ t: Timestamp, hours: Int64) throws -> Timestamp {
        guard let d = CELDuration(seconds: hours * 3600) else { throw Failure(description: "bad duration") }
        return try calendar.addBusinessHours(t, d)
    }

    private func plain(_ t: Timestamp, hours: Int64) throws -> Timestamp {
        guard let due = Timestamp(seconds: t.seconds + hours * 3600, nanos: Int64(t.nanos)) else {
            throw Failure(description: "time out of range")
        }
        return due
    }
}
