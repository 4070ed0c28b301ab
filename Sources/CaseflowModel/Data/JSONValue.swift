import CaseflowExpr

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
            if d.isFinite { try c.encode(d) } else { try c.encode(d.isNaN ? "NaN" : (d > 0 ? "Infinity" : "-Infinity")) }
        case .string(let s): try c.encode(s)
        case .bytes(let b): try c.encode(Base64.encode(b))
        case .list(let items): try c.encode(items.map(JSONValue.init))
        case .map(let m):
            var object: [String: JSONValue] = [:]
            for (k, v) in m.entries { object[stringForm(k.value)] = JSONValue(v) }
            try c.encode(object)
        case .timestamp(let t): try c.encode(t.rfc3339)
        case .duration(let d): try c.encode(d.text)
        case .type(let t): try c.encode(t.kindName)
        }
    }

    private func stringForm(_ v: Value) -> String {
        if case .string(let s) = v { return s }
        return v.debugText
    }
}

/// Standard base64, for bytes values in JSON.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    static func encode(_ bytes: [UInt8]) -> String {
        var out = ""
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : "=")
            out.append(i + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : "=")
            i += 3
        }
        return out
    }
}
