import CaseflowExpr
import CaseflowModel

/// Checks case data and event payloads against their declared fields: types, enums, required
/// fields and defaults. Unknown fields are refused with the closest known name.
enum DataCheck {
    static func caseData(_ data: [String: Value], schema: [FieldDefinition]) throws(EngineError) -> [String: Value] {
        // Unknown fields first: a misspelt name explains a "missing" one better than the reverse.
        if schema.reduce(0, { $0 + (data[$1.name] == nil ? 0 : 1) }) < data.count {
            let names = schema.map(\.name)
            let set = Set(names)
            for name in data.keys.sorted() where !set.contains(name) {
                throw EngineError(.invalidData, "unknown field '\(name)'" + hint(name, names), field: name)
            }
        }
        var result: [String: Value] = Dictionary(minimumCapacity: schema.count)
        for field in schema {
            if let raw = data[field.name], !raw.isNull {
                result[field.name] = try value(raw, for: field)
            } else if let d = field.defaultValue {
                result[field.name] = d
            } else if !field.optional {
                throw EngineError(.invalidData, "missing required field '\(field.name)' (\(field.type.rawValue))", field: field.name)
            }
        }
        return result
    }

    static func payload(_ data: [String: Value], event: EventDefinition?, name: String) throws(EngineError) -> [String: Value] {
        guard let event else {
            if let first = data.keys.sorted().first {
                throw EngineError(.invalidPayload, "event '\(name)' carries no data, but got field '\(first)'", field: first)
            }
            return [:]
        }
        do {
            return try caseData(data, schema: event.fields)
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
