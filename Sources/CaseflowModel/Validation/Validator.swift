import CaseflowExpr
import CaseflowSource
import CaseflowYAML

/// Runs every check over loaded definitions and returns all problems, sorted by place.
///
/// Each check is a small function over one workflow or rule set that appends located
/// diagnostics; none stops the others, so one run reports everything.
public struct Validator: Sendable {
    /// Functions expressions may call; must include the calendar functions' signatures.
    public var functions: FunctionTable

    public init(functions: FunctionTable) {
        self.functions = functions
    }

    public func validate(_ unresolved: Definitions) -> [Diagnostic] {
        var bag = DiagnosticBag()
        // Schemas as the vocabulary makes them (the loader resolves too; resolving is idempotent).
        let (definitions, resolution) = unresolved.resolvingVocabulary()
        bag.append(contentsOf: resolution)
        duplicates(definitions, &bag)
        let calendarNames = definitions.calendars.map(\.name)
        for set in definitions.ruleSets {
            RuleSetCheck.run(set, functions: functions, calendars: calendarNames, &bag)
        }
        let validator = self
        let perWorkflow = parallelMap(definitions.workflows) { workflow in
            var own = DiagnosticBag()
            let sets = validator.ruleSets(of: workflow, definitions, &own)
            GraphCheck.run(workflow, &own)
            EventCheck.run(workflow, &own)
            KPICheck.run(workflow, definitions, &own)
            let scope = ExpressionScope(workflow: workflow, ruleSets: sets, functions: validator.functions)
            WorkflowExpressionCheck(workflow: workflow, definitions: definitions, scope: scope).run(&own)
            return own.items
        }
        for items in perWorkflow { bag.append(contentsOf: items) }
        subscriptions(definitions, &bag)
        return bag.items.sorted { ($0.location, $0.code.id) < ($1.location, $1.code.id) }
    }

    /// The rule sets a workflow lists; unknown ids and fields the workflow lacks are reported
    /// (the vocabulary fields a rule set reads are in the workflow's schema already).
    private func ruleSets(of w: Workflow, _ d: Definitions, _ bag: inout DiagnosticBag) -> [RuleSet] {
        var sets: [RuleSet] = []
        for id in w.ruleSets {
            guard let set = d.ruleSet(id.value) else {
                bag.error(.unknownRuleSet, at: id.location, "unknown rule set '\(id.value)'",
                          suggestion: Suggestion.closest(to: id.value, among: d.ruleSets.map(\.id)))
                continue
            }
            for field in set.fields {
                guard let own = w.field(field.name) else {
                    bag.error(.schemaMismatch, at: id.location, "rule set '\(set.id)' reads '\(field.name)' (\(field.type.rawValue)), which the case schema of '\(w.id)' does not declare",
                              notes: [.init(field.location, "declared here")])
                    continue
                }
                if own.type != field.type {
                    bag.error(.schemaMismatch, at: own.location, "'\(field.name)' is \(own.type.rawValue) here, but rule set '\(set.id)' reads it as \(field.type.rawValue)",
                              notes: [.init(field.location, "the rule set's declaration")])
                }
            }
            sets.append(set)
        }
        // rules.NAME and values.NAME share one namespace across the listed sets.
        var seen: [String: String] = [:]
        for set in sets {
            for name in set.rules.map({ "rules." + $0.name }) + set.values.map({ "values." + $0.name }) {
                if let other = seen[name], let id = w.ruleSets.first(where: { $0.value == set.id }) {
                    bag.error(.ambiguousRule, at: id.location, "'\(name)' is defined by both '\(other)' and '\(set.id)'; a workflow cannot tell them apart — rename one")
                } else {
                    seen[name] = set.id
                }
            }
        }
        return sets
    }

    /// Subscriptions name loaded workflows and fields a case of them may carry. (Checked only
    /// with workflows loaded: a subscriptions file validated alone has nothing to check against.)
    private func subscriptions(_ d: Definitions, _ bag: inout DiagnosticBag) {
        guard !d.workflows.isEmpty else { return }
        for s in d.subscriptions {
            for id in s.workflows where d.workflow(id) == nil {
                bag.error(.unknownWorkflow, at: s.location, "subscription '\(s.name)' names workflow '\(id)', which is not loaded",
                          suggestion: Suggestion.closest(to: id, among: d.workflows.map(\.id)))
            }
            let workflows = s.workflows.isEmpty ? d.workflows : d.workflows.filter { s.workflows.contains($0.id) }
            for field in s.fields where d.vocabularyField(field) == nil && !workflows.contains(where: { $0.field(field) != nil }) {
                bag.error(.unknownField, at: s.location, "subscription '\(s.name)' asks for field '\(field)', which neither the vocabulary nor its workflows declare")
            }
        }
    }

    private func duplicates(_ d: Definitions, _ bag: inout DiagnosticBag) {
        func report<T>(_ items: [T], id: (T) -> String, location: (T) -> SourceLocation, code: DiagnosticCode, kind: String) {
            var first: [String: SourceLocation] = [:]
            for item in items {
                if let previous = first[id(item)] {
                    bag.error(code, at: location(item), "\(kind) '\(id(item))' is defined twice; ids must be unique across files",
                              notes: [.init(previous, "first defined here")])
                } else {
                    first[id(item)] = location(item)
                }
            }
        }
        report(d.workflows, id: \.id, location: \.location, code: .duplicateWorkflow, kind: "workflow")
        report(d.ruleSets, id: \.id, location: \.location, code: .duplicateRuleSet, kind: "rule set")
        report(d.calendars, id: \.name, location: \.location, code: .duplicateCalendar, kind: "calendar")
    }
}
