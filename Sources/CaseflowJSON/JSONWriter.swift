import CaseflowExpr
import Foundation

/// Writes JSON straight into a byte buffer, for the encodings the daemon produces on every step
/// (case snapshots, audit records, API answers).
///
/// Output is byte for byte what `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]`
/// writes for the same values, so either can read what the other wrote; it is several times
/// faster because it knows each type's fields and their sorted order instead of going through
/// `Encoder` containers, and because it writes into memory it owns alone (noncopyable), with
/// no uniqueness or bounds check of an `Array` on every byte.
public struct JSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    /// Starts an empty document, with room for `capacity` bytes.
    public init(capacity: Int = 1024) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The JSON text written so far.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Makes room for `n` more bytes.
    @inline(__always)
    private mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    @inline(never)
    private mutating func grow(to needed: Int) {
        var size = capacity * 2
        while size < needed { size *= 2 }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        larger.update(from: base, count: count)
        base.deallocate()
        base = larger
        capacity = size
    }

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = b
        count += 1
    }

    @inline(__always)
    mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
        guard let source = text.baseAddress, text.count > 0 else { return }
        reserve(text.count)
        (base + count).update(from: source, count: text.count)
        count += text.count
    }

    /// Writes a comma unless this is the first member of an object or array.
    @inline(__always)
    mutating func separate() {
        guard count > 0 else { return }
        let last = base[count - 1]
        if last != UInt8(ascii: "{"), last != UInt8(ascii: "["), last != UInt8(ascii: ":") {
            byte(UInt8(ascii: ","))
        }
    }

    /// Writes `"name":`, preceded by a comma when needed. Names must already be JSON-safe.
    @inline(__always)
    mutating func key(_ name: StaticString) {
        separate()
        byte(UInt8(ascii: "\""))
        raw(name)
        byte(UInt8(ascii: "\""))
        byte(UInt8(ascii: ":"))
    }

    /// Writes a key that comes from data (escaped).
    mutating func key(escaping name: String) {
        separate()
        quoted(name)
        byte(UInt8(ascii: ":"))
    }

    mutating func beginObject() { separate(); byte(UInt8(ascii: "{")) }
    mutating func endObject() { byte(UInt8(ascii: "}")) }
    mutating func beginArray() { separate(); byte(UInt8(ascii: "[")) }
    mutating func endArray() { byte(UInt8(ascii: "]")) }

    mutating func null() { separate(); raw("null") }

    mutating func bool(_ b: Bool) { separate(); raw(b ? "true" : "false") }

    mutating func int(_ i: Int) { int(Int64(i)) }

    mutating func int(_ i: Int64) {
        separate()
        // Int64.min has no positive twin; its magnitude fits a UInt64.
        if i < 0 { byte(UInt8(ascii: "-")) }
        unsigned(i.magnitude)
    }

    mutating func int(_ u: UInt64) {
        separate()
        unsigned(u)
    }

    mutating func int(_ b: UInt8) { int(UInt64(b)) }

    private mutating func signed(_ i: Int) {
        if i < 0 { byte(UInt8(ascii: "-")) }
        unsigned(UInt64(i.magnitude))
    }

    /// The decimal digits of `u`, counted first and then written back to front in place.
    private mutating func unsigned(_ u: UInt64) {
        var digits = 1, v = u
        while v >= 10 { v /= 10; digits += 1 }
        reserve(digits)
        var n = count + digits
        v = u
        repeat {
            n -= 1
            base[n] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
        } while v > 0
        count += digits
    }

    /// A finite double the way `JSONEncoder` prints it: Swift's shortest form without `.0`.
    mutating func double(_ d: Double) {
        separate()
        var text = d.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        utf8(text)
    }

    /// A string with JSON escapes: quote, backslash and control characters; `/` and all other
    /// characters as they are (UTF-8).
    mutating func string(_ s: String) {
        separate()
        quoted(s)
    }

    mutating func quoted(_ s: String) {
        byte(UInt8(ascii: "\""))
        appendEscaped(s)
        byte(UInt8(ascii: "\""))
    }

    /// Appends a string's UTF-8 as it is.
    private mutating func utf8(_ s: String) {
        var s = s
        s.withUTF8 { append($0) }
    }

    /// Appends a string's text with JSON escapes, without the quotes.
    private mutating func appendEscaped(_ s: String) {
        var s = s
        s.withUTF8 { appendEscaped($0) }
    }

    /// Appends UTF-8 text with JSON escapes; runs without escapes are copied whole.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for i in 0..<utf8.count {
            let c = utf8[i]
            guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
            append(UnsafeBufferPointer(rebasing: utf8[start..<i]))
            start = i + 1
            appendEscape(c)
        }
        append(UnsafeBufferPointer(rebasing: utf8[start...]))
    }

    private mutating func appendEscape(_ c: UInt8) {
        byte(UInt8(ascii: "\\"))
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): byte(c)
        case 0x08: byte(UInt8(ascii: "b"))
        case 0x0C: byte(UInt8(ascii: "f"))
        case 0x0A: byte(UInt8(ascii: "n"))
        case 0x0D: byte(UInt8(ascii: "r"))
        case 0x09: byte(UInt8(ascii: "t"))
        default:
            let hex: StaticString = "0123456789abcdef"
            raw("u00")
            hex.withUTF8Buffer { digits in
                byte(digits[Int(c >> 4)])
                byte(digits[Int(c & 15)])
            }
        }
    }

    /// A source location as `"file:line:column"`, without building the string first.
    mutating func location(_ file: String, _ line: Int, _ column: Int) {
        separate()
        byte(UInt8(ascii: "\""))
        appendEscaped(file)
        byte(UInt8(ascii: ":"))
        signed(line)
        byte(UInt8(ascii: ":"))
        signed(column)
        byte(UInt8(ascii: "\""))
    }

    /// A timestamp as an RFC 3339 string, written in place without building a `String`.
    mutating func timestamp(_ t: Timestamp) {
        separate()
        reserve(Timestamp.maxRFC3339Bytes + 2)
        base[count] = UInt8(ascii: "\"")
        if let n = t.writeRFC3339(into: base + count + 1) {
            count += n + 1
        } else {
            count += 1
            utf8(t.rfc3339)
        }
        byte(UInt8(ascii: "\""))
    }

    /// Text that is already JSON.
    @inline(__always)
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
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
