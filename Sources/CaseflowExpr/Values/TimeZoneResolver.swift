import Foundation

/// Resolves CEL time zone arguments: IANA names (`Asia/Shanghai`), `UTC`, and `±HH:MM` offsets.
///
/// Named zones keep a table of their offset changes from 1970 to 2100, so finding an offset is a
/// binary search rather than a call into ICU; guards that count days in a zone stay cheap.
public struct ZoneRule: Sendable {
    private enum Kind: Sendable {
        case fixed(Int64)
        case named(ZoneTable)
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
        } else if let table = ZoneTable.named(text) {
            kind = .named(table)
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
    @inline(__always)
    public func offset(atUTC seconds: Int64) -> Int64 {
        switch kind {
        case .fixed(let o): return o
        case .named(let table): return table.offset(at: seconds)
        }
    }

    /// The offset when it holds throughout `seconds - margin ... seconds + margin`, else nil:
    /// lets a caller skip the checks for an offset change near an instant (most instants are
    /// nowhere near one).
    public func steadyOffset(around seconds: Int64, margin: Int64) -> Int64? {
        switch kind {
        case .fixed(let o): return o
        case .named(let table): return table.steadyOffset(from: seconds - margin, to: seconds + margin)
        }
    }

    /// `+08:00`, `-09:30`, or `02:00` without a sign (positive), as cel-spec's conformance
    /// data and cel-go accept.
    private static func parseOffset(_ text: String) -> Int64? {
        var s = Array(text.utf8)
        var negative = false
        if s.count == 6, s[0] == UInt8(ascii: "+") || s[0] == UInt8(ascii: "-") {
            negative = s[0] == UInt8(ascii: "-")
            s.removeFirst()
        }
        guard s.count == 5, s[2] == UInt8(ascii: ":"), s.allSatisfy({ $0 == UInt8(ascii: ":") || (0x30...0x39).contains($0) }),
              let h = Int64(String(decoding: s[0...1], as: UTF8.self)),
              let m = Int64(String(decoding: s[3...4], as: UTF8.self)), h < 24, m < 60 else { return nil }
        let total = h * 3600 + m * 60
        return negative ? -total : total
    }
}

/// The offset changes of one IANA zone, read once from the system's zone data.
final class ZoneTable: Sendable {
    private let zone: TimeZone
    /// Instants at which an offset starts to apply, ascending; `offsets[i]` applies from `starts[i]`.
    private let starts: [Int64]
    private let offsets: [Int64]
    private static let lower: Int64 = 0                 // 1970-01-01
    private static let upper: Int64 = 4_102_444_800    // 2100-01-01

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: ZoneTable] = [:]

    /// The shared table for a zone name, built on first use; nil for unknown names.
    static func named(_ name: String) -> ZoneTable? {
        lock.lock()
        defer { lock.unlock() }
        if let table = cache[name] { return table }
        guard let zone = TimeZone(identifier: name) else { return nil }
        let table = ZoneTable(zone)
        cache[name] = table
        return table
    }

    private init(_ zone: TimeZone) {
        self.zone = zone
        var starts: [Int64] = [Self.lower]
        var offsets: [Int64] = [Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(Self.lower))))]
        var cursor = Date(timeIntervalSince1970: TimeInterval(Self.lower))
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 < TimeInterval(Self.upper), next > cursor {
            let at = Int64(next.timeIntervalSince1970.rounded(.down))
            let offset = Int64(zone.secondsFromGMT(for: next))
            if offset != offsets[offsets.count - 1] {
                starts.append(at)
                offsets.append(offset)
            }
            cursor = next
        }
        self.starts = starts
        self.offsets = offsets
    }

    /// The offset when no change falls in `from...to` (both within the table's years), else nil.
    func steadyOffset(from: Int64, to: Int64) -> Int64? {
        guard from >= Self.lower, to < Self.upper, from <= to else { return nil }
        let i = change(atOrBefore: from)
        return i + 1 == starts.count || starts[i + 1] > to ? offsets[i] : nil
    }

    func offset(at seconds: Int64) -> Int64 {
        guard seconds >= Self.lower, seconds < Self.upper else {
            return Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
        }
        return offsets[change(atOrBefore: seconds)]
    }

    /// The index of the last offset change at or before `seconds` (within the table's years).
    private func change(atOrBefore seconds: Int64) -> Int {
        // Most instants a guard sees are recent, after the zone's last change (Shanghai: 1991).
        var lo = 0, hi = starts.count - 1
        if seconds >= starts[hi] { return hi }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= seconds { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}
