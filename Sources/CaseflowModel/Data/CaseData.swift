import CaseflowExpr
import CaseflowSource
import CaseflowYAML

/// Reads case data from a JSON or YAML file or text, and flattens nested objects into dotted
/// field names.
///
/// JSON is read by the same YAML parser (JSON is YAML's flow style), so a malformed file gets
/// a line and column. Both `{"order.channel": "online"}` and `{"order": {"channel": "online"}}` give the field
/// `order.channel`: nested objects are flattened into dotted names — but not the value of a
/// `map` (or `list`) field, which may itself be an object: with `order.extra` declared `map`,
/// `{"order": {"extra": {"a": 1}}}` gives `order.extra` = `{"a": 1}`. Which fields those are
/// only the schema knows, so ``load(path:)`` and ``parse(text:file:)`` return the object's
/// top-level entries as written and the engine flattens them against the workflow's or rule
/// set's schema (``flatten(_:keeping:)``). Values are untyped here; the engine converts them to
/// the declared types (timestamps from RFC 3339 strings).
public enum CaseData {
    /// A problem with a data file, located in it.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public var location: SourceLocation
        public var message: String
        public var description: String { "\(location): error: \(message)" }
    }

    public static func load(path: String) throws(LoadError) -> [String: Value] {
        let result: YAMLParseResult
        do {
            result = try YAML.parse(contentsOf: path)
        } catch {
            throw LoadError(location: error.location, message: error.message)
        }
        return try fields(result, file: path)
    }

    public static func parse(text: String, file: String) throws(LoadError) -> [String: Value] {
        let result: YAMLParseResult
        do {
            result = try YAML.parse(text: text, file: file)
        } catch {
            throw LoadError(location: error.location, message: error.message)
        }
        return try fields(result, file: file)
    }

    private static func fields(_ result: YAMLParseResult, file: String) throws(LoadError) -> [String: Value] {
        if let problem = result.problems.first { throw LoadError(location: problem.location, message: problem.message) }
        guard let root = result.root else { return [:] }
        guard root.entries != nil else {
            throw LoadError(location: root.location, message: "case data must be an object of fields, e.g. {\"order.channel\": \"online\"}")
        }
        return entries(YAMLValue.untyped(root))
    }

    /// The top-level entries of an object as written (nested objects kept whole), for the
    /// engine to flatten against a schema.
    public static func entries(_ value: Value) -> [String: Value] {
        guard case .map(let map) = value else { return [:] }
        var out: [String: Value] = [:]
        out.reserveCapacity(map.count)
        for (key, item) in map.entries {
            guard case .string(let k) = key.value else { continue }
            if out[k] == nil { out[k] = item }
        }
        return out
    }

    /// Flattens nested maps into dotted names, except at the names in `containers` (the
    /// schema's `map` and `list` fields), whose values stay as they are; so do other values.
    /// Of a name given twice (`{"a.b": 1, "a": {"b": 2}}`) the first in key order is kept.
    public static func flatten(_ value: Value, keeping containers: Set<String> = [], prefix: String = "") -> [String: Value] {
        var out: [String: Value] = [:]
        try? collect(value, keeping: containers, prefix: prefix, into: &out, strict: false)
        return out
    }

    /// Adds the dotted names of `value` to `out`; with `strict`, refuses a name already there.
    private static func collect(_ value: Value, keeping containers: Set<String>, prefix: String,
                                into out: inout [String: Value], strict: Bool) throws(Conflict) {
        guard case .map(let map) = value, !containers.contains(prefix), !(map.isEmpty && !prefix.isEmpty) else {
            guard !prefix.isEmpty else { return }
            if out[prefix] == nil { out[prefix] = value } else if strict { throw Conflict(name: prefix) }
            return
        }
        for (key, item) in map.entries {
            guard case .string(let k) = key.value else { continue }
            try collect(item, keeping: containers, prefix: prefix.isEmpty ? k : prefix + "." + k, into: &out, strict: strict)
        }
    }

    /// A field given twice: once by its dotted name and once inside a nested object
    /// (`{"order.id": "O-1", "order": {"id": "O-2"}}`), or under two nested objects.
    public struct Conflict: Error, Sendable {
        /// The dotted name given twice.
        public var name: String
        public var message: String { "'\(name)' is given twice, as a dotted name and inside a nested object (or in two nested objects); give it once" }
    }

    /// Flattens fields whose values are nested objects into dotted names, except at the names
    /// in `containers` (see ``flatten(_:keeping:prefix:)``): `["order": {"id": "O-1"}]` gives
    /// `["order.id": "O-1"]`. Fields already dotted stay as they are; flattening twice changes
    /// nothing. A name given twice is refused, whichever way it was written.
    public static func flatten(_ data: [String: Value], keeping containers: Set<String>) throws(Conflict) -> [String: Value] {
        // The common case, already flat, costs one look at each value.
        guard data.contains(where: { name, value in
            if case .map(let m) = value { return !m.isEmpty && !containers.contains(name) }
            return false
        }) else { return data }
        var out: [String: Value] = [:]
        out.reserveCapacity(data.count)
        for name in data.keys.sorted() {
            guard let value = data[name] else { continue }
            try collect(value, keeping: containers, prefix: name, into: &out, strict: true)
        }
        return out
    }
}
