/// A mistake found in an expression before it runs: bad syntax, an unknown name, a type error.
///
/// It carries the position inside the expression text so the caller can point at the exact
/// character in the file the expression came from, and a suggestion where one helps.
public struct ExprError: Error, Sendable, CustomStringConvertible {
    /// What kind of mistake this is; stable so callers can map it to diagnostic codes.
    public enum Code: String, Sendable {
        case syntax
        case unknownIdentifier = "unknown-identifier"
        case unknownField = "unknown-field"
        case unknownFunction = "unknown-function"
        case noMatchingOverload = "no-matching-overload"
        case notBool = "not-bool"
        case typeMismatch = "type-mismatch"
        case unsupported
        /// A literal argument the function can never accept: `duration('2 hours')`,
        /// `timestamp('2026-13-01')`, a regular expression that does not compile.
        case invalidLiteral = "invalid-literal"
        /// Full-width punctuation from a Chinese input method (`“`, `，`, `（`) where CEL needs ASCII.
        case fullWidthPunctuation = "full-width-punctuation"
    }

    public var code: Code
    public var message: String
    public var position: SourcePosition
    /// A replacement to offer ("did you mean 'order.delivered_at'?"), if any.
    public var suggestion: String?

    public init(_ code: Code, _ message: String, at position: SourcePosition, suggestion: String? = nil) {
        self.code = code
        self.message = message
        self.position = position
        self.suggestion = suggestion
    }

    public var description: String {
        var text = "\(position): \(message)"
        if let suggestion { text += " (did you mean '\(suggestion)'?)" }
        return text
    }
}

/// An error raised while evaluating: division by zero, overflow, a missing key, a bad argument.
///
/// CEL treats errors as values inside `&&`, `||` and the list macros, so these are thrown and
/// caught by the evaluator; the message says what failed and, through `offset`, where.
public struct EvalError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of failure, for callers that react to some of them (a cost overrun, say).
    public enum Kind: String, Sendable {
        case noMatchingOverload = "no_matching_overload"
        case divisionByZero = "division_by_zero"
        case overflow
        case noSuchKey = "no_such_key"
        case noSuchField = "no_such_field"
        case unboundVariable = "unbound_variable"
        case invalidArgument = "invalid_argument"
        case outOfRange = "out_of_range"
        case costLimitExceeded = "cost_limit_exceeded"
    }

    public var kind: Kind
    public var message: String
    /// Where in the expression the failing node starts (Unicode scalars), when known.
    public var offset: Int?

    public init(_ kind: Kind, _ message: String, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    public var description: String { message }

    static func noOverload(_ function: String, _ args: Value...) -> EvalError {
        noOverload(function, args)
    }

    static func noOverload(_ function: String, _ args: [Value]) -> EvalError {
        let kinds = args.map(\.kindName).joined(separator: ", ")
        return EvalError(.noMatchingOverload, "no matching overload for '\(function)' applied to (\(kinds))")
    }
}
