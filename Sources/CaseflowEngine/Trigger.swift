/// What a pending timer fires: a state's `after:` timer, or an SLA's warning or breach.
///
/// Typed everywhere in the engine; it becomes text (`after:STATE:N`, `sla:NAME:warn`) only where
/// a timer is stored or shown, through ``text`` and ``init(text:)``, the one place that writes
/// and reads that text.
public enum TimerTrigger: Sendable, Hashable {
    /// The `index`th timer (from 0) of `state`'s `after:` list.
    case after(state: String, index: Int)
    /// `warn_before` of an SLA's deadline.
    case slaWarning(String)
    /// An SLA's deadline.
    case slaBreach(String)

    /// The stored and shown form, also the audit's event name when it fires.
    public var text: String {
        switch self {
        case .after(let state, let index): "after:\(state):\(index)"
        case .slaWarning(let sla): "sla:\(sla):warn"
        case .slaBreach(let sla): "sla:\(sla):breach"
        }
    }

    /// Reads the stored form; nil for anything else, which no timer was stored as.
    public init?(text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return nil }
        switch parts[0] {
        case "after":
            // A state name has no ':', so the index is the last part.
            guard parts.count == 3, let index = Int(parts[2]), index >= 0 else { return nil }
            self = .after(state: String(parts[1]), index: index)
        case "sla":
            let name = parts[1..<(parts.count - 1)].joined(separator: ":")
            switch parts[parts.count - 1] {
            case "warn": self = .slaWarning(name)
            case "breach": self = .slaBreach(name)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// True for names that only timers use: an outside event may not be called so.
    static func isReserved(_ name: String) -> Bool { name.hasPrefix("after:") || name.hasPrefix("sla:") }
}

/// What took a transition, for coverage and the purposes of the audit's evaluations.
public enum TransitionTrigger: Sendable, Hashable {
    /// Entering the initial state of a new case.
    case start
    /// A state's own handler of an event or task outcome.
    case event(String)
    /// A handler of the workflow-level `on`.
    case workflowWide(String)
    case always
    /// The `index`th timer of the state.
    case timer(index: Int)
    /// An SLA's breach actions.
    case slaBreach(String)

    /// `on:EVENT`, `global:EVENT`, `always`, `after:N`, `start` or `sla:NAME`: the text audit
    /// purposes were written with, kept so that stored records read the same.
    public var text: String {
        switch self {
        case .start: "start"
        case .event(let e): "on:\(e)"
        case .workflowWide(let e): "global:\(e)"
        case .always: "always"
        case .timer(let index): "after:\(index)"
        case .slaBreach(let sla): "sla:\(sla)"
        }
    }
}
