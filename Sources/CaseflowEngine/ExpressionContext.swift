import CaseflowExpr
import CaseflowModel
import CaseflowSource

/// The compiled expressions of a workflow or a rule set with what their variable slots read:
/// everything an activation needs to run them.
struct ExpressionContext: Sendable {
    /// What each slot of the base environment reads.
    let baseSlots: [SlotKind]
    /// Slot tables of environments with `event.*` fields, by event name.
    let eventSlots: [String: [SlotKind]]
    let rules: [CompiledRule]
    /// Compiled expressions by where they are written.
    let programs: ProgramTable

    func program(_ source: ExpressionSource) throws(EngineError) -> CompiledExpression {
        guard let compiled = programs[source.location] else {
            throw EngineError(.evaluationFailed, "internal: expression at \(source.location) was not compiled", location: source.location)
        }
        return compiled
    }

    func slots(forEvent event: String?) -> [SlotKind] {
        event.flatMap { eventSlots[$0] } ?? baseSlots
    }
}

/// A rule compiled in the scope it runs in, with the texts its audit entries use.
///
/// A class: a step reads it by reference instead of copying its half-dozen strings.
final class CompiledRule: Sendable {
    let setID: String
    let rule: Rule
    let program: Program
    /// `rule cn/returns/seven_day_return`.
    let purpose: String
    /// `rules.seven_day_return`, as a read of another expression.
    let readName: String

    init(setID: String, rule: Rule, program: Program) {
        self.setID = setID
        self.rule = rule
        self.program = program
        purpose = "rule \(setID)/\(rule.name)"
        readName = "rules." + rule.name
    }
}

/// An expression compiled, with what the audit calls it when that is fixed.
struct CompiledExpression: Sendable {
    let program: Program
    /// `due of review_request`, `set request.handled_at`; nil when it depends on the case.
    let purpose: String?
}

/// Compiled expressions by where they are written: looked up by line and column first (two
/// integers to hash), then by file among the few expressions at that position.
struct ProgramTable: Sendable {
    private var byPosition: [Int: [(file: String, compiled: CompiledExpression)]] = [:]

    subscript(location: SourceLocation) -> CompiledExpression? {
        get { byPosition[Self.key(location)]?.first { $0.file == location.file }?.compiled }
        set {
            let key = Self.key(location)
            var entries = byPosition[key, default: []].filter { $0.file != location.file }
            if let newValue { entries.append((location.file, newValue)) }
            byPosition[key] = entries
        }
    }

    private static func key(_ l: SourceLocation) -> Int { l.line << 20 | l.column }
}
