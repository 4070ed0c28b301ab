import CaseflowCalendar
import CaseflowExpr
import CaseflowModel
import CaseflowSource

/// A rule set compiled on its own, to evaluate one rule against a case's data at a given time
/// and explain the answer: `caseflow rules eval` and rule tests use it.
public final class CompiledRuleSet: Sendable {
    public let ruleSet: RuleSet
    let context: ExpressionContext
    let scope: ExpressionScope
    /// Case fields each rule reads, directly or through the rules it uses.
    let fieldsRead: [String: Set<String>]
    /// The vocabulary fields the set does not read, which a record may carry too.
    let extraFields: [String: FieldDefinition]
    /// The `map` and `list` fields a record may carry: nested objects are not flattened there.
    let containers: Set<String>

    public init(_ set: RuleSet, functions: FunctionTable) throws(EngineError) {
        ruleSet = set
        scope = ExpressionScope(ruleSet: set, functions: functions)
        var compiler = ProgramCollector()
        let (rules, index) = try compiler.rules(of: [set], in: scope.base)
        let fields = Set(set.fields.map(\.name))
        let extras = set.vocabulary.excludingNames(of: set.fields)
        extraFields = Dictionary(extras.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        containers = DataCheck.containers(set.fields + extras)
        let slotFields = fields.union(extraFields.keys)
        context = ExpressionContext(baseSlots: scope.base.variables.map { SlotKind($0.name, fields: slotFields, ruleSets: [set], ruleIndex: index) },
                                    eventSlots: [:], rules: rules, programs: compiler.programs)
        var direct: [String: (fields: Set<String>, rules: Set<String>)] = [:]
        for rule in set.rules {
            guard let expr = try? Parser.parse(rule.when.text) else { continue }
            var names = (fields: Set<String>(), rules: Set<String>())
            expr.walk { node in
                guard let name = node.dottedName else { return }
                if fields.contains(name) { names.fields.insert(name) }
                if name.hasPrefix("rules.") { names.rules.insert(String(name.dropFirst(6))) }
            }
            direct[rule.name] = names
        }
        var closure: [String: Set<String>] = [:]
        for rule in set.rules {
            var seen: Set<String> = [], stack = [rule.name], read: Set<String> = []
            while let r = stack.popLast() {
                guard seen.insert(r).inserted, let d = direct[r] else { continue }
                read.formUnion(d.fields)
                stack += d.rules
            }
            closure[rule.name] = read
        }
        fieldsRead = closure
    }

    /// Evaluates `rule` on `data` at `at`. Data is checked against the set's fields; a field
    /// the rule needs that is missing is an error that names it, not a silent false. The record
    /// may carry any other vocabulary field (checked against its vocabulary type, then unused),
    /// so that one case record can be given to every rule; nested objects are flattened into
    /// dotted names, but for `map` and `list` fields.
    public func evaluate(rule name: String, data input: [String: Value], at: Timestamp) throws(EngineError) -> RuleVerdict {
        guard let rule = ruleSet.rule(name) else {
            throw EngineError(.unknownWorkflow, "rule set '\(ruleSet.id)' has no rule '\(name)'"
                + DataCheck.hint(name, ruleSet.rules.map(\.name)))
        }
        let data = try DataCheck.flatten(input, keeping: containers)
        var checked: [String: Value] = [:]
        let declared = ruleSet.fields.map(\.name)
        for field in data.keys.sorted() where !declared.contains(field) && extraFields[field] == nil {
            let nor = extraFields.isEmpty ? "" : ", nor a vocabulary field"
            throw EngineError(.invalidData, "'\(field)' is not a field rule set '\(ruleSet.id)' reads\(nor); it reads \(declared.joined(separator: ", "))"
                + DataCheck.hint(field, declared + extraFields.keys.sorted()), field: field)
        }
        for field in data.keys.sorted() {
            guard let extra = extraFields[field], let raw = data[field], raw != .null else { continue }
            checked[field] = try DataCheck.value(raw, for: extra)
        }
        for field in ruleSet.fields {
            if let raw = data[field.name], raw != .null {
                checked[field.name] = try DataCheck.value(raw, for: field)
            } else if let d = field.defaultValue {
                checked[field.name] = d
            } else if fieldsRead[name, default: []].contains(field.name) && !field.optional {
                throw EngineError(.invalidData, "rule '\(name)' needs '\(field.name)' (\(field.type.rawValue)), which the data does not give", field: field.name)
            }
        }
        let activation = CaseActivation(context, data: checked, state: "", caseID: "", now: at)
        let slot = scope.base.slot(of: "rules." + name) ?? 0
        guard case .bool(let result)? = activation.value(at: slot) else {
            let failure = activation.ruleEvaluations.last { $0.purpose.hasSuffix("/" + name) }?.error ?? "not a bool"
            throw EngineError(.evaluationFailed, "rule '\(name)' could not be evaluated: \(failure)", location: rule.when.location)
        }
        let evaluations = activation.ruleEvaluations
        var used: [String: [RuleVerdict.Condition]] = [:]
        for e in evaluations {
            if let r = ruleSet.rules.first(where: { e.purpose == "rule \(ruleSet.id)/\($0.name)" }), r.name != name {
                used[r.name] = explain(r, activation: activation)
            }
        }
        return RuleVerdict(setID: ruleSet.id, rule: rule, result: result, conditions: explain(rule, activation: activation),
                           usedConditions: used, evaluations: evaluations)
    }

    /// Evaluates each condition of the rule's `&&`/`||` chain on its own, and for comparisons
    /// both sides, so the explanation shows computed values such as a period's end.
    private func explain(_ rule: Rule, activation: CaseActivation) -> [RuleVerdict.Condition] {
        guard let expr = try? Parser.parse(rule.when.text) else { return [] }
        return expr.conditions.map { condition in
            var parts: [(String, Value?)] = [(condition.description, value(of: condition, activation))]
            if case .binary(_, let l, let r) = condition.kind {
                for side in [l, r] where !Self.isPlain(side) {
                    parts.append((side.description, value(of: side, activation)))
                }
            }
            return RuleVerdict.Condition(expression: parts[0].0, value: parts[0].1,
                                         details: parts.dropFirst().map { .init(expression: $0.0, value: $0.1) })
        }
    }

    private static func isPlain(_ e: Expr) -> Bool {
        if case .literal = e.kind { return true }
        return e.dottedName != nil
    }

    private func value(of expr: Expr, _ activation: CaseActivation) -> Value? {
        guard let program = try? Program(compiling: expr, in: scope.base) else { return nil }
        return try? program.evaluate(activation)
    }
}

/// The answer of a rule on a case, with the conditions that decided it and the rules it used.
public struct RuleVerdict: Sendable {
    public var setID: String
    public var rule: Rule
    public var result: Bool
    /// The rule's top-level conditions with their values, and for comparisons both sides.
    public var conditions: [Condition]
    /// The conditions of each rule this one used, by rule name.
    public var usedConditions: [String: [Condition]]
    /// This rule's and every rule it used, each with the values it read.
    public var evaluations: [Evaluation]

    public struct Condition: Sendable {
        public var expression: String
        public var value: Value?
        public var details: [Detail]
    }

    public struct Detail: Sendable {
        public var expression: String
        public var value: Value?
    }
}
