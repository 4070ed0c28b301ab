import CaseflowExpr

/// A test needs something CaseflowExpr does not have (protobuf messages, enums, wrappers …).
struct Unsupported: Error, Sendable {
    var reason: String

    init(_ reason: String) {
        self.reason = reason
    }
}

/// Decodes cel-spec's `cel.expr.Value` and `cel.expr.Type` messages into CaseflowExpr values
/// and types. Throws ``Unsupported`` for what CaseflowExpr cannot represent and
/// ``TextProtoError`` for malformed input.
enum ValueDecoding {
    /// The type names `type_value` may hold, as CaseflowExpr types.
    static let typeNames: [String: CELType] = [
        "null_type": .null, "bool": .bool, "int": .int, "uint": .uint, "double": .double,
        "string": .string, "bytes": .bytes, "list": .list(.dyn), "map": .map(.dyn, .dyn),
        "type": .type(.dyn), "google.protobuf.Timestamp": .timestamp, "google.protobuf.Duration": .duration,
    ]

    /// A `cel.expr.Value` message: exactly one of its kind fields.
    static func value(_ field: TextProtoField) throws -> Value {
        let message = try field.message()
        guard let kind = message.fields.last else { throw TextProtoError("empty value", at: field.location) }
        switch kind.name {
        case "null_value": _ = try kind.enumValue(); return .null
        case "bool_value": return .bool(try kind.bool())
        case "int64_value": return .int(try kind.int64())
        case "uint64_value": return .uint(try kind.uint64())
        case "double_value": return .double(try kind.double())
        case "string_value": return .string(try kind.string())
        case "bytes_value": return .bytes(try kind.bytes())
        case "list_value": return .list(try kind.message().all("values").map(value))
        case "map_value": return try map(kind)
        case "type_value":
            let name = try kind.string()
            guard let type = typeNames[name] else { throw Unsupported("type value '\(name)'") }
            return .type(type)
        case "object_value": return try object(kind)
        default: throw Unsupported("value kind '\(kind.name)'")
        }
    }

    private static func map(_ field: TextProtoField) throws -> Value {
        var entries: [(MapKey, Value)] = []
        for entry in try field.message().all("entries") {
            let m = try entry.message()
            guard let keyField = m.field("key"), let valueField = m.field("value") else {
                throw TextProtoError("a map entry needs 'key' and 'value'", at: entry.location)
            }
            let key = try value(keyField)
            guard let mapKey = MapKey(key) else { throw TextProtoError("invalid map key", at: keyField.location) }
            entries.append((mapKey, try value(valueField)))
        }
        guard let map = CELMap(entries: entries) else { throw TextProtoError("duplicate map key", at: field.location) }
        return .map(map)
    }

    /// An `Any`: only `google.protobuf.Timestamp` and `Duration` map to CaseflowExpr values.
    private static func object(_ field: TextProtoField) throws -> Value {
        let any = try field.message()
        guard any.fields.count == 1, let packed = any.fields.first, packed.isExtension else {
            throw Unsupported("object_value without an expanded Any")
        }
        let typeName = packed.name.split(separator: "/").last.map(String.init) ?? packed.name
        let body = try packed.message()
        let seconds = try body.field("seconds")?.int64() ?? 0
        let nanos = try body.field("nanos")?.int64() ?? 0
        switch typeName {
        case "google.protobuf.Timestamp":
            guard let t = Timestamp(seconds: seconds, nanos: nanos) else { throw Unsupported("timestamp out of range") }
            return .timestamp(t)
        case "google.protobuf.Duration":
            guard let d = CELDuration(seconds: seconds, nanos: nanos) else { throw Unsupported("duration out of range") }
            return .duration(d)
        default:
            throw Unsupported("protobuf message \(typeName)")
        }
    }

    /// A `cel.expr.Type` message.
    static func type(_ field: TextProtoField) throws -> CELType {
        let message = try field.message()
        guard let kind = message.fields.last else { throw TextProtoError("empty type", at: field.location) }
        switch kind.name {
        case "dyn": return .dyn
        case "null": return .null
        case "primitive":
            switch try kind.enumValue() {
            case "BOOL": return .bool
            case "INT64": return .int
            case "UINT64": return .uint
            case "DOUBLE": return .double
            case "STRING": return .string
            case "BYTES": return .bytes
            case let other: throw Unsupported("primitive type \(other)")
            }
        case "well_known":
            switch try kind.enumValue() {
            case "TIMESTAMP": return .timestamp
            case "DURATION": return .duration
            case let other: throw Unsupported("well-known type \(other)")
            }
        case "list_type":
            guard let elem = try kind.message().field("elem_type") else { return .list(.dyn) }
            return .list(try type(elem))
        case "map_type":
            let m = try kind.message()
            return .map(try m.field("key_type").map(type) ?? .dyn, try m.field("value_type").map(type) ?? .dyn)
        case "type":
            return .type(try kind.message().fields.isEmpty ? .dyn : try type(kind))
        default:
            throw Unsupported("declared type '\(kind.name)'")
        }
    }
}
