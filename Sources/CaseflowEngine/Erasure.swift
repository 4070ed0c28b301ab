import CaseflowExpr
import CaseflowModel

/// Erasure of a customer's personal data (PIPL Art. 47, GDPR Art. 17): the fields the
/// vocabulary marks `personal: true` are replaced, wherever a case keeps them, with
/// ``marker`` (text fields) or null (others), and the rest of the audit stays: states, rule
/// results, what was decided and when.
///
/// In the audit, an evaluation that read a personal field, or set one (`set customer.name`,
/// `data order.id of refund`), keeps its yes/no result and loses every other value it holds:
/// a text built from a name is as personal as the name.
public enum Erasure {
    /// What an erased text field holds.
    public static let marker = Value.string("[erased]")
    /// The event of the step that records an erasure.
    public static let event = "personal_data_erased"

    /// The erased form of a value of a personal field.
    public static func erased(_ value: Value) -> Value {
        if case .string = value { return marker }
        return .null
    }

    public static func scrub(_ data: [String: Value], fields: Set<String>) -> [String: Value] {
        var data = data
        for field in fields { if let v = data[field], v != marker, v != .null { data[field] = erased(v) } }
        return data
    }

    public static func scrub(_ task: TaskInstance, fields: Set<String>) -> TaskInstance {
        var task = task
        task.data = scrub(task.data, fields: fields)
        return task
    }

    public static func scrub(_ child: ChildCaseRequest, fields: Set<String>) -> ChildCaseRequest {
        var child = child
        child.data = scrub(child.data, fields: fields)
        return child
    }

    public static func scrub(_ audit: AuditRecord, fields: Set<String>) -> AuditRecord {
        var audit = audit
        audit.evaluations = audit.evaluations.map { scrub($0, fields: fields) }
        return audit
    }

    static func scrub(_ e: Evaluation, fields: Set<String>) -> Evaluation {
        let target = e.purpose.split(separator: " ").dropFirst().first.map(String.init)
        let setsPersonal = (e.purpose.hasPrefix("set ") || e.purpose.hasPrefix("data ")) && target.map(fields.contains) == true
        // An event's payload field of a personal field's name (`event.customer.name`) is one too.
        let personal = { (name: String) in fields.contains(name) || (name.hasPrefix("event.") && fields.contains(String(name.dropFirst(6)))) }
        guard setsPersonal || e.reads.contains(where: { personal($0.name) }) else { return e }
        var e = e
        e.result = e.result.map(keepDecision)
        e.reads = e.reads.map { Evaluation.Read(name: $0.name, value: $0.value.map(keepDecision)) }
        return e
    }

    /// A yes/no result stays (it is the decision, not the data); any other value goes.
    private static func keepDecision(_ v: Value) -> Value {
        switch v {
        case .bool, .null: v
        default: erased(v)
        }
    }

    /// The step that records an erasure on a case: the personal fields of its data and of its
    /// open tasks replaced, nothing else changed.
    public static func step(fields: Set<String>, at: Timestamp, actor: Actor?, in current: CaseState) -> Step {
        var after = current
        after.data = scrub(current.data, fields: fields)
        after.openTasks = current.openTasks.map { scrub($0, fields: fields) }
        after.step += 1
        after.updatedAt = max(current.updatedAt, at)
        after.updatedBy = actor
        let erased = fields.filter { current.data[$0] != nil }.sorted()
        let audit = AuditRecord(event: event, at: after.updatedAt, dueAt: nil, from: current.state, to: current.state, evaluations: [],
                                notes: ["personal data erased: " + (erased.isEmpty ? "no personal field was set" : erased.joined(separator: ", "))],
                                actor: actor)
        return Step.caseOnly(before: current, after: after, cancelledTimers: [], audit: audit)
    }
}

extension CompiledWorkflow {
    /// The fields of this version's cases that the vocabulary marks personal.
    public var personalFields: Set<String> {
        Set((workflow.fields + workflow.vocabulary).filter(\.personal).map(\.name))
    }
}
