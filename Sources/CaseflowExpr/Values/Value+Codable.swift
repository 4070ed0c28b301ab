/// A lossless JSON form of values for storage: each value is an object with one key naming its
/// type (`{"int": 5}`, `{"timestamp": "2026-03-02T02:00:00Z"}`), so ints stay ints and
/// timestamps stay timestamps across a save and a load. (The API's plain JSON is `JSONValue`.)
extension Value: Codable {
    private enum Key: String, CodingKey {
        case null, bool, int, uint, double, string, bytes, list, map, timestamp, duration, type
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        guard let key = c.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a stored value needs one type key"))
        }
        switch key {
        case .null: self = .null
        case .bool: self = .bool(try c.decode(Bool.self, forKey: key))
        case .int: self = .int(try c.decode(Int64.self, forKey: key))
        case .uint: self = .uint(try c.decode(UInt64.self, forKey: key))
        case .double:
            if let d = try? c.decode(Double.self, forKey: key) { self = .double(d) } else {
                let text = try c.decode(String.self, forKey: key)
                self = .double(text == "NaN" ? .nan : (text.hasPrefix("-") ? -.infinity : .infinity))
            }
        case .string: self = .string(try c.decode(String.self, forKey: key))
        case .bytes: self = .bytes(try c.decode([UInt8].self, forKey: key))
        case .list: self = .list(try c.decode([Value].self, forKey: key))
        case .map:
            let pairs = try c.decode([[Value]].self, forKey: key)
            var map = CELMap()
            for pair in pairs where pair.count == 2 {
                guard let k = MapKey(pair[0]) else { continue }
                map.insert(k, pair[1])
            }
            self = .map(map)
        case .timestamp:
            let text = try c.decode(String.self, forKey: key)
            guard let t = Timestamp(rfc3339: text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "bad timestamp \(text)")
            }
            self = .timestamp(t)
        case .duration:
            let text = try c.decode(String.self, forKey: key)
            guard let d = CELDuration(text: text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "bad duration \(text)")
            }
            self = .duration(d)
        case .type:
            let name = try c.decode(String.self, forKey: key)
            self = .type(CELType.namedTypes[name] ?? .dyn)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .null: try c.encodeNil(forKey: .null)
        case .bool(let b): try c.encode(b, forKey: .bool)
        case .int(let i): try c.encode(i, forKey: .int)
        case .uint(let u): try c.encode(u, forKey: .uint)
        case .double(let d):
            if let text = d.nonFiniteText { try c.encode(text, forKey: .double) } else { try c.encode(d, forKey: .double) }
        case .string(let s): try c.encode(s, forKey: .string)
        case .bytes(let b): try c.encode(b, forKey: .bytes)
        case .list(let items): try c.encode(items, forKey: .list)
        case .map(let m): try c.encode(m.entries.map { [$0.key.value, $0.value] }, forKey: .map)
        case .timestamp(let t): try c.encode(t.rfc3339, forKey: .timestamp)
        case .duration(let d): try c.encode(d.text, forKey: .duration)
        case .type(let t): try c.encode(t.kindName, forKey: .type)
        }
    }
}

extension Timestamp: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let t = Timestamp(rfc3339: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad timestamp \(text)"))
        }
        self = t
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rfc3339)
    }
}

extension Double {
    /// `NaN`, `Infinity` or `-Infinity`, the text JSON gets for a double it has no number for;
    /// nil for a finite double.
    public var nonFiniteText: String? {
        isFinite ? nil : (isNaN ? "NaN" : (self > 0 ? "Infinity" : "-Infinity"))
    }
}
