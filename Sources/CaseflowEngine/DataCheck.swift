import CaseflowExpr
import CaseflowModel

/// Checks case data and event payloads against their declared fields: types, enums, required
/// fields and defaults. Unknown fields are refused with the closest known name.
enum DataCheck {
    static func caseData(_ data: [String: Value], schema: [FieldDefinition]) throws(EngineError) -> [String: Value] {
        var result: [String: Value] = [:]
        let names = schema.map(\.name)
        for name in data.keys.sorted() where !names.contains(name) {
            throw EngineError(.invalidData, "unknown field '\(name)'" + hint(name, names), field: name)
        }
        for field in schema {
            if let raw = data[field.name], raw != .null {
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
        switch (field.type, raw) {
        case (.string, .string), (.int, .int), (.double, .double), (.bool, .bool), (.timestamp, .timestamp),
             (.duration, .duration), (.list, .list), (.map, .map):
            converted = raw
        case (.double, .int(let i)): converted = .double(Double(i))
        case (.int, .double(let d)) where d.rounded() == d && abs(d) < 9e15: converted = .int(Int64(d))
        case (.timestamp, .string(let s)):
            guard let t = Timestamp(rfc3339: s) else {
                throw EngineError(.invalidData, "'\(field.name)': '\(s)' is not a timestamp; write RFC 3339 with a zone, e.g. 2026-03-02T10:00:00+08:00", field: field.name)
            }
            converted = .timestamp(t)
        case (.duration, .string(let s)):
            guard let d = CELDuration(text: s) else {
                throw EngineError(.invalidData, "'\(field.name)': '\(s)' is not a duration; write e.g. 30m, 4h or 3d", field: field.name)
            }
            converted = .duration(d)
        default:
            throw EngineError(.invalidData, "'\(field.name)' must be \(field.type.rawValue), got \(raw.kindName) \(raw.debugText)", field: field.name)
        }
        if let allowed = field.allowed, case .string(let s) = converted, !allowed.contains(s) {
            throw EngineError(.invalidData, "'\(field.name)' must be one of \(allowed.joined(separator: ", ")), got '\(s)'" + hint(s, allowed), field: field.name)
        }
        return converted
    }

    static func hint(_ name: String, _ names: [String]) -> String {
        Suggestion.closest(to: name, among: names).map { " (did you mean '\($0)'?)" } ?? ""
    }
}
