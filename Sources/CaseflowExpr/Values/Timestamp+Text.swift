/// RFC 3339 text for timestamps: `2026-03-09T23:59:00+08:00`, `2004-09-16T23:59:59.5Z`.
extension Timestamp {
    /// Parses RFC 3339 with a `Z` or `±HH:MM` offset and up to nine fractional digits.
    public init?(rfc3339 text: String) {
        let b = Array(text.utf8)
        func num(_ from: Int, _ count: Int) -> Int64? {
            guard from + count <= b.count else { return nil }
            var v: Int64 = 0
            for k in from..<(from + count) {
                let c = b[k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            return v
        }
        func at(_ k: Int, _ chars: String) -> Bool { k < b.count && chars.utf8.contains(b[k]) }
        guard let year = num(0, 4), at(4, "-"), let month = num(5, 2), at(7, "-"), let day = num(8, 2),
              at(10, "Tt "), let hour = num(11, 2), at(13, ":"), let minute = num(14, 2), at(16, ":"),
              let second = num(17, 2),
              (1...12).contains(month), day >= 1, day <= CivilTime.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 61 else { return nil }
        var k = 19
        var nanos: Int64 = 0
        if at(k, ".") {
            k += 1
            var digits = 0
            while k < b.count, b[k] >= 48, b[k] <= 57 {
                if digits < 9 { nanos = nanos * 10 + Int64(b[k] - 48) }
                digits += 1
                k += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 9) { nanos *= 10 }
        }
        var offset: Int64 = 0
        if at(k, "Zz") {
            k += 1
        } else if at(k, "+-"), let oh = num(k + 1, 2), at(k + 3, ":"), let om = num(k + 4, 2), oh < 24, om < 60 {
            offset = (oh * 3600 + om * 60) * (b[k] == UInt8(ascii: "-") ? -1 : 1)
            k += 6
        } else {
            return nil
        }
        guard k == b.count else { return nil }
        let days = CivilTime.days(year: year, month: month, day: day)
        self.init(seconds: days * 86_400 + hour * 3600 + minute * 60 + second - offset, nanos: nanos)
    }

    /// RFC 3339 in UTC with the shortest exact fraction, as CEL's `string(timestamp)` prints it.
    public var rfc3339: String {
        let fast = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.maxRFC3339Bytes) { out -> String? in
            guard let base = out.baseAddress, let n = writeRFC3339(into: base) else { return nil }
            return String(decoding: UnsafeBufferPointer(start: base, count: n), as: UTF8.self)
        }
        return fast ?? wideYearRFC3339
    }

    /// The most bytes ``writeRFC3339(into:)`` writes.
    public static let maxRFC3339Bytes = 32

    /// Writes ``rfc3339`` as UTF-8 at `out`, which must have room for ``maxRFC3339Bytes``, and
    /// returns how many bytes it wrote; nil (having written nothing) for a year outside
    /// 0…9999, whose text ``rfc3339`` builds the slow way.
    public func writeRFC3339(into out: UnsafeMutablePointer<UInt8>) -> Int? {
        let days = CivilTime.floorDiv(seconds, 86_400)
        let secs = seconds - days * 86_400
        let (y, m, d) = CivilTime.date(days: days)
        guard (0...9999).contains(y) else { return nil }
        // Fixed-width fields.
        var n = 0
        func two(_ v: Int64) {
            out[n] = 48 + UInt8(v / 10)
            out[n + 1] = 48 + UInt8(v % 10)
            n += 2
        }
        two(y / 100); two(y % 100); out[n] = 45; n += 1
        two(m); out[n] = 45; n += 1
        two(d); out[n] = 84; n += 1
        two(secs / 3600); out[n] = 58; n += 1
        two(secs / 60 % 60); out[n] = 58; n += 1
        two(secs % 60)
        if nanos > 0 {
            out[n] = 46; n += 1
            var fraction = Int64(nanos), divisor: Int64 = 100_000_000
            while fraction > 0 {
                out[n] = 48 + UInt8(fraction / divisor)
                n += 1
                fraction %= divisor
                divisor /= 10
            }
        }
        out[n] = 90
        return n + 1
    }

    /// ``rfc3339`` for a year outside 0…9999 (which CEL's range allows only at its edges).
    private var wideYearRFC3339: String {
        let days = CivilTime.floorDiv(seconds, 86_400)
        let secs = seconds - days * 86_400
        let (y, m, d) = CivilTime.date(days: days)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(secs / 3600, 2) + ":" + pad(secs / 60 % 60, 2) + ":"
            + pad(secs % 60, 2) + fraction(Int64(nanos)) + "Z"
    }
}

extension CELDuration {
    /// Parses a Go-style duration: `90s`, `1.5h`, `2h45m`, `-300ms`; units h, m, s, ms, us, µs, ns.
    /// Caseflow also accepts `d` (24 hours) for readability in workflow files.
    public init?(text: String) {
        var s = Substring(text)
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() } else if s.first == "+" { s = s.dropFirst() }
        guard !s.isEmpty else { return nil }
        if s == "0" { self.init(seconds: 0); return }
        var totalNanos: Double = 0
        var exactNanos: Int64 = 0
        var exact = true
        while !s.isEmpty {
            let numberEnd = s.firstIndex(where: { !($0.isASCII && ($0.isNumber || $0 == ".")) }) ?? s.endIndex
            let number = s[..<numberEnd]
            guard !number.isEmpty, let value = Double(number) else { return nil }
            s = s[numberEnd...]
            let unitEnd = s.firstIndex(where: { $0.isASCII && ($0.isNumber || $0 == ".") }) ?? s.endIndex
            let unit = s[..<unitEnd]
            s = s[unitEnd...]
            let scale: Int64
            switch unit {
            case "d": scale = 86_400_000_000_000
            case "h": scale = 3_600_000_000_000
            case "m": scale = 60_000_000_000
            case "s": scale = 1_000_000_000
            case "ms": scale = 1_000_000
            case "us", "µs", "μs": scale = 1_000
            case "ns": scale = 1
            default: return nil
            }
            totalNanos += value * Double(scale)
            if let whole = Int64(number) {
                let (p, o1) = whole.multipliedReportingOverflow(by: scale)
                let (t, o2) = exactNanos.addingReportingOverflow(p)
                if o1 || o2 { exact = false } else { exactNanos = t }
            } else {
                exact = false
            }
        }
        if !exact {
            guard totalNanos.isFinite, abs(totalNanos) < 9.2e18 else { return nil }
            exactNanos = Int64(totalNanos.rounded())
        }
        if negative { exactNanos = -exactNanos }
        self.init(seconds: 0, nanos: exactNanos)
    }

    /// Seconds with the shortest exact fraction, as CEL's `string(duration)` prints it: `90s`, `1.5s`.
    public var text: String {
        let negative = seconds < 0 || nanos < 0
        let s = abs(seconds), n = abs(Int64(nanos))
        return (negative ? "-" : "") + String(s) + fraction(n) + "s"
    }
}

extension CivilTime {
    /// The number of days in a month (1–12) of a year.
    public static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

private func pad(_ v: Int64, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// `.5`, `.000000001` or nothing: nanoseconds without trailing zeros.
private func fraction(_ nanos: Int64) -> String {
    guard nanos > 0 else { return "" }
    var digits = pad(nanos, 9)
    while digits.last == "0" { digits.removeLast() }
    return "." + digits
}

extension CELDuration {
    /// A compact form for people: `48h`, `1h30m`, `90s`, `1.5s`; CEL's own text is ``text``.
    public var shortText: String {
        guard nanos == 0 else { return text }
        var s = abs(seconds)
        var out = seconds < 0 ? "-" : ""
        if s >= 3600 { out += "\(s / 3600)h"; s %= 3600 }
        if s >= 60 { out += "\(s / 60)m"; s %= 60 }
        if s > 0 || out.isEmpty || out == "-" { out += "\(s)s" }
        return out
    }
}
