import CaseflowExpr

/// How long a timer waits after its state is entered, as the workflow file writes it.
public enum Delay: Sendable, Hashable {
    /// A span of time (`48h`, `3d`): on the clock, or business time when the timer names a
    /// calendar (`3d` with a calendar is 72 business hours, which `validate` warns about).
    case span(CELDuration)
    /// Working days of the timer's calendar (`3wd`): the same local time of day on the third
    /// working day after, holidays skipped and make-up days (调休) counted.
    case workingDays(Int)

    /// `48h`, `3wd`: as a person writes it.
    public var shortText: String {
        switch self {
        case .span(let d): d.shortText
        case .workingDays(let n): "\(n)wd"
        }
    }
}
