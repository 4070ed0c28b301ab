import CaseflowExpr
import CaseflowYAML

/// Reads case data from a JSON or YAML file or text into dotted field names and values.
///
/// JSON is read by the same YAML parser (JSON is YAML's flow style), so a malformed file gets
/// a line and column. Both `{"order.channel": "online"}` and `{"order": {"channel": "online"}}` give the field
/// `order.channel`: nested objects are flattened into dotted names. Values are untyped here;
/// the engine converts them to the declared types (timestamps from RFC 3339 strings).
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
        return flatten(YAMLValue.untyped(root))
    }

    /// Flattens nested maps into dotted names; other values stay as they are.
    public static func flatten(_ value: Value, prefix: String = "") -> [String: Value] {
        guard case .map(let map) = value else { return prefix.isEmpty ? [:] : [prefix: value] }
        if map.isEmpty && !prefix.isEmpty { return [prefix: value] }
        var out: [String: Value] = [:]
        for (key, item) in map.entries {
            guard case .string(let k) = key.value else { continue }
            let name = prefix.isEmpty ? k : prefix + "." + k
            out.merge(flatten(item, prefix: name)) { a, _ in a }
        }
        return out
    }
}
