import CaseflowExpr
import CaseflowSource
import CaseflowYAML

/// Resolving workflows and rule sets against the shared case data vocabulary.
///
/// The vocabulary (`vocabulary:` files, `rules/vocabulary.yaml` in this repository) declares
/// each shared field once: its type, enum and default, what it means, and whether it is personal
/// data. A workflow's `case:` or a rule set's `fields:` may then
///
/// - name a vocabulary field without its type (`customer.id:`): it is declared as the vocabulary
///   says;
/// - narrow one (`order.channel: {enum: [online, store]}`, `customer.name: {optional: true}`): an
///   enum within the vocabulary's, a default, `optional`, but never another type (CF307);
/// - leave one out and still read it: a vocabulary field that a workflow's expressions read or
///   set, or that one of its rule sets reads, joins its schema as the vocabulary declares it.
///
/// A case may carry any other vocabulary field too: the engine keeps it, typed by the vocabulary.
extension Definitions {
    /// These definitions with each workflow's and rule set's ``Workflow/fields`` made from its
    /// declared fields and the vocabulary, and the problems found doing so. Works from the
    /// declarations as written, so resolving resolved definitions changes nothing.
    public func resolvingVocabulary() -> (definitions: Definitions, diagnostics: [Diagnostic]) {
        var bag = DiagnosticBag()
        var resolved = self
        let resolver = VocabularyResolver(vocabulary, bag: &bag)
        for i in resolved.ruleSets.indices {
            let set = resolved.ruleSets[i]
            var fields = resolver.resolve(set.declaredFields, owner: "rule set '\(set.id)'", &bag)
            let read = resolver.fields.isEmpty ? [] : resolver.vocabularyNames(readBy: set.rules.map(\.when))
            fields += resolver.missing(from: fields, among: read)
            resolved.ruleSets[i].fields = fields
            resolved.ruleSets[i].vocabulary = resolver.fields
        }
        for i in resolved.workflows.indices {
            let w = resolved.workflows[i]
            var fields = resolver.resolve(w.declaredFields, owner: "workflow '\(w.id)'", &bag)
            var used: Set<String> = []
            if !resolver.fields.isEmpty {
                used = resolver.vocabularyNames(readBy: w.allExpressions)
                used.formUnion(w.assignedFields.map(\.value).filter { resolver.byName[$0] != nil })
            }
            for id in w.ruleSets {
                guard let set = resolved.ruleSet(id.value) else { continue }
                used.formUnion(set.fields.map(\.name).filter { resolver.byName[$0] != nil })
            }
            fields += resolver.missing(from: fields, among: used)
            resolved.workflows[i].fields = fields
            resolved.workflows[i].vocabulary = resolver.fields
        }
        return (resolved, bag.items)
    }
}

/// The vocabulary by name, and the rules of declaring against it.
struct VocabularyResolver {
    /// The vocabulary's fields, each name once (the first declaration), in file order.
    let fields: [FieldDefinition]
    let byName: [String: FieldDefinition]

    init(_ vocabulary: [FieldDefinition], bag: inout DiagnosticBag) {
        var first: [String: FieldDefinition] = [:]
        var unique: [FieldDefinition] = []
        var searches: [String: FieldDefinition] = [:]
        for field in vocabulary {
            if let search = field.search, let other = searches[search], other.name != field.name {
                bag.error(.badValue, at: field.location, "'search: \(search)' is declared for '\(other.name)' already; each search name finds cases by one field",
                          notes: [.init(other.location, "declared here")])
            } else if let search = field.search {
                searches[search] = field
            }
            if let previous = first[field.name] {
                bag.error(.duplicateVocabularyField, at: field.location,
                          "vocabulary field '\(field.name)' is declared twice; declare each field once, in one vocabulary file",
                          notes: [.init(previous.location, "first declared here")])
                continue
            }
            first[field.name] = field
            unique.append(field)
        }
        fields = unique
        byName = first
    }

    /// The vocabulary fields named in `names` that `declared` lacks, in vocabulary order.
    func missing(from declared: [FieldDefinition], among names: Set<String>) -> [FieldDefinition] {
        let have = Set(declared.map(\.name))
        return fields.filter { names.contains($0.name) && !have.contains($0.name) }
    }

    /// Declared fields with the vocabulary's type, narrowed as written; problems go to `bag`.
    func resolve(_ declared: [FieldDefinition], owner: String, _ bag: inout DiagnosticBag) -> [FieldDefinition] {
        declared.map { resolve($0, owner: owner, &bag) }
    }

    private func resolve(_ field: FieldDefinition, owner: String, _ bag: inout DiagnosticBag) -> FieldDefinition {
        guard let word = byName[field.name] else {
            if !field.typeWritten {
                let closest = Suggestion.closest(to: field.name, among: fields.map(\.name))
                bag.error(.missingKey, at: field.location,
                          "'\(field.name)' is not a vocabulary field, so \(owner) must give its type, e.g. \(field.name): string"
                            + (fields.isEmpty ? " (no vocabulary file is loaded)" : ""),
                          suggestion: closest)
            }
            return field
        }
        let said = "the vocabulary declares '\(field.name)' \(word.describedType)"
        let note = Diagnostic.Note(word.location, "the vocabulary's declaration")
        if field.typeWritten && field.type != word.type {
            bag.error(.schemaMismatch, at: field.location,
                      "'\(field.name)' is \(field.type.rawValue) in \(owner), but \(said); a declaration may narrow a vocabulary field (an enum within its enum, a default, optional) but not change its type — drop 'type' to use the vocabulary's",
                      notes: [note])
        }
        var result = word
        result.location = field.location
        result.title = field.title ?? word.title
        result.optionalWritten = field.optionalWritten
        result.defaultLocation = field.defaultLocation ?? word.defaultLocation
        if field.optionalWritten { result.optional = field.optional }
        if let allowed = field.allowed {
            if word.type != .string {
                // A written non-string type has had this said by the reader.
                if !field.typeWritten {
                    bag.error(.badValue, at: field.location, "'enum' applies to string fields, but \(said)")
                }
            } else if let wider = word.allowed, let extra = allowed.first(where: { !wider.contains($0) }) {
                bag.error(.schemaMismatch, at: field.location,
                          "'\(field.name)' allows '\(extra)' in \(owner), but \(said); a narrowed enum keeps to the vocabulary's values",
                          suggestion: Suggestion.closest(to: extra, among: wider), notes: [note])
            }
            result.allowed = allowed
        }
        if let written = field.defaultValue {
            let location = field.defaultLocation ?? field.location
            if field.typeWritten {
                result.defaultValue = written   // converted, and checked against its own enum, by the reader
                if field.allowed == nil { checkDefault(written, of: result, at: location, &bag) }
            } else {
                switch YAMLValue.convert(written, to: word.type) {
                case .success(let value):
                    result.defaultValue = value
                    checkDefault(value, of: result, at: location, &bag)
                case .failure(let error):
                    bag.error(word.type == .timestamp ? .badTimestamp : (word.type == .duration ? .badDuration : .badValue),
                              at: location, "default of '\(field.name)': \(error.message) (the vocabulary's type)")
                }
            }
        } else if let inherited = word.defaultValue, field.allowed != nil,
                  let s = inherited.stringValue, let allowed = result.allowed, !allowed.contains(s) {
            bag.error(.badValue, at: field.location,
                      "the vocabulary's default '\(s)' of '\(field.name)' is not in the narrowed enum (\(allowed.joined(separator: ", "))); give a default from it")
        }
        return result
    }

    private func checkDefault(_ value: Value, of field: FieldDefinition, at location: SourceLocation, _ bag: inout DiagnosticBag) {
        guard let allowed = field.allowed, let s = value.stringValue, !allowed.contains(s) else { return }
        bag.error(.badValue, at: location, "default '\(s)' is not one of \(allowed.joined(separator: ", "))",
                  suggestion: Suggestion.closest(to: s, among: allowed))
    }

    /// The vocabulary fields that expressions read: dotted names (and their prefixes, for a
    /// selection inside a map field), except under a comprehension's variables and inside `has()`.
    func vocabularyNames(readBy expressions: [ExpressionSource]) -> Set<String> {
        guard !fields.isEmpty else { return [] }
        var found: Set<String> = []
        for source in expressions {
            guard let expr = try? Parser.parse(source.text) else { continue }   // the checker reports it
            var bound: Set<String> = []
            expr.walk { node in
                if case .comprehension(let c) = node.kind {
                    bound.insert(c.variable)
                    if let v = c.variable2 { bound.insert(v) }
                }
            }
            expr.walk { node in
                guard let name = node.dottedName, byName[name] != nil else { return }
                if let root = name.split(separator: ".").first, bound.contains(String(root)) { return }
                found.insert(name)
            }
        }
        return found
    }
}

extension RuleSet {
    /// What a record given to the rule set may carry: the fields it reads, then the other
    /// vocabulary fields.
    public var acceptedFields: [FieldDefinition] { fields + vocabulary.excluding(fields) }
}

extension [FieldDefinition] {
    /// These fields without those named in `others`.
    func excluding(_ others: [FieldDefinition]) -> [FieldDefinition] {
        guard !isEmpty else { return [] }
        let names = Set(others.map(\.name))
        return filter { !names.contains($0.name) }
    }
}

extension FieldDefinition {
    /// `string`, `string (one of online, store)`: a type as a message states it.
    var describedType: String {
        guard let allowed else { return type.rawValue }
        return "\(type.rawValue) (one of \(allowed.joined(separator: ", ")))"
    }
}

extension Workflow {
    /// What a case of this workflow may carry: its schema, then the other vocabulary fields.
    public var acceptedFields: [FieldDefinition] { fields + vocabulary.excluding(fields) }

    /// Every expression of the workflow, wherever it is written.
    var allExpressions: [ExpressionSource] {
        var found: [ExpressionSource] = []
        func add(_ transitions: [Transition]) {
            for t in transitions {
                if let when = t.when { found.append(when) }
                found += t.assignments.map(\.value)
                add(t.actions)
            }
        }
        func add(_ actions: [Action]) {
            for action in actions {
                switch action {
                case .task(let task):
                    found += [task.due, task.priority].compactMap { $0 } + task.data.map(\.value)
                case .set(let assignments): found += assignments.map(\.value)
                case .start(let child): found += child.data.map(\.value)
                case .cancelTask, .cancelChildren: break
                }
            }
        }
        for state in states {
            add(state.entry)
            add(state.exit)
            for h in state.handlers { add(h.transitions) }
            add(state.always)
            for timer in state.timers {
                if let at = timer.at { found.append(at) }
                add([timer.transition])
            }
        }
        for h in globalHandlers { add(h.transitions) }
        for sla in slas {
            found.append(sla.target)
            add(sla.onBreach)
        }
        return found
    }

    /// The case fields the workflow's own `set:` blocks assign (not a child case's data).
    var assignedFields: [Located<String>] {
        var found: [Located<String>] = []
        func add(_ actions: [Action]) {
            for case .set(let assignments) in actions { found += assignments.map(\.field) }
        }
        func add(_ transitions: [Transition]) {
            for t in transitions {
                found += t.assignments.map(\.field)
                add(t.actions)
            }
        }
        for state in states {
            add(state.entry)
            add(state.exit)
            for h in state.handlers { add(h.transitions) }
            add(state.always)
            for timer in state.timers { add([timer.transition]) }
        }
        for h in globalHandlers { add(h.transitions) }
        for sla in slas { add(sla.onBreach) }
        return found
    }
}
