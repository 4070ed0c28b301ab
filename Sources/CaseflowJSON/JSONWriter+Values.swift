import CaseflowExpr
import Foundation

extension JSONWriter {
    /// A value in the lossless storage form of `Value: Codable` (`{"int":5}`,
    /// `{"timestamp":"…"}`), so ints stay ints and timestamps stay timestamps.
    public mutating func storedValue(_ value: Value) {
        beginObject()
        switch value {
        case .null: key("null"); null()
        case .bool(let b): key("bool"); bool(b)
        case .int(let i): key("int"); int(i)
        case .uint(let u): key("uint"); int(u)
        case .double(let d):
            key("double")
            if let text = d.nonFiniteText { string(text) } else { double(d) }
        case .string(let s): key("string"); string(s)
        case .bytes(let b):
            key("bytes"); array(b) { $0.int($1) }
        case .list(let items):
            key("list"); array(items) { $0.storedValue($1) }
        case .map(let m):
            key("map"); beginArray()
            for (k, v) in m.entries {
                beginArray(); storedValue(k.value); storedValue(v); endArray()
            }
            endArray()
        case .timestamp(let t): key("timestamp"); timestamp(t)
        case .duration(let d): key("duration"); string(d.text)
        case .type(let t): key("type"); string(t.kindName)
        }
        endObject()
    }

    /// Case data in storage form: an object with sorted field names.
    mutating func storedData(_ data: [String: Value]) { fields(data) { $0.storedValue($1) } }

    /// Case data in storage form, as bytes: the same data always gives the same bytes, and
    /// data that differs in a value or its type (`1` and `1.0`) gives different ones.
    public static func canonical(_ data: [String: Value]) -> [UInt8] {
        var writer = JSONWriter(capacity: 256)
        writer.storedData(data.mapValues(sortedMaps))
        return writer.bytes
    }

    /// The value with the entries of every map inside it in key order, so that the same data
    /// sent with its keys in another order is the same (nesting is bounded by the readers).
    private static func sortedMaps(_ value: Value) -> Value {
        switch value {
        case .list(let items): return .list(items.map(sortedMaps))
        case .map(let m):
            var sorted = CELMap()
            for (k, v) in m.entries.sorted(by: { $0.key.value.debugText < $1.key.value.debugText }) { sorted.insert(k, sortedMaps(v)) }
            return .map(sorted)
        default: return value
        }
    }

    /// Case data as an object with its field names sorted the way `JSONEncoder` sorts them,
    /// each value written by `value`.
    private mutating func fields(_ data: [String: Value], _ value: (inout JSONWriter, Value) -> Void) {
        beginObject()
        for (name, v) in data.sortedForJSON {
            key(escaping: name)
            value(&self, v)
        }
        endObject()
    }

    /// A value as plain JSON, the API's form (`JSONValue`): a missing value is `null`.
    public mutating func plainValue(_ value: Value?) {
        guard let value else { null(); return }
        switch value {
        case .null: null()
        case .bool(let b): bool(b)
        case .int(let i): int(i)
        case .uint(let u): int(u)
        case .double(let d):
            if let text = d.nonFiniteText { string(text) } else { double(d) }
        case .string(let s): string(s)
        case .bytes(let b): string(Data(b).base64EncodedString())
        case .list(let items): array(items) { $0.plainValue($1) }
        case .map(let m):
            // Keys in their string form; the last of two keys with one form wins, as in a dictionary.
            var object: [String: Value] = [:]
            for (k, v) in m.entries { object[k.value.stringForm] = v }
            plainData(object)
        case .timestamp(let t): timestamp(t)
        case .duration(let d): string(d.text)
        case .type(let t): string(t.kindName)
        }
    }

    /// Case data as a plain JSON object with sorted field names.
    mutating func plainData(_ data: [String: Value]) { fields(data) { $0.plainValue($1) } }
}
