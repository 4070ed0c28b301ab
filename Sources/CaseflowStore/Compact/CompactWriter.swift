import CaseflowEngine
import CaseflowExpr

/// Writes the compact binary form of stored rows: unsigned numbers as LEB128 varints, signed
/// ones zigzag-encoded first, strings as a length and UTF-8, and texts an ``AuditDictionary``
/// holds as their position in it. ``CompactReader`` reads it back.
///
/// The form is for the database only (the API speaks JSON); a row starts with a tag byte that
/// is never `{`, so rows written as JSON before stay readable.
struct CompactWriter {
    private(set) var bytes: [UInt8] = []

    init(tag: CompactTag, capacity: Int) {
        bytes.reserveCapacity(capacity)
        bytes.append(tag.rawValue)
        bytes.append(CompactTag.version)
    }

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    mutating func bool(_ b: Bool) { bytes.append(b ? 1 : 0) }

    mutating func uint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func count(_ n: Int) { uint(UInt64(max(0, n))) }

    mutating func int(_ value: Int64) { uint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    mutating func string(_ s: String) {
        let utf8 = s.utf8
        count(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    mutating func optionalString(_ s: String?) {
        bool(s != nil)
        if let s { string(s) }
    }

    /// A text the dictionary holds as `position << 1`, any other as `length << 1 | 1` and UTF-8.
    mutating func text(_ s: String, _ dictionary: AuditDictionary?) {
        if let position = dictionary?.position(of: s) {
            uint(UInt64(position) << 1)
        } else {
            let utf8 = s.utf8
            uint(UInt64(utf8.count) << 1 | 1)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func timestamp(_ t: Timestamp) {
        int(t.seconds)
        uint(UInt64(max(0, t.nanos)))
    }

    mutating func optionalTimestamp(_ t: Timestamp?) {
        bool(t != nil)
        if let t { timestamp(t) }
    }

    mutating func value(_ v: Value) {
        switch v {
        case .null: byte(ValueTag.null.rawValue)
        case .bool(let b): byte(b ? ValueTag.true.rawValue : ValueTag.false.rawValue)
        case .int(let i): byte(ValueTag.int.rawValue); int(i)
        case .uint(let u): byte(ValueTag.uint.rawValue); uint(u)
        case .double(let d):
            byte(ValueTag.double.rawValue)
            withUnsafeBytes(of: d.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        case .string(let s): byte(ValueTag.string.rawValue); string(s)
        case .bytes(let b): byte(ValueTag.bytes.rawValue); count(b.count); bytes.append(contentsOf: b)
        case .list(let items):
            byte(ValueTag.list.rawValue)
            count(items.count)
            for item in items { value(item) }
        case .map(let m):
            byte(ValueTag.map.rawValue)
            count(m.count)
            for (key, item) in m.entries { value(key.value); value(item) }
        case .timestamp(let t): byte(ValueTag.timestamp.rawValue); timestamp(t)
        case .duration(let d): byte(ValueTag.duration.rawValue); int(d.seconds); int(Int64(d.nanos))
        case .type(let t): byte(ValueTag.type.rawValue); string(t.kindName)
        }
    }

    mutating func optionalValue(_ v: Value?) {
        if let v { value(v) } else { byte(ValueTag.absent.rawValue) }
    }

    /// A map of values by name, in name order so equal maps are equal bytes.
    mutating func fields(_ data: [String: Value], _ dictionary: AuditDictionary? = nil) {
        count(data.count)
        for key in data.keys.sorted() {
            text(key, dictionary)
            value(data[key] ?? .null)
        }
    }
}

/// The first byte of a compact row: what it holds. None is `{` (0x7B), the first byte of the
/// JSON rows written before.
enum CompactTag: UInt8 {
    case caseState = 0xC1
    case task = 0xC2
    case audit = 0xC3

    /// The second byte: the form's version, raised when the layout changes. Version 2 (schema
    /// v8) adds who holds each task and who may; rows of version 1 read as holding none.
    static let version: UInt8 = 2
}

/// The first byte of a value.
enum ValueTag: UInt8 {
    case absent = 0, null, `false`, `true`, int, uint, double, string, bytes, list, map, timestamp, duration, type
}
