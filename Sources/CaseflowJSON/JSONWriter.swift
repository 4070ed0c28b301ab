import CaseflowExpr
import Foundation

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
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes a key that comes from data (escaped).
    mutating func key(escaping name: String) {
        separate()
        quoted(name)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")) }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")) }
    mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")) }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")) }

    mutating func null() { separate(); raw("null") }

    mutating func bool(_ b: Bool) { separate(); raw(b ? "true" : "false") }

    mutating func int(_ i: Int) { int(Int64(i)) }

    mutating func int(_ i: Int64) {
        separate()
        // Int64.min has no positive twin; its magnitude fits a UInt64.
        if i < 0 { bytes.append(UInt8(ascii: "-")) }
        unsigned(i.magnitude)
    }

    mutating func int(_ u: UInt64) {
        separate()
        unsigned(u)
    }

    mutating func int(_ b: UInt8) { int(UInt64(b)) }

    private mutating func signed(_ i: Int) {
        if i < 0 { bytes.append(UInt8(ascii: "-")) }
        unsigned(UInt64(i.magnitude))
    }

    /// The decimal digits of `u`, written back to front into a small buffer, appended at once.
    private mutating func unsigned(_ u: UInt64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { out in
            var n = 20, v = u
            repeat {
                n -= 1
                out[n] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            } while v > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: out[n...]))
        }
    }

    /// A finite double the way `JSONEncoder` prints it: Swift's shortest form without `.0`.
    mutating func double(_ d: Double) {
        separate()
        var text = d.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// A string with JSON escapes: quote, backslash and control characters; `/` and all other
    /// characters as they are (UTF-8).
    mutating func string(_ s: String) {
        separate()
        quoted(s)
    }

    mutating func quoted(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        appendEscaped(s)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends a string's text with JSON escapes, without the quotes.
    private mutating func appendEscaped(_ s: String) {
        if s.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) == nil {
            appendEscaped(Array(s.utf8)[...])
        }
    }

    /// Appends UTF-8 text with JSON escapes; runs without escapes are copied whole.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for i in 0..<utf8.count {
            let c = utf8[i]
            guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
            start = i + 1
            appendEscape(c)
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
    }

    private mutating func appendEscaped(_ utf8: ArraySlice<UInt8>) {
        utf8.withUnsafeBufferPointer { appendEscaped($0) }
    }

    private mutating func appendEscape(_ c: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(c)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(c >> 4)], hex[Int(c & 15)]])
        }
    }

    /// A source location as `"file:line:column"`, without building the string first.
    mutating func location(_ file: String, _ line: Int, _ column: Int) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        appendEscaped(file)
        bytes.append(UInt8(ascii: ":"))
        signed(line)
        bytes.append(UInt8(ascii: ":"))
        signed(column)
        bytes.append(UInt8(ascii: "\""))
    }


    /// A timestamp as an RFC 3339 string, written without building a `String`.
    mutating func timestamp(_ t: Timestamp) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        t.appendRFC3339(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Text that is already JSON.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// An array whose elements `element` writes.
    mutating func array<T>(_ items: some Sequence<T>, _ element: (inout JSONWriter, T) -> Void) {
        beginArray()
        for item in items { element(&self, item) }
        endArray()
    }

    /// An array of strings.
    mutating func strings(_ list: [String]) { array(list) { $0.string($1) } }
}

extension Dictionary where Key == String {
    /// The entries in the order `JSONEncoder`'s `.sortedKeys` writes them: by UTF-8 bytes.
    var sortedForJSON: [(key: String, value: Value)] {
        sorted { utf8Precedes($0.key, $1.key) }
    }
}

/// Whether `a` sorts before `b` byte by byte in UTF-8 (which is code point order).
@inline(__always)
func utf8Precedes(_ a: String, _ b: String) -> Bool {
    let fast = a.utf8.withContiguousStorageIfAvailable { x in
        b.utf8.withContiguousStorageIfAvailable { y -> Bool in
            let n = min(x.count, y.count)
            if n > 0, let px = x.baseAddress, let py = y.baseAddress {
                let c = memcmp(px, py, n)
                if c != 0 { return c < 0 }
            }
            return x.count < y.count
        }
    }
    if let result = fast ?? nil { return result }
    return a.utf8.lexicographicallyPrecedes(b.utf8)
}
