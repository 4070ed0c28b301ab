import CaseflowExpr

/// What a service-quality report is asked for: the period [`from`, `to`), the groups, and the
/// time zone whose days, weeks and months the periods are (a Shanghai day, not a UTC day).
public struct KPIQuery: Sendable {
    public var from: Timestamp
    public var to: Timestamp
    /// The case attributes the figures are grouped by, in the order given.
    public var groupBy: [KPIDimension]
    /// The period the figures are grouped by (day, week or month), if any.
    public var period: KPIPeriod?
    public var zone: ZoneRule

    public init(from: Timestamp, to: Timestamp, groupBy: [KPIDimension] = [], period: KPIPeriod? = nil, zone: ZoneRule) {
        self.from = from
        self.to = to
        self.groupBy = groupBy
        self.period = period
        self.zone = zone
    }

    /// The query from its written parts: `by` as `queue,tier,month`. Says what is wrong with
    /// which part (the caller names the parameter).
    public static func parse(from: Timestamp, to: Timestamp, by: String?, zone: ZoneRule) throws(KPIQueryError) -> KPIQuery {
        guard from < to else { throw KPIQueryError(part: .to, "must be after 'from' (\(from.rfc3339)); the report covers [from, to)") }
        var query = KPIQuery(from: from, to: to, zone: zone)
        for word in (by ?? "").split(separator: ",", omittingEmptySubsequences: true).map({ String($0).trimmingSpaces }) {
            if let period = KPIPeriod(rawValue: word) {
                guard query.period == nil else { throw KPIQueryError(part: .by, "names two periods ('\(query.period?.rawValue ?? "")' and '\(word)'); group by one of day, week, month") }
                query.period = period
            } else if let dimension = KPIDimension(rawValue: word) {
                guard !query.groupBy.contains(dimension) else { throw KPIQueryError(part: .by, "names '\(word)' twice") }
                query.groupBy.append(dimension)
            } else {
                throw KPIQueryError(part: .by, "'\(word)' is not something to group by; use any of \(KPIDimension.allCases.map(\.rawValue).joined(separator: ", ")) and one of day, week, month, separated by commas")
            }
        }
        // A period at a time: a year of days is 366 groups; more is a mistake, not a report.
        if let period = query.period, KPIPeriods(query: query).count > 1_000 {
            throw KPIQueryError(part: .by, "'\(period.rawValue)' over this range makes more than 1000 periods; choose a longer period or a shorter range")
        }
        return query
    }
}

/// A case attribute a report groups by.
public enum KPIDimension: String, Sendable, CaseIterable {
    case workflow, queue, channel, tier, assignee
}

/// A calendar period a report groups by, in the report's time zone. Weeks start on Monday.
public enum KPIPeriod: String, Sendable, CaseIterable {
    case day, week, month
}

/// A report query that cannot be run: which part is wrong, and how.
public struct KPIQueryError: Error, Sendable {
    public enum Part: String, Sendable { case from, to, by, zone, format }
    public var part: Part
    public var message: String

    public init(part: Part, _ message: String) {
        self.part = part
        self.message = message
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

extension KPIQuery {
    /// A query from text as the CLI and the HTTP API take it: `from` and `to` as RFC 3339
    /// instants or dates (`2026-11-01`, midnight in the zone), by default the 30 days up to
    /// `now`; `by` as above; `zone` an IANA name or offset, by default `defaultZone`.
    public static func parse(from fromText: String?, to toText: String?, by: String?, zone zoneText: String?,
                             defaultZone: ZoneRule, now: Timestamp) throws(KPIQueryError) -> KPIQuery {
        let zone: ZoneRule
        if let zoneText {
            guard let z = ZoneRule(zoneText) else {
                throw KPIQueryError(part: .zone, "'\(zoneText)' is not a time zone; use an IANA name such as Asia/Shanghai, or an offset such as +08:00")
            }
            zone = z
        } else {
            zone = defaultZone
        }
        let to = try toText.map { t throws(KPIQueryError) in try instant(t, zone, .to) } ?? now
        let from = try fromText.map { t throws(KPIQueryError) in try instant(t, zone, .from) }
            ?? Timestamp(clamping: to.seconds - 30 * 86_400, nanos: Int64(to.nanos))
        return try parse(from: from, to: to, by: by, zone: zone)
    }

    static func instant(_ text: String, _ zone: ZoneRule, _ part: KPIQueryError.Part) throws(KPIQueryError) -> Timestamp {
        if let t = Timestamp(rfc3339: text) { return t }
        let pieces = text.split(separator: "-", omittingEmptySubsequences: false)
        if pieces.count == 3, pieces[0].count == 4, pieces[1].count == 2, pieces[2].count == 2,
           let y = Int64(pieces[0]), let m = Int64(pieces[1]), let d = Int64(pieces[2]),
           (1...9999).contains(y), (1...12).contains(m), d >= 1, d <= CivilTime.daysIn(month: m, year: y) {
            return Timestamp(milliseconds: KPIPeriods.instant(ofLocalDay: CivilTime.days(year: y, month: m, day: d), zone))
        }
        throw KPIQueryError(part: part, "'\(text)' is neither a date (2026-11-01, midnight in the report's zone) nor an RFC 3339 time (2026-11-01T00:00:00+08:00)")
    }
}
