import CaseflowExpr
import Foundation

/// A CEL value as JSON: timestamps as RFC 3339 strings, durations as `"90s"`, bytes as base64,
/// maps as objects. The same form case data is sent in, so an answer can be sent back.
public struct JSONValue: Encodable, Sendable {
    public let value: Value?

    public init(_ value: Value?) { self.value = value }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        guard let value else { try c.encodeNil(); return }
        switch value {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .uint(let u): try c.encode(u)
        case .double(let d):
            if let text = d.nonFiniteText { try c.encode(text) } else { try c.encode(d) }
        case .string(let s): try c.encode(s)
        case .bytes(let b): try c.encode(Data(b).base64EncodedString())
        case .list(let items): try c.encode(items.map(JSONValue.init))
        case .map(let m):
            var object: [String: JSONValue] = [:]
            for (k, v) in m.entries { object[k.value.stringForm] = JSONValue(v) }
            try c.encode(object)
        case .timestamp(let t): try c.encode(t.rfc3339)
        case .duration(let d): try c.encode(d.text)
        case .type(let t): try c.encode(t.kindName)
        }
    }
}
