import CaseflowExpr
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
    public static func flatten(_ value: Value, keeping containers: Set<String> = [], prefix: String = "") -> [String: Value] {
        guard case .map(let map) = value, !containers.contains(prefix) else { return prefix.isEmpty ? [:] : [prefix: value] }
        if map.isEmpty && !prefix.isEmpty { return [prefix: value] }
        var out: [String: Value] = [:]
        for (key, item) in map.entries {
            guard case .string(let k) = key.value else { continue }
            let name = prefix.isEmpty ? k : prefix + "." + k
            out.merge(flatten(item, keeping: containers, prefix: name)) { a, _ in a }
        }
        return out
    }

    /// Flattens fields whose values are nested objects into dotted names, except at the names
    /// in `containers` (see ``flatten(_:keeping:prefix:)``): `["order": {"id": "O-1"}]` gives
    /// `["order.id": "O-1"]`. Fields already dotted stay as they are; flattening twice changes
    /// nothing. A name given both ways keeps the value given with the shorter name.
    public static func flatten(_ data: [String: Value], keeping containers: Set<String>) -> [String: Value] {
        // The common case, already flat, costs one look at each value.
        guard data.contains(where: { name, value in
            if case .map(let m) = value { return !m.isEmpty && !containers.contains(name) }
            return false
        }) else { return data }
        var out: [String: Value] = [:]
        out.reserveCapacity(data.count)
        for name in data.keys.sorted() {
            guard let value = data[name] else { continue }
            out.merge(flatten(value, keeping: containers, prefix: name)) { a, _ in a }
        }
        return out
    }
}
