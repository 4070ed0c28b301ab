import CaseflowExpr
import CaseflowModel

/// Checks case data and event payloads against their declared fields: types, enums, required
/// fields and defaults. Unknown fields are refused with the closest known name.
enum DataCheck {
    /// Checks case data against a schema. `extras` are the vocabulary fields outside the schema:
    /// a case may carry them, and they are kept, converted to their vocabulary types. Nested
    /// objects are flattened into dotted names first, except under `containers` (the `map` and
    /// `list` fields of the schema and the extras), whose values may be objects themselves.
    static func caseData(_ input: [String: Value], schema: [FieldDefinition], extras: [String: FieldDefinition] = [:],
                         containers: Set<String> = []) throws(EngineError) -> [String: Value] {
        let data = try flatten(input, keeping: containers)
        // The result starts as the data itself and changes only where a value converts or a
        // default fills in: each name is hashed once, not looked up, counted and inserted anew.
        var result = data
        // Room for every field at once: defaults filled in here and fields set by later steps
        // then never make the table grow (and rehash every name) again.
        result.reserveCapacity(schema.count)
        var known = 0
        // By index: `for field in schema` would copy every definition (a dozen references each).
        for i in schema.indices {
            let name = schema[i].name
            if let raw = data[name] {
                known += 1
                if raw.isNull {
                    result[name] = nil
                } else {
                    let checked: Value
                    do {
                        checked = try value(raw, for: schema[i])
                    } catch {
                        // Unknown fields first, as below.
                        try refuseUnknown(data, schema: schema, extras: extras, known: 0)
                        throw error
                    }
                    if checked != raw { result[name] = checked }
                    continue
                }
            }
            if let d = schema[i].defaultValue {
                result[name] = d
            } else if !schema[i].optional {
                // Unknown fields first: a misspelt name explains a "missing" or a wrong one
                // better than the reverse.
                try refuseUnknown(data, schema: schema, extras: extras, known: 0)
                throw EngineError(.invalidData, "missing required field '\(name)' (\(schema[i].type.rawValue))", field: name)
            }
        }
        guard known < data.count else { return result }
        try refuseUnknown(data, schema: schema, extras: extras, known: known)
        // What is left are vocabulary fields the schema does not use: kept, typed.
        let names = Set(schema.map(\.name))
        for (name, raw) in data where !names.contains(name) {
            guard let field = extras[name] else { continue }
            if raw.isNull {
                result[name] = nil
                continue
            }
            let checked = try value(raw, for: field)
            if checked != raw { result[name] = checked }
        }
        return result
    }

    /// Throws for the first (by name) field of `data` that neither the schema nor the extras
    /// have, with the closest known name; `known` fields of `data` are known to be in the schema
    /// (when that is all of them, there is nothing to look for).
    private static func refuseUnknown(_ data: [String: Value], schema: [FieldDefinition], extras: [String: FieldDefinition],
                                      known: Int) throws(EngineError) {
        guard known < data.count else { return }
        let names = schema.map(\.name)
        let set = Set(names)
        for name in data.keys.sorted() where !set.contains(name) && extras[name] == nil {
            throw EngineError(.invalidData, "unknown field '\(name)'" + hint(name, names + extras.keys.sorted()), field: name)
        }
    }

    /// ``CaseData/flatten(_:keeping:)``, refusing a field given twice as invalid data.
    static func flatten(_ data: [String: Value], keeping containers: Set<String>) throws(EngineError) -> [String: Value] {
        do { return try CaseData.flatten(data, keeping: containers) } catch {
            throw EngineError(.invalidData, error.message, field: error.name)
        }
    }

    /// The names among `fields` whose values may be objects or lists themselves.
    static func containers(_ fields: some Sequence<FieldDefinition>) -> Set<String> {
        Set(fields.lazy.filter { $0.type == .map || $0.type == .list }.map(\.name))
    }

    static func payload(_ data: [String: Value], event: EventDefinition?, name: String) throws(EngineError) -> [String: Value] {
        guard let event else {
            if let first = data.keys.sorted().first {
                throw EngineError(.invalidPayload, "event '\(name)' carries no data, but got field '\(first)'", field: first)
            }
            return [:]
        }
        do {
            let nested = data.values.contains { if case .map = $0 { return true } else { return false } }
            return try caseData(data, schema: event.fields, containers: nested ? containers(event.fields) : [])
        } catch {
            throw EngineError(.invalidPayload, "event '\(name)': \(error.message)", field: error.field)
        }
    }

    /// Converts a value to a field's type (strings to timestamps, ints to doubles) and checks the enum.
    static func value(_ raw: Value, for field: FieldDefinition) throws(EngineError) -> Value {
        let converted: Value
        switch YAMLValue.convert(raw, to: field.type) {
        case .success(let v): converted = v
        case .failure(let error): let separator = error.message.hasPrefix("must") ? " " : ": "
            throw EngineError(.invalidData, "'\(field.name)'\(separator)\(error.message)", field: field.name)
        }
        if depth(of: converted) > maxNesting {
            throw EngineError(.invalidData, "'\(field.name)' nests lists and maps more than \(maxNesting) levels deep; flatten it", field: field.name)
        }
        if let allowed = field.allowed, case .string(let s) = converted, !allowed.contains(s) {
            throw EngineError(.invalidData, "'\(field.name)' must be one of \(allowed.joined(separator: ", ")), got '\(s)'" + hint(s, allowed), field: field.name)
        }
        return converted
    }

    /// How deep lists and maps may nest in a field. Stored, each level is two or three levels
    /// of JSON, and JSON readers stop at 512; case data has no use for more than a few.
    static let maxNesting = 32

    static func depth(of value: Value) -> Int {
        switch value {
        case .list(let items): 1 + (items.lazy.map(depth).max() ?? 0)
        case .map(let m): 1 + (m.entries.lazy.map { depth(of: $0.value) }.max() ?? 0)
        default: 0
        }
    }

    static func hint(_ name: String, _ names: [String]) -> String {
        Suggestion.closest(to: name, among: names).map { " (did you mean '\($0)'?)" } ?? ""
    }
}
