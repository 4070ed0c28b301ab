import CaseflowExpr

/// How report figures read to a person: durations as `3d 4h`, rates as `72.5%`, NPS signed.
enum KPIFormatting {
    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        var s = Int64(seconds.rounded())
        if s < 60 { return "\(s)s" }
        let days = s / 86_400; s %= 86_400
        let hours = s / 3_600; s %= 3_600
        let minutes = s / 60
        if days > 0 { return hours > 0 ? "\(days)d \(hours)h" : "\(days)d" }
        if hours > 0 { return minutes > 0 ? "\(hours)h \(minutes)m" : "\(hours)h" }
        return "\(minutes)m"
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
