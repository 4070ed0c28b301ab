import CaseflowExpr
import Foundation

/// Reads JSON text in place, one token at a time, for the reader of stored snapshots. Every
/// read answers nil on anything unexpected, and the caller then falls back to `JSONDecoder`, so
/// this never has to explain a problem, only to notice one.
struct JSONCursor {
    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool {
        mutating get { skipSpace(); return index == bytes.count }
    }

    private mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    /// The next byte after white space, not taken.
    mutating func peek() -> UInt8? {
        skipSpace()
        return index < bytes.count ? bytes[index] : nil
    }

    /// Takes `byte` if it comes next.
    mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    /// Calls `member` with each key of an object, the cursor at its value; `member` reads the
    /// value and answers false to give up.
    mutating func object(_ member: (inout JSONCursor, String) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if take(UInt8(ascii: "}")) { return true }
        repeat {
            guard let key = string(), take(UInt8(ascii: ":")), member(&self, key) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}"))
    }

    /// ``object(_:)`` for objects whose keys are known names: each key comes as its raw bytes
    /// (compared with ``Key/is(_:)``), with no string made and none compared. A key with an
    /// escape in it is no known name, and a key given twice is read differently by decoders
    /// (`JSONDecoder` keeps the first): either gives the object up.
    mutating func fields(_ member: (inout JSONCursor, Key) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if take(UInt8(ascii: "}")) { return true }
        // The keys so far, on the stack: the objects read this way have at most 15.
        return withUnsafeTemporaryAllocation(of: Key.self, capacity: 32) { seen -> Bool in
            var count = 0
            repeat {
                guard take(UInt8(ascii: "\"")) else { return false }
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") { index += 1 }
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), count < seen.count else { return false }
                let key = Key(bytes: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                index += 1
                for k in 0..<count where seen[k].same(as: key) { return false }
                seen.initializeElement(at: count, to: key)
                count += 1
                guard take(UInt8(ascii: ":")), member(&self, key) else { return false }
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "}"))
        }
    }

    /// The bytes of an object key, in the buffer being read.
    struct Key {
        let bytes: UnsafeBufferPointer<UInt8>

        func same(as other: Key) -> Bool {
            guard bytes.count == other.bytes.count else { return false }
            guard let a = bytes.baseAddress, let b = other.bytes.baseAddress else { return true }
            return memcmp(a, b, bytes.count) == 0
        }

        /// Whether the key is `name`.
        @inline(__always)
        func `is`(_ name: StaticString) -> Bool {
            guard bytes.count == name.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
            return memcmp(base, name.utf8Start, bytes.count) == 0
        }
    }

    /// Calls `element` for each element of an array, the cursor at it.
    mutating func array(_ element: (inout JSONCursor) -> Bool) -> Bool {
        guard take(UInt8(ascii: "[")) else { return false }
        if take(UInt8(ascii: "]")) { return true }
        repeat {
            guard element(&self) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]"))
    }

    mutating func strings() -> [String]? {
        var list: [String] = []
        let ok = array { cursor in
            guard let s = cursor.string() else { return false }
            list.append(s)
            return true
        }
        return ok ? list : nil
    }

    mutating func null() -> Bool { literal("null") }

    mutating func bool() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        skipSpace()
        let n = word.utf8CodeUnitCount
        guard index + n <= bytes.count else { return false }
        for k in 0..<n where bytes[index + k] != word.utf8Start[k] { return false }
        index += n
        return true
    }

    /// The text of a number as JSON writes one (`-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`),
    /// not yet converted; nil for anything else (`+1`, `.5`, `01`), which JSON does not allow.
    private mutating func numberText() -> String? {
        skipSpace()
        let start = index
        func digits() -> Int {
            let from = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            return index - from
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0, !(bytes[integerStart] == 48 && integerDigits > 1) else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return nil }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return nil }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    /// An integer read from its digits in place (the numbers of a snapshot are mostly these).
    mutating func int64() -> Int64? {
        skipSpace()
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard let magnitude = digits() else { return nil }
        if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    mutating func uint64() -> UInt64? {
        skipSpace()
        return digits()
    }

    mutating func int() -> Int? { int64().flatMap { Int(exactly: $0) } }

    /// Decimal digits without a leading zero, fraction or exponent; nil on overflow.
    private mutating func digits() -> UInt64? {
        let start = index
        var value: UInt64 = 0
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[index] - 48))
            if o1 || o2 { return nil }
            value = sum
            index += 1
        }
        guard index > start, !(bytes[start] == 48 && index - start > 1) else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            return nil
        }
        return value
    }
    /// A finite double; one too large for a double is left to the general decoder.
    mutating func double() -> Double? { numberText().flatMap { Double($0) }.flatMap { $0.isFinite ? $0 : nil } }

    mutating func timestamp() -> Timestamp? { string().flatMap { Timestamp(rfc3339: $0) } }

    /// A string with its escapes undone; nil for escaped surrogates, which the general reader
    /// pairs up.
    mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        var start = index
        var text: [UInt8] = []
        var ascii = true
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if text.isEmpty { return Self.text(run, ascii: ascii) }
                text.append(contentsOf: run)
                return text.withUnsafeBufferPointer { Self.text($0, ascii: ascii) }
            }
            if c >= 0x80 { ascii = false }
            if c < 0x20 { return nil }
            if c == UInt8(ascii: "\\") {
                text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                guard index + 1 < bytes.count else { return nil }
                switch bytes[index + 1] {
                case UInt8(ascii: "\""): text.append(0x22)
                case UInt8(ascii: "\\"): text.append(0x5C)
                case UInt8(ascii: "/"): text.append(0x2F)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    guard index + 5 < bytes.count, let code = hex4(at: index + 2), !(0xD800...0xDFFF).contains(code),
                          let scalar = Unicode.Scalar(code) else { return nil }
                    text.append(contentsOf: String(Character(scalar)).utf8)
                    index += 4
                default: return nil
                }
                index += 2
                start = index
                continue
            }
            index += 1
        }
        return nil
    }

    /// A string from UTF-8 that must be valid. ASCII is valid as it is, and taken the fast way:
    /// `String(validating:)` is generic and costs many times more per string.
    private static func text(_ utf8: UnsafeBufferPointer<UInt8>, ascii: Bool) -> String? {
        ascii ? String(decoding: utf8, as: UTF8.self) : String(validating: utf8, as: UTF8.self)
    }

    private func hex4(at start: Int) -> UInt32? {
        var v: UInt32 = 0
        for k in start..<(start + 4) {
            let c = bytes[k]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: return nil
            }
            v = v * 16 + d
        }
        return v
    }
}
