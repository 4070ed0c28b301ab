import CaseflowExpr
import CaseflowSource
import CaseflowYAML
import Foundation

/// Reads JSON request bodies into CEL values, keeping ints, doubles and bools apart, and says
/// which field is wrong when the shape is off.
public enum JSONInput {
    /// Why a body could not be read: what, and where (a field path or a line and column).
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Decodes a JSON object into its top-level fields.
    public static func object(_ bytes: [UInt8]) throws(Problem) -> [String: Value] {
        let value: Value
        if let fast = FastJSONReader.read(bytes) {
            value = fast
        } else {
            value = try general(bytes)
        }
        guard case .map(let map) = value else {
            throw Problem(message: "the body must be a JSON object, e.g. {\"workflow\": \"return\", \"data\": {…}}")
        }
        var fields: [String: Value] = [:]
        for (k, v) in map.entries { if case .string(let key) = k.value { fields[key] = v } }
        return fields
    }

    /// Any JSON, through Foundation; errors located by libyaml.
    static func general(_ bytes: [UInt8]) throws(Problem) -> Value {
        let value: Value
        do {
            value = try JSONDecoder().decode(AnyJSON.self, from: Data(bytes)).value
        } catch let error as DecodingError {
            throw Problem(message: located(bytes) ?? describe(error))
        } catch {
            throw Problem(message: "malformed JSON: \(error.localizedDescription)")
        }
        // Foundation keeps one of two equal keys without a word; the fast reader declines
        // them, so only bodies read here can have them. libyaml, reading the JSON, finds each.
        if let duplicate = try? YAML.parse(text: String(decoding: bytes, as: UTF8.self), file: "body").problems
            .first(where: { $0.kind == .duplicateKey }) {
            throw Problem(message: "duplicate key at line \(duplicate.location.line), column \(duplicate.location.column): \(duplicate.message); send each key once")
        }
        return value
    }

    /// Foundation's JSON errors do not say where; libyaml, which reads JSON too, does.
    private static func located(_ bytes: [UInt8]) -> String? {
        do {
            _ = try YAML.parse(text: String(decoding: bytes, as: UTF8.self), file: "body")
            return nil
        } catch {
            return "malformed JSON at line \(error.location.line), column \(error.location.column): \(error.message)"
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "malformed JSON: \(underlying ?? context.debugDescription)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            // Foundation reads a number it cannot hold (1e999999) or one JSON does not allow
            // (01) and then fails to turn it into any type; say what is wrong with the number.
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return "the number at '\(path)' cannot be read: it is out of the range of a double, or not written as JSON writes numbers (no leading zeros as in 01, digits after a '-'); write it as e.g. 1, -2, 1.5 or 1e3, or send it as a string"
        default:
            return "malformed JSON: \(error)"
        }
    }
}

/// Any JSON value, decoded without a schema.
private struct AnyJSON: Decodable {
    let value: Value

    init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            var map = CELMap()
            for key in keyed.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                map.insert(.string(key.stringValue), try keyed.decode(AnyJSON.self, forKey: key).value)
            }
            value = .map(map)
            return
        }
        if var list = try? decoder.unkeyedContainer() {
            var items: [Value] = []
            while !list.isAtEnd { items.append(try list.decode(AnyJSON.self).value) }
            value = .list(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { value = .null }
        else if let b = try? single.decode(Bool.self) { value = .bool(b) }
        else if let i = try? single.decode(Int64.self) { value = .int(i) }
        else if let d = try? single.decode(Double.self) { value = .double(d) }
        else { value = .string(try single.decode(String.self)) }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
