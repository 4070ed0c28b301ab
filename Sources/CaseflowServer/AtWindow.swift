import CaseflowExpr

/// How far from the daemon's clock the `at` of a request may lie.
///
/// An event dated far ahead would make the case refuse every later event as going back in time;
/// one dated far back would run today's rules on the year 1. Requests outside the window are
/// refused with 422 naming the field. Operators widen it (`--at-past`, `--at-future`) for an
/// import of old cases, or narrow it. It binds every role but an admin token's: an admin may
/// import or correct a case at any time the calendars can express. Without tokens there is no
/// admin to trust, so it binds every request.
public struct AtWindow: Sendable {
    /// How far back an `at` may lie (default 366 days: a late import of last year's events).
    public var past: Duration = .seconds(366 * 86_400)
    /// How far ahead (default 10 minutes: clocks of other systems that run a little fast).
    public var future: Duration = .seconds(600)

    public init() {}

    /// Whether the window applies to requests of `identity`: all but those of a named admin token.
    func binds(_ identity: Identity?) -> Bool {
        !(identity?.role == .admin && identity?.name != nil)
    }

    /// Why `at` lies outside the window around `now`, or nil when it is inside.
    func refusal(_ at: Timestamp, now: Timestamp) -> String? {
        let (past, future) = (past.components.seconds, future.components.seconds)
        if at.seconds > now.seconds + future {
            return "is \(Self.describe(at.seconds - now.seconds)) ahead of the daemon's clock (\(now.rfc3339)); at most \(Self.describe(future)) ahead is accepted, so a case is not moved into the future"
        }
        if at.seconds < now.seconds - past {
            return "is \(Self.describe(now.seconds - at.seconds)) behind the daemon's clock (\(now.rfc3339)); at most \(Self.describe(past)) back is accepted (the daemon's --at-past widens it for imports)"
        }
        return nil
    }

    private static func describe(_ seconds: Int64) -> String {
        if seconds >= 86_400 { return "\(seconds / 86_400) days" }
        if seconds >= 3_600 { return "\(seconds / 3_600) hours" }
        if seconds >= 60 { return "\(seconds / 60) minutes" }
        return "\(seconds) seconds"
    }
}
