import CaseflowExpr

/// Why a calendar could not be built or a calendar computation has no answer.
///
/// A struct with a kind and a readable message, like ``EvalError``, so the expression functions
/// can pass the message through unchanged and callers can still match on the kind.
public struct CalendarError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: String, Sendable {
        /// The calendar's own data is wrong: an unknown zone, overlapping hours, a date that is
        /// both a holiday and a make-up day.
        case invalidData = "invalid_data"
        /// An argument is unusable: a negative duration, a span over the 100-year limit.
        case invalidArgument = "invalid_argument"
        /// The answer lies outside the timestamps CEL can express (years 1–9999).
        case outOfRange = "out_of_range"
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The same failure as an expression evaluation error.
    public var evalError: EvalError {
        EvalError(kind == .outOfRange ? .outOfRange : .invalidArgument, message)
    }
}
