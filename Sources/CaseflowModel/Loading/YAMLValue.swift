import CaseflowExpr
import CaseflowSource
import CaseflowYAML

/// Turns YAML nodes into CEL values: untyped by the YAML core schema, or typed by a field's
/// declared type (so `"2026-03-02T10:00:00+08:00"` becomes a timestamp where one is expected).
public enum YAMLValue {
    /// The value a node spells on its own: plain scalars resolve to null, bool, int or double.
    public static func untyped(_ node: YAMLNode) -> Value {
        switch node.kind {
        case .scalar(let scalar):
            if node.isNull { return .null }
            if scalar.style == .plain {
                if let b = node.bool { return .bool(b) }
                if let i = node.int { return .int(Int64(i)) }
                if let d = node.double { return .double(d) }
            }
            return .string(scalar.value)
        case .sequence(let items):
            return .list(items.map(untyped))
        case .mapping(let entries):
            var map = CELMap()
            for entry in entries {
                let key = untyped(entry.key)
                map.insert(MapKey(key) ?? .string(entry.key.string ?? ""), untyped(entry.value))
            }
            return .map(map)
        }
    }

    /// The static type of an untyped value: element types when uniform, dyn otherwise.
    static func type(of value: Value) -> CELType {
        switch value {
        case .list(let items):
            let types = Set(items.map { type(of: $0) })
            return .list(types.count == 1 ? types.first ?? .dyn : .dyn)
        case .map(let map):
            let keys = Set(map.keys.map { $0.value.celType })
            let values = Set(map.entries.map { type(of: $0.value) })
            return .map(keys.count == 1 ? keys.first ?? .dyn : .dyn, values.count == 1 ? values.first ?? .dyn : .dyn)
        default:
            return value.celType
        }
    }

    /// Converts a value to a field's type (strings to timestamps and durations, whole numbers
    /// between int and double), or says why it cannot. The loader uses it for defaults and the
    /// engine for case data and event payloads.
    public static func convert(_ value: Value, to type: FieldType) -> Result<Value, ConversionError> {
        switch (type, value) {
        case (.string, .string), (.int, .int), (.double, .double), (.bool, .bool),
             (.timestamp, .timestamp), (.duration, .duration), (.list, .list), (.map, .map):
            return .success(value)
        case (.double, .int(let i)):
            return .success(.double(Double(i)))
        case (.int, .double(let d)) where d.rounded() == d && abs(d) < 9e15:
            return .success(.int(Int64(d)))
        case (.timestamp, .string(let s)):
            if let t = Timestamp(rfc3339: s) { return .success(.timestamp(t)) }
            return .failure(ConversionError("'\(s)' is not a timestamp; write RFC 3339 with a zone, e.g. 2026-03-02T10:00:00+08:00"))
        case (.duration, .string(let s)):
            if let d = CELDuration(text: s) { return .success(.duration(d)) }
            return .failure(ConversionError("'\(s)' is not a duration; write e.g. 30m, 4h or 3d"))
        default:
            return .failure(ConversionError("must be \(type.rawValue), got \(value.kindName) \(value.debugText)"))
        }
    }

    /// Why a value does not fit a field.
    public struct ConversionError: Error, Sendable {
        public let message: String
        init(_ message: String) { self.message = message }
    }
}


