import CaseflowExpr

/// Writes JSON straight into a byte buffer, for the encodings the daemon produces on every step
/// (case snapshots, audit records, API answers).
///
/// Output is byte for byte what `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]`
/// writes for the same values, so either can read what the other wrote; it is several times
/// faster because it knows each type's fields and their sorted order instead of going through
/// `Encoder` containers.
public struct JSONWriter: Sendable {
    /// The JSON text written so far.
    public private(set) var bytes: [UInt8]

    /// Starts an empty document, with room for `capacity` bytes.
    public init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Writes a comma unless this is the first member of an object or array.
    @inline(__always)
    mutating func separate() {
        if let last = bytes.last, last != UInt8(ascii: "{"), last != UInt8(ascii: "["), last != UInt8(ascii: ":") {
            bytes.append(UInt8(ascii: ","))
        }
    }

    /// Writes `"name":`, preceded by a comma when needed. Names must already be JSON-safe.
    @inline(__always)
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes a key that comes from data (escaped).
    public mutating func key(escaping name: String) {
        separate()
        quoted(name)
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")) }
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")) }
    public mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")) }
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")) }

    public mutating func null() { separate(); raw("null") }

    public mutating func bool(_ b: Bool) { separate(); raw(b ? "true" : "false") }

    public mutating func int(_ i: some BinaryInteger) {
        separate()
        var n = i
        if n == 0 { bytes.append(UInt8(ascii: "0")); return }
        if n < 0 {
            bytes.append(UInt8(ascii: "-"))
            // Int64.min has no positive twin; print it digit by digit from the negative side.
            var digits: [UInt8] = []
            while n != 0 {
                let d = n % 10
                digits.append(UInt8(ascii: "0") + UInt8(-Int(d)))
                n /= 10
            }
            bytes.append(contentsOf: digits.reversed())
            return
        }
        let start = bytes.count
        while n != 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(Int(n % 10)))
            n /= 10
        }
        bytes[start...].reverse()
    }

    /// A finite double the way `JSONEncoder` prints it: Swift's shortest form without `.0`.
    public mutating func double(_ d: Double) {
        separate()
        var text = d.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// A string with JSON escapes: quote, backslash and control characters; `/` and all other
    /// characters as they are (UTF-8).
    public mutating func string(_ s: String) {
        separate()
        quoted(s)
    }

    mutating func quoted(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            var start = 0
            for i in 0..<utf8.count {
                let c = utf8[i]
                guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
                start = i + 1
                bytes.append(UInt8(ascii: "\\"))
                switch c {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(c)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(c >> 4)], hex[Int(c & 15)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A timestamp as an RFC 3339 string, written without building a `String`.
    public mutating func timestamp(_ t: Timestamp) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        t.appendRFC3339(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Text that is already JSON.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// An array of strings.
    public mutating func strings(_ list: [String]) {
        beginArray()
        for s in list { string(s) }
        endArray()
    }
}

extension Dictionary where Key == String {
    /// The entries in the order `JSONEncoder`'s `.sortedKeys` writes them: by UTF-8 bytes.
    @inlinable
    public var sortedForJSON: [(key: String, value: Value)] {
        sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }
}
