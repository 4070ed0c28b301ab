import CaseflowCalendar
import CaseflowExpr
import CaseflowModel
import CaseflowSource

/// A workflow with every expression compiled once, ready for the engine to run many cases.
///
/// Built from validated definitions; building fails only if an expression does not compile,
/// which validation would have reported.
public final class CompiledWorkflow: Sendable {
    public let workflow: Workflow
    /// A content hash of the workflow and the rule sets it uses.
    public let hash: String
    let calendars: [String: BusinessCalendar]
    /// Slot tables, compiled rules and programs.
    let context: ExpressionContext
    /// States by name (see ``NameTable``), and by reference, so a step does not copy one each
    /// time it looks.
    let states: NameTable<CompiledState>
    /// Case fields and events by name, for the same reason (hashed: field names are long, and
    /// comparing one with each of a dozen costs more than hashing it).
    let fieldsByName: [String: FieldDefinition]
    let eventsByName: [String: EventDefinition]
    /// The vocabulary fields outside the schema, which a case may carry too (kept, typed).
    let extraFields: [String: FieldDefinition]
    /// The `map` and `list` fields a case may carry: nested objects are not flattened there.
    let containers: Set<String>
    /// The texts and expressions its audit records repeat, for a store to keep records short.
    public let auditDictionary: AuditDictionary
    /// The `kpi:` moments by name.
    let kpi: CompiledKPI

    public var id: String { workflow.id }
    public var version: Int { workflow.version }

    /// Compiles a workflow against its rule sets, calendars and functions.
    public init(_ workflow: Workflow, ruleSets: [RuleSet], calendars: [String: BusinessCalendar],
                functions: FunctionTable, sourceText: String) throws(EngineError) {
        self.workflow = workflow
        self.calendars = calendars
        kpi = CompiledKPI(workflow.kpi)
        let taskNames = Array(Set(workflow.allTasks.map(\.name))).sorted()
        states = NameTable(workflow.states.map {
            ($0.name, CompiledState($0, globalEvents: workflow.globalHandlers.map(\.event), taskNames: taskNames))
        })
        fieldsByName = Dictionary(workflow.fields.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let extras = workflow.vocabulary.excludingNames(of: workflow.fields)
        extraFields = Dictionary(extras.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        containers = DataCheck.containers(workflow.fields + extras)
        eventsByName = Dictionary(workflow.events.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let scope = ExpressionScope(workflow: workflow, ruleSets: ruleSets, functions: functions)
        var hasher = ContentHash()
        hasher.combine(sourceText)
        // Everything a case's behaviour depends on: rules, their values, and the calendars.
        for set in ruleSets {
            hasher.combine(set.id)
            for r in set.rules { hasher.combine(r.name); hasher.combine(r.when.text) }
            for v in set.values { hasher.combine(v.name); hasher.combine(v.value.debugText) }
        }
        for name in calendars.keys.sorted() { hasher.combine(name); hasher.combine(calendars[name]?.fingerprint ?? "") }
        // The vocabulary: the schema's fields from it, and what else a case may carry.
        for field in workflow.vocabulary.sorted(by: { $0.name < $1.name }) { hasher.combine(field.fingerprint) }
        hash = hasher.hex

        // Vocabulary fields outside the schema are fields too: `has()` may test one a case carries.
        let fields = Set(workflow.fields.map(\.name)).union(extraFields.keys)
        var compiler = ProgramCollector()
        // Rules compile in the workflow's scope: rule sets' fields are declared alike there.
        let (rules, ruleIndex) = try compiler.rules(of: ruleSets, in: scope.base)
        let slots = { (env: Environment) in env.variables.map { SlotKind($0.name, fields: fields, ruleSets: ruleSets, ruleIndex: ruleIndex) } }
        var perEvent: [String: [SlotKind]] = [:]
        for event in workflow.events where !event.fields.isEmpty {
            perEvent[event.name] = slots(scope.handling(event))
        }
        try compiler.collect(workflow, scope: scope)
        context = ExpressionContext(baseSlots: slots(scope.base), eventSlots: perEvent, rules: rules, programs: compiler.programs)
        let compiledStates = states
        auditDictionary = AuditDictionary(hash: hasher.hex, workflow: workflow, states: workflow.states.compactMap { compiledStates[$0.name] },
                                          context: context, sites: compiler.sites, purposes: compiler.purposes)
    }
}

extension [FieldDefinition] {
    /// These fields without those named in `others`.
    func excludingNames(of others: [FieldDefinition]) -> [FieldDefinition] {
        let names = Set(others.map(\.name))
        return filter { !names.contains($0.name) }
    }
}

extension FieldDefinition {
    /// What a field's declaration decides, as text for a content hash (not its meaning or title).
    var fingerprint: String {
        [name, type.rawValue, allowed?.joined(separator: "|") ?? "-", optional ? "optional" : "required",
         defaultValue?.debugText ?? "-", personal ? "personal" : "-"].joined(separator: ";")
    }
}

/// What a variable slot reads when an expression runs.
enum SlotKind: Sendable {
    case field(String)
    case now
    case caseID
    case caseState
    case value(Value)
    case rule(Int)
    /// An event payload field, with the name the audit shows (`event.received_at`).
    case eventField(String, readName: String)
    case unknown(String)

    init(_ name: String, fields: Set<String>, ruleSets: [RuleSet], ruleIndex: [String: Int]) {
        switch name {
        case "now": self = .now
        case "case.id": self = .caseID
        case "case.state": self = .caseState
        default:
            if name.hasPrefix("rules."), let index = ruleIndex[String(name.dropFirst(6))] {
                self = .rule(index)
            } else if name.hasPrefix("values."),
                      let value = ruleSets.lazy.compactMap({ $0.values.first { $0.name == String(name.dropFirst(7)) } }).first {
                self = .value(value.value)
            } else if name.hasPrefix("event.") {
                self = .eventField(String(name.dropFirst(6)), readName: name)
            } else if fields.contains(name) {
                self = .field(name)
            } else {
                self = .unknown(name)
            }
        }
    }
}

/// Compiles every expression of a workflow in the environment it runs in, with what the audit
/// calls it (`due of review_request`, `set request.handled_at`) where that does not depend on the
/// case, so a step does not build the text on every evaluation.
struct ProgramCollector {
    var programs = ProgramTable()
    /// Every expression's text by where it is written, and every fixed audit purpose: what an
    /// ``AuditDictionary`` is made of.
    var sites: [SourceLocation: String] = [:]
    var purposes: Set<String> = []

    @discardableResult
    mutating func compile(_ source: ExpressionSource, in env: Environment, purpose: String? = nil) throws(EngineError) -> Program {
        do {
            let program = try Program(source.text, in: env)
            // A YAML alias puts one expression (one location) in several places, say the same
            // `on:` block under two states: its text is fixed only if every place names it alike.
            let shared = programs[source.location].map { $0.purpose == purpose ? purpose : nil } ?? purpose
            programs[source.location] = CompiledExpression(program: program, purpose: shared)
            sites[source.location] = source.text
            if let purpose { purposes.insert(purpose) }
            return program
        } catch {
            throw EngineError(.evaluationFailed, "expression does not compile: \(error.message)", location: source.fileLocation(of: error.position))
        }
    }

    /// Compiles the rules of several sets; a rule name used by two sets resolves to the first.
    mutating func rules(of sets: [RuleSet], in env: Environment) throws(EngineError) -> ([CompiledRule], [String: Int]) {
        var compiled: [CompiledRule] = []
        var index: [String: Int] = [:]
        for set in sets {
            for rule in set.rules where index[rule.name] == nil {
                index[rule.name] = compiled.count
                compiled.append(CompiledRule(setID: set.id, rule: rule, program: try compile(rule.when, in: env)))
            }
        }
        return (compiled, index)
    }

    mutating func collect(_ w: Workflow, scope: ExpressionScope) throws(EngineError) {
        for state in w.states {
            try actions(state.entry, scope.base)
            try actions(state.exit, scope.base)
            for h in state.handlers {
                try transitions(h.transitions, scope.handling(w.event(h.event)), when: CompiledState.whenPurpose(.event(h.event), state.name))
            }
            try transitions(state.always, scope.base, when: CompiledState.alwaysPurpose(state.name))
            for (index, timer) in state.timers.enumerated() {
                if let at = timer.at { try compile(at, in: scope.base, purpose: "at of a timer of \(state.name)") }
                try transitions([timer.transition], scope.base, when: CompiledState.whenPurpose(.timer(index: index), state.name))
            }
        }
        // A global handler's conditions are named after the state the case is in: no fixed text.
        for h in w.globalHandlers { try transitions(h.transitions, scope.handling(w.event(h.event)), when: nil) }
        for sla in w.slas {
            try compile(sla.target, in: scope.base, purpose: "target of SLA \(sla.name)")
            try actions(sla.onBreach, scope.base)
        }
    }

    mutating func transitions(_ list: [Transition], _ env: Environment, when purpose: String?) throws(EngineError) {
        for t in list {
            if let when = t.when { try compile(when, in: env, purpose: purpose) }
            for a in t.assignments { try compile(a.value, in: env, purpose: "set \(a.field.value)") }
            try actions(t.actions, env)
        }
    }

    mutating func actions(_ list: [Action], _ env: Environment) throws(EngineError) {
        for action in list {
            switch action {
            case .task(let task):
                if let due = task.due { try compile(due, in: env, purpose: "due of \(task.name)") }
                if let priority = task.priority { try compile(priority, in: env, purpose: "priority of \(task.name)") }
                for a in task.data { try compile(a.value, in: env, purpose: "data \(a.field.value) of \(task.name)") }
            case .set(let assignments):
                for a in assignments { try compile(a.value, in: env, purpose: "set \(a.field.value)") }
            case .start(let child):
                for a in child.data { try compile(a.value, in: env, purpose: "data \(a.field.value) of child \(child.workflow.value)") }
            case .cancelTask, .cancelChildren:
                break
            }
        }
    }
}

/// FNV-1a, 64-bit: a stable content hash for telling definition versions apart (not for security).
struct ContentHash {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ text: String) {
        for byte in text.utf8 {
            state ^= UInt64(byte)
            state = state &* 0x0000_0100_0000_01B3
        }
        state ^= 0xFF
        state = state &* 0x0000_0100_0000_01B3
    }

    var hex: String {
        let s = String(state, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}

extension CompiledWorkflow {
    /// Converts a raw value to a case field's declared type, as the engine does for case data.
    public func convert(_ raw: Value, field name: String) throws(EngineError) -> Value {
        guard let field = fieldsByName[name] ?? extraFields[name] else {
            throw EngineError(.invalidData, "unknown field '\(name)'" + DataCheck.hint(name, workflow.fields.map(\.name) + extraFields.keys.sorted()), field: name)
        }
        return try DataCheck.value(raw, for: field)
    }

    /// Case data as the engine reads it: nested objects flattened into dotted names, except
    /// the values of `map` and `list` fields (``CaseData/flatten(_:keeping:)``).
    public func flatten(_ data: [String: Value]) throws(EngineError) -> [String: Value] {
        try DataCheck.flatten(data, keeping: containers)
    }

    /// The state with a name.
    func state(_ name: String) -> CompiledState? {
        states[name]
    }

    /// Whether a state is final.
    func isFinal(_ name: String) -> Bool {
        states[name]?.definition.isFinal ?? false
    }
}

/// A state as a step uses it: its definition, and the audit's texts for it made once rather
/// than by string interpolation on every step.
final class CompiledState: Sendable {
    let definition: State
    /// The purpose of its `always` conditions: `always in 'STATE'`.
    let alwaysPurpose: String
    /// The purposes of its transitions' conditions by trigger (`on:EVENT`, `global:EVENT`,
    /// `after:N`): `when of TRIGGER in 'STATE'`.
    private let whenPurposes: [TransitionTrigger: String]
    /// The trigger of each of its handlers, in order.
    let handlerTriggers: [TransitionTrigger]
    /// The audit note for each task of the workflow when leaving this state cancels it.
    private let cancelNotes: [(task: String, note: String)]

    init(_ state: State, globalEvents: [String], taskNames: [String]) {
        definition = state
        alwaysPurpose = Self.alwaysPurpose(state.name)
        handlerTriggers = state.handlers.map { .event($0.event) }
        let triggers = handlerTriggers + globalEvents.map { .workflowWide($0) } + state.timers.indices.map { .timer(index: $0) }
        whenPurposes = Dictionary(triggers.map { ($0, Self.whenPurpose($0, state.name)) }, uniquingKeysWith: { a, _ in a })
        cancelNotes = taskNames.map { ($0, Self.cancelNote($0, state.name)) }
    }

    /// Its name and the texts made for its audit, for the ``AuditDictionary``.
    var auditTexts: [String] {
        [definition.name, alwaysPurpose] + whenPurposes.values + cancelNotes.map(\.note)
    }

    func whenPurpose(_ trigger: TransitionTrigger) -> String {
        whenPurposes[trigger] ?? Self.whenPurpose(trigger, definition.name)
    }

    func cancelNote(task: String) -> String {
        cancelNotes.first { $0.task == task }?.note ?? Self.cancelNote(task, definition.name)
    }

    static func whenPurpose(_ trigger: TransitionTrigger, _ state: String) -> String {
        "when of \(trigger.text) in '\(state)'"
    }

    static func alwaysPurpose(_ state: String) -> String {
        "always in '\(state)'"
    }

    private static func cancelNote(_ task: String, _ state: String) -> String {
        "task \(task) cancelled on leaving '\(state)'"
    }
}
