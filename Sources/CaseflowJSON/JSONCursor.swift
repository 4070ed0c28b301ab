import CaseflowExpr
import CaseflowModel
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

    mutating func null() -> Bool { literal("null") }

    mutating func bool() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        skipSpace()
        return JSONScan.literal(word, bytes, &index)
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
        guard let (negative, magnitude) = JSONScan.integer(bytes, &index) else { return nil }
        if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    mutating func uint64() -> UInt64? {
        skipSpace()
        guard let (negative, magnitude) = JSONScan.integer(bytes, &index), !negative else { return nil }
        return magnitude
    }

    mutating func int() -> Int? { int64().flatMap { Int(exactly: $0) } }

    /// A finite double; one too large for a double is left to the general decoder.
    mutating func double() -> Double? { numberText().flatMap { Double($0) }.flatMap { $0.isFinite ? $0 : nil } }

    mutating func timestamp() -> Timestamp? { string().flatMap { Timestamp(rfc3339: $0) } }

    /// A string with its escapes undone (see `JSONScan.string`).
    mutating func string() -> String? {
        guard peek() == UInt8(ascii: "\"") else { return nil }
        return JSONScan.string(bytes, &index)
    }
}
