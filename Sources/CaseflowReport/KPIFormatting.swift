import CaseflowExpr

/// How report figures read to a person: durations as `3d 4h`, rates as `72.5%`, NPS signed.
enum KPIFormatting {
    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        // The two largest units that are not zero: 1d 3h, 1d 30m, 2h 5m, 45s.
        let s = Int64(seconds.rounded())
        let parts = [(s / 86_400, "d"), (s % 86_400 / 3_600, "h"), (s % 3_600 / 60, "m"), (s % 60, "s")]
        guard let first = parts.firstIndex(where: { $0.0 > 0 }) else { return "0s" }
        let shown = parts[first...].prefix(first < 3 ? 3 : 1).filter { $0.0 > 0 }.prefix(2)
        return shown.map { "\($0.0)\($0.1)" }.joined(separator: " ")
    }

    static func percent(_ rate: Double?) -> String {
        guard let rate else { return "–" }
        return fixed(rate * 100, 1) + "%"
    }

    static func nps(_ score: Double?) -> String {
        guard let score else { return "–" }
        return (score > 0 ? "+" : "") + fixed(score, 1)
    }

    /// `value` with `places` decimals, without Foundation's locale-dependent formatting.
    static func fixed(_ value: Double, _ places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int64(scaled / scale), fraction = Int64(scaled) - whole * Int64(scale)
        var text = String(whole)
        if places > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: places - digits.count) + digits
        }
        return (value < 0 && scaled != 0 ? "-" : "") + text
    }

    static func keyText(_ key: [(name: String, value: String)]) -> String {
        key.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
    }

    static func date(_ t: Timestamp, _ zone: ZoneRule) -> String {
        let seconds = t.seconds + zone.offset(atUTC: t.seconds)
        let day = CivilTime.floorDiv(seconds, 86_400), second = seconds - day * 86_400
        let d = CivilTime.date(days: day)
        func pad(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let time = second == 0 ? "" : " \(pad(second / 3600)):\(pad(second % 3600 / 60))"
        return "\(d.year)-\(pad(d.month))-\(pad(d.day))\(time)"
    }
}
