/// Pieces of JSON read in place, shared by the direct readers of request bodies
/// (`FastJSONReader`) and of stored snapshots (`CaseflowJSON`'s snapshot reader). Each answers
/// nil for what it would not read exactly as `JSONDecoder` does, and the caller then leaves the
/// text to `JSONDecoder`.
public enum JSONScan {
    /// The string whose opening quote is at `index`, with its escapes undone; `index` ends just
    /// past the closing quote. Nil for control characters, escaped surrogates (which the general
    /// reader pairs up) and text that is not UTF-8.
    public static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> String? {
        index += 1
        var start = index
        var text: [UInt8] = []
        var ascii = true
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if text.isEmpty { return utf8(run, ascii: ascii) }
                text.append(contentsOf: run)
                return text.withUnsafeBufferPointer { utf8($0, ascii: ascii) }
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
                    guard index + 5 < bytes.count, let code = hex4(bytes, index + 2), !(0xD800...0xDFFF).contains(code),
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

    /// An integer at `index`: an optional minus and decimal digits, without a leading zero, a
    /// fraction or an exponent (those are doubles to JSON readers), as its sign and magnitude;
    /// nil past 64 bits.
    public static func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> (negative: Bool, magnitude: UInt64)? {
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let start = index
        var magnitude: UInt64 = 0
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[index] - 48))
            if o1 || o2 { return nil }
            magnitude = sum
            index += 1
        }
        guard index > start, !(bytes[start] == 48 && index - start > 1) else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            return nil
        }
        return (negative, magnitude)
    }

    /// Takes `word` (`true`, `false`, `null`) if it stands at `index`.
    public static func literal(_ word: StaticString, _ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool {
        let n = word.utf8CodeUnitCount
        guard index + n <= bytes.count else { return false }
        for k in 0..<n where bytes[index + k] != word.utf8Start[k] { return false }
        index += n
        return true
    }

    /// A string from UTF-8 that must be valid. ASCII is valid as it is, and taken the fast way:
    /// `String(validating:)` is generic and costs many times more per string.
    private static func utf8(_ bytes: UnsafeBufferPointer<UInt8>, ascii: Bool) -> String? {
        ascii ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
    }

    private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> UInt32? {
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
