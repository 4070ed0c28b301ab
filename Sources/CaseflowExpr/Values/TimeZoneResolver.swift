import Foundation

/// Resolves CEL time zone arguments: IANA names (`Asia/Shanghai`), `UTC`, and `±HH:MM` offsets.
public struct ZoneRule: Sendable {
    private enum Kind: Sendable {
        case fixed(Int64)
        case named(TimeZone)
    }
    private let kind: Kind
    /// The name as written.
    public let name: String

    /// Parses a zone argument; nil when it is neither a known IANA name nor an offset.
    public init?(_ text: String) {
        name = text
        if let offset = ZoneRule.parseOffset(text) {
            kind = .fixed(offset)
        } else if text == "UTC" || text == "Z" {
            kind = .fixed(0)
        } else if let zone = TimeZone(identifier: text) {
            kind = .named(zone)
        } else {
            return nil
        }
    }

    public static let utc = ZoneRule(offsetSeconds: 0, name: "UTC")

    private init(offsetSeconds: Int64, name: String) {
        kind = .fixed(offsetSeconds)
        self.name = name
    }

    /// Seconds east of UTC at the given instant (seconds since the epoch).
    public func offset(atUTC seconds: Int64) -> Int64 {
        switch kind {
        case .fixed(let o): return o
        case .named(let zone):
            return Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
        }
    }

    /// The UTC instant of a local wall-clock time (seconds since the epoch, as if local were UTC).
    /// In a gap or overlap of a daylight-saving change, the earlier offset's reading wins.
    public func utc(fromLocal local: Int64) -> Int64 {
        let first = local - offset(atUTC: local)
        let second = local - offset(atUTC: first)
        return offset(atUTC: second) == offset(atUTC: first) ? second : min(first, second)
    }

    private static func parseOffset(_ text: String) -> Int64? {
        let s = Array(text.utf8)
        guard s.count == 6, s[0] == UInt8(ascii: "+") || s[0] == UInt8(ascii: "-"), s[3] == UInt8(ascii: ":"),
              let h = Int64(String(decoding: s[1...2], as: UTF8.self)),
              let m = Int64(String(decoding: s[4...5], as: UTF8.self)), h < 24, m < 60 else { return nil }
        let total = h * 3600 + m * 60
        return s[0] == UInt8(ascii: "-") ? -total : total
    }
}
