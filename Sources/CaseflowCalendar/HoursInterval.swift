/// One stretch of business hours within a day, as local wall-clock times: `09:00-12:00`.
///
/// Wall-clock times, not offsets from midnight in real seconds, so that opening at 09:00 stays
/// 09:00 across a daylight-saving change. A day may have several (a lunch break between them).
public struct HoursInterval: Hashable, Sendable, CustomStringConvertible {
    /// Seconds after local midnight at which the hours begin, 0 ..< 86 400.
    public let start: Int
    /// Seconds after local midnight at which they end, after `start`; 86 400 is 24:00.
    public let end: Int

    /// An interval in seconds after midnight, or nil unless 0 ≤ start < end ≤ 24:00.
    public init?(start: Int, end: Int) {
        guard start >= 0, start < end, end <= 86_400 else { return nil }
        self.start = start
        self.end = end
    }

    /// Parses `HH:MM-HH:MM` (24-hour clock, `24:00` allowed as the end), as calendar files write it.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let start = HoursInterval.clockSeconds(parts[0].trimmingSpaces),
              let end = HoursInterval.clockSeconds(parts[1].trimmingSpaces) else { return nil }
        self.init(start: start, end: end)
    }

    /// `09:00-12:00`.
    public var description: String { HoursInterval.clock(start) + "-" + HoursInterval.clock(end) }

    private static func clockSeconds(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let h = Int(parts[0]), let m = Int(parts[1]), m < 60, h < 24 || (h == 24 && m == 0) else { return nil }
        return h * 3600 + m * 60
    }

    private static func clock(_ seconds: Int) -> String {
        let h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return two(h) + ":" + two(m) + (s == 0 ? "" : ":" + two(s))
    }
}

private extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
