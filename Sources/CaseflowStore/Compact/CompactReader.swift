import CaseflowEngine
import CaseflowExpr

/// Reads what ``CompactWriter`` wrote, checking every length and position against the bytes so
/// a damaged row is an error that says where, never a crash; values nest at most
/// ``maximumDepth`` deep.
struct CompactReader {
    /// A row that is not the compact form it claims to be.
    struct Corrupt: Error {
        var message: String
    }

    static let maximumDepth = 64

    private let bytes: [UInt8]
    private(set) var offset: Int
    private let dictionary: AuditDictionary?
    /// The form version the row was written in (1 up to ``CompactTag/version``).
    let formVersion: UInt8

    /// Starts after the tag and version bytes; throws when they are not `tag` and a version
    /// this build reads.
    init(_ bytes: [UInt8], tag: CompactTag, dictionary: AuditDictionary? = nil) throws(Corrupt) {
        guard bytes.count >= 2, bytes[0] == tag.rawValue else { throw Corrupt(message: "not a compact \(tag) row") }
        guard bytes[1] >= 1 else { throw Corrupt(message: "compact form version 0 is no version Caseflow writes; the row is damaged") }
        guard bytes[1] <= CompactTag.version else {
            throw Corrupt(message: "compact form version \(bytes[1]) is newer than this Caseflow reads (\(CompactTag.version)); run a newer Caseflow")
        }
        self.bytes = bytes
        formVersion = bytes[1]
        offset = 2
        self.dictionary = dictionary
    }

    var atEnd: Bool { offset == bytes.count }

    mutating func byte() throws(Corrupt) -> UInt8 {
        guard offset < bytes.count else { throw Corrupt(message: "row ends at byte \(offset) in the middle of a field") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func bool() throws(Corrupt) -> Bool { try byte() != 0 }

    mutating func uint() throws(Corrupt) -> UInt64 {
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw Corrupt(message: "number too long at byte \(offset)") }
            value |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// A count of items, which cannot exceed the bytes left (each item takes at least one).
    mutating func count() throws(Corrupt) -> Int {
        let n = try uint()
        guard n <= UInt64(bytes.count - offset) else { throw Corrupt(message: "count \(n) at byte \(offset) exceeds the row") }
        return Int(n)
    }

    /// A line or column number: at most 2³¹, which no source file reaches.
    mutating func position() throws(Corrupt) -> Int {
        let at = offset, n = try uint()
        guard n <= UInt64(Int32.max) else { throw Corrupt(message: "position \(n) at byte \(at) is out of range") }
        return Int(n)
    }

    mutating func int() throws(Corrupt) -> Int64 {
        let u = try uint()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    private mutating func utf8(_ length: Int) throws(Corrupt) -> String {
        guard length <= bytes.count - offset else { throw Corrupt(message: "text of \(length) bytes at byte \(offset) exceeds the row") }
        defer { offset += length }
        return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
    }

    mutating func string() throws(Corrupt) -> String { try utf8(count()) }

    /// Text of a length read before.
    mutating func utf8(count n: UInt64) throws(Corrupt) -> String {
        guard n <= UInt64(bytes.count - offset) else { throw Corrupt(message: "text at byte \(offset) exceeds the row") }
        return try utf8(Int(n))
    }

    mutating func optionalString() throws(Corrupt) -> String? {
        try bool() ? try string() : nil
    }

    mutating func text() throws(Corrupt) -> String {
        let code = try uint()
        if code & 1 == 1 {
            guard code >> 1 <= UInt64(bytes.count - offset) else { throw Corrupt(message: "text at byte \(offset) exceeds the row") }
            return try utf8(Int(code >> 1))
        }
        guard let dictionary else {
            throw Corrupt(message: "the row refers to the audit dictionary of its workflow version, which is not loaded")
        }
        guard code >> 1 < UInt64(dictionary.texts.count), let text = dictionary.text(at: Int(code >> 1)) else {
            throw Corrupt(message: "text \(code >> 1) is not in the audit dictionary of version \(dictionary.hash)")
        }
        return text
    }

    mutating func timestamp() throws(Corrupt) -> Timestamp {
        let seconds = try int(), nanos = try uint()
        guard nanos < 1_000_000_000, let t = Timestamp(seconds: seconds, nanos: Int64(nanos)) else {
            throw Corrupt(message: "time out of range at byte \(offset)")
        }
        return t
    }

    mutating func optionalTimestamp() throws(Corrupt) -> Timestamp? {
        try bool() ? try timestamp() : nil
    }

    mutating func value(depth: Int = 0) throws(Corrupt) -> Value {
        guard let v = try optionalValue(depth: depth) else { throw Corrupt(message: "a value is missing at byte \(offset)") }
        return v
    }

    mutating func optionalValue(depth: Int = 0) throws(Corrupt) -> Value? {
        guard depth < Self.maximumDepth else { throw Corrupt(message: "values nest deeper than \(Self.maximumDepth) at byte \(offset)") }
        let at = offset
        guard let tag = ValueTag(rawValue: try byte()) else { throw Corrupt(message: "unknown value tag at byte \(at)") }
        switch tag {
        case .absent: return nil
        case .null: return .null
        case .false: return .bool(false)
        case .true: return .bool(true)
        case .int: return .int(try int())
        case .uint: return .uint(try uint())
        case .double:
            guard bytes.count - offset >= 8 else { throw Corrupt(message: "number cut short at byte \(offset)") }
            var bits: UInt64 = 0
            for i in 0..<8 { bits |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
            offset += 8
            return .double(Double(bitPattern: bits))
        case .string: return .string(try string())
        case .bytes:
            let n = try count()
            defer { offset += n }
            return .bytes(Array(bytes[offset..<offset + n]))
        case .list:
            let n = try count()
            var items: [Value] = []
            items.reserveCapacity(n)
            for _ in 0..<n { items.append(try value(depth: depth + 1)) }
            return .list(items)
        case .map:
            let n = try count()
            var map = CELMap()
            for _ in 0..<n {
                let keyAt = offset
                guard let key = MapKey(try value(depth: depth + 1)) else { throw Corrupt(message: "map key of a type keys cannot have at byte \(keyAt)") }
                map.insert(key, try value(depth: depth + 1))
            }
            return .map(map)
        case .timestamp: return .timestamp(try timestamp())
        case .duration:
            let seconds = try int(), nanos = try int()
            guard let d = CELDuration(seconds: seconds, nanos: nanos) else { throw Corrupt(message: "duration out of range at byte \(at)") }
            return .duration(d)
        case .type: return .type(CELType.named(try string()))
        }
    }

    mutating func fields() throws(Corrupt) -> [String: Value] {
        let n = try count()
        var data: [String: Value] = [:]
        data.reserveCapacity(n)
        for _ in 0..<n {
            let key = try text()
            data[key] = try value()
        }
        return data
    }
}
