import CaseflowExpr
import CaseflowModel
import CaseflowSource

/// Supplies an expression's variables from a case during one step, and records what each
/// evaluation read so the audit record can say why a decision went the way it did.
///
/// Rules are evaluated on first use and remembered for the rest of the step; each appears in the
/// audit once, with its own reads.
final class CaseActivation: Activation {
    // Its properties skip the run-time exclusivity checks (`@exclusivity(unchecked)`): an
    // activation serves one step on one thread and no access to one of them overlaps another,
    // and the checks cost about 3 % of a step.
    private let context: ExpressionContext
    @exclusivity(unchecked) private var slots: [SlotKind]
    @exclusivity(unchecked) var data: [String: Value]
    @exclusivity(unchecked) var state: String
    let caseID: String
    let now: Timestamp
    @exclusivity(unchecked) private var event: [String: Value] = [:]
    @exclusivity(unchecked) private var reads: [Evaluation.Read] = []
    /// Results of rules evaluated in this step, valid while their generation is the current
    /// one; assigning a field starts a new generation (a rule may read the field). Made on the
    /// first rule a step evaluates: most steps evaluate none.
    @exclusivity(unchecked) private var ruleResults: [(generation: Int, value: Value?)] = []
    @exclusivity(unchecked) private var generation = 1
    /// Evaluations of rules made so far in this step.
    @exclusivity(unchecked) private(set) var ruleEvaluations: [Evaluation] = []

    init(_ context: ExpressionContext, data: [String: Value], state: String, caseID: String, now: Timestamp) {
        self.context = context
        self.slots = context.baseSlots
        self.data = data
        self.state = state
        self.caseID = caseID
        self.now = now
    }

    /// Sets a case field; remembered rule results are dropped since they may read it.
    func assign(_ field: String, _ value: Value?) {
        data[field] = value
        generation += 1
    }

    /// Uses the environment of a handler of `event`, whose payload expressions may read.
    func handling(_ event: String?, payload: [String: Value]) {
        slots = context.slots(forEvent: event)
        self.event = payload
    }

    /// Back to the base environment (entry actions, `always`, timers).
    func leaveHandler() {
        slots = context.baseSlots
        event = [:]
    }

    func value(at slot: Int) -> Value? {
        guard slot < slots.count else { return nil }
        let name: String
        let value: Value?
        switch slots[slot] {
        case .field(let field): name = field; value = data[field]
        case .now: name = "now"; value = .timestamp(now)
        case .caseID: return .string(caseID)
        case .caseState: return .string(state)
        case .value(let v): return v
        case .eventField(let field, let readName): name = readName; value = event[field]
        case .rule(let index):
            let result = evaluateRule(index)
            reads.append(.init(name: context.rules[index].readName, value: result))
            return result
        case .unknown: return nil
        }
        reads.append(.init(name: name, value: value))
        return value
    }

    private func evaluateRule(_ index: Int) -> Value? {
        if ruleResults.isEmpty { ruleResults = Array(repeating: (0, nil), count: context.rules.count) }
        if ruleResults[index].generation == generation { return ruleResults[index].value }
        let rule = context.rules[index]
        let outer = reads
        reads = []
        reads.reserveCapacity(rule.program.readCount)
        var result: Value?, failure: String?
        do {
            result = try rule.program.evaluate(self)
        } catch {
            failure = error.message
        }
        let ruleReads = reads
        reads = outer
        ruleResults[index] = (generation, result)
        // Made in the list directly: a local filled in and appended is copied.
        ruleEvaluations.append(Evaluation(purpose: rule.purpose, expression: rule.rule.when.text,
                                          location: rule.rule.when.location, result: result, error: failure, reads: ruleReads,
                                          title: rule.rule.title, basis: rule.rule.basis))
        return result
    }

    /// Evaluates an expression, returning its audit entry; the value is nil on error. The
    /// entry's purpose is the one fixed when the workflow was compiled, else `purpose`.
    func evaluate(_ source: ExpressionSource, purpose: () -> String) throws(EngineError) -> Evaluation {
        let compiled = try context.program(source)
        let program = compiled.program
        reads = []
        reads.reserveCapacity(program.readCount)
        var result: Value?, failure: String?
        do {
            result = try program.evaluate(self)
        } catch {
            let position = SourcePosition(offset: error.offset ?? 0, in: source.text)
            failure = "\(error.message) (at \(source.fileLocation(of: position)))"
        }
        // Made in the return value directly: a local filled in and returned is copied.
        return Evaluation(purpose: compiled.purpose ?? purpose(), expression: source.text, location: source.location,
                          result: result, error: failure, reads: reads, title: nil, basis: nil)
    }

    /// Appends the rule evaluations made since the last call to `audit` and forgets them.
    func moveRuleEvaluations(into audit: inout [Evaluation]) {
        guard !ruleEvaluations.isEmpty else { return }
        // Moved, not copied: an empty audit takes the list whole, else the entries move over.
        if audit.isEmpty {
            swap(&audit, &ruleEvaluations)
        } else {
            audit.append(contentsOf: ruleEvaluations)
            ruleEvaluations.removeAll()
        }
    }
}
