/// CEL arithmetic: `+ - * / %` and unary minus.
///
/// Operands must have the same numeric type (CEL does not convert implicitly); int and uint
/// overflow is an error, never a wrap; double follows IEEE 754.
extension Value {
    public static func add(_ a: Value, _ b: Value) throws(EvalError) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)): return try checked(x.addingReportingOverflow(y), "+")
        case (.uint(let x), .uint(let y)): return try checked(x.addingReportingOverflow(y), "+")
        case (.double(let x), .double(let y)): return .double(x + y)
        case (.string(let x), .string(let y)): return .string(x + y)
        case (.bytes(let x), .bytes(let y)): return .bytes(x + y)
        case (.list(let x), .list(let y)): return .list(x + y)
        case (.timestamp(let t), .duration(let d)), (.duration(let d), .timestamp(let t)):
            return try timestamp(Int64(t.seconds), Int64(t.nanos), plus: d, sign: 1)
        case (.duration(let x), .duration(let y)):
            return try duration(x.seconds.addingReportingOverflow(y.seconds), Int64(x.nanos) + Int64(y.nanos))
        default: throw EvalError.noOverload("_+_", a, b)
        }
    }

    public static func subtract(_ a: Value, _ b: Value) throws(EvalError) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)): return try checked(x.subtractingReportingOverflow(y), "-")
        case (.uint(let x), .uint(let y)): return try checked(x.subtractingReportingOverflow(y), "-")
        case (.double(let x), .double(let y)): return .double(x - y)
        case (.timestamp(let t), .duration(let d)):
            return try timestamp(Int64(t.seconds), Int64(t.nanos), plus: d, sign: -1)
        case (.timestamp(let x), .timestamp(let y)):
            return try duration(x.seconds.subtractingReportingOverflow(y.seconds), Int64(x.nanos) - Int64(y.nanos))
        case (.duration(let x), .duration(let y)):
            return try duration(x.seconds.subtractingReportingOverflow(y.seconds), Int64(x.nanos) - Int64(y.nanos))
        default: throw EvalError.noOverload("_-_", a, b)
        }
    }

    public static func multiply(_ a: Value, _ b: Value) throws(EvalError) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)): return try checked(x.multipliedReportingOverflow(by: y), "*")
        case (.uint(let x), .uint(let y)): return try checked(x.multipliedReportingOverflow(by: y), "*")
        case (.double(let x), .double(let y)): return .double(x * y)
        default: throw EvalError.noOverload("_*_", a, b)
        }
    }

    public static func divide(_ a: Value, _ b: Value) throws(EvalError) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if y == 0 { throw EvalError(.divisionByZero, "division by zero") }
            return try checked(x.dividedReportingOverflow(by: y), "/")
        case (.uint(let x), .uint(let y)):
            if y == 0 { throw EvalError(.divisionByZero, "division by zero") }
            return .uint(x / y)
        case (.double(let x), .double(let y)): return .double(x / y)
        default: throw EvalError.noOverload("_/_", a, b)
        }
    }

    public static func modulo(_ a: Value, _ b: Value) throws(EvalError) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if y == 0 { throw EvalError(.divisionByZero, "modulus by zero") }
            return try checked(x.remainderReportingOverflow(dividingBy: y), "%")
        case (.uint(let x), .uint(let y)):
            if y == 0 { throw EvalError(.divisionByZero, "modulus by zero") }
            return .uint(x % y)
        default: throw EvalError.noOverload("_%_", a, b)
        }
    }

    public static func negate(_ a: Value) throws(EvalError) -> Value {
        switch a {
        case .int(let x): return try checked(Int64(0).subtractingReportingOverflow(x), "-")
        case .double(let x): return .double(-x)
        case .duration(let d):
            guard let n = CELDuration(seconds: -d.seconds, nanos: -Int64(d.nanos)), n.isWithinCELRange else { throw rangeError }
            return .duration(n)
        default: throw EvalError.noOverload("-_", a)
        }
    }

    private static func checked(_ r: (partialValue: Int64, overflow: Bool), _ op: String) throws(EvalError) -> Value {
        if r.overflow { throw EvalError(.overflow, "integer overflow in '\(op)'") }
        return .int(r.partialValue)
    }

    private static func checked(_ r: (partialValue: UInt64, overflow: Bool), _ op: String) throws(EvalError) -> Value {
        if r.overflow { throw EvalError(.overflow, "unsigned integer overflow in '\(op)'") }
        return .uint(r.partialValue)
    }

    static let rangeError = EvalError(.outOfRange, "timestamp or duration out of range")

    private static func timestamp(_ s: Int64, _ n: Int64, plus d: CELDuration, sign: Int64) throws(EvalError) -> Value {
        let (secs, o) = s.addingReportingOverflow(sign * d.seconds)
        guard !o, let t = Timestamp(seconds: secs, nanos: n + sign * Int64(d.nanos)) else { throw rangeError }
        return .timestamp(t)
    }

    private static func duration(_ s: (partialValue: Int64, overflow: Bool), _ n: Int64) throws(EvalError) -> Value {
        guard !s.overflow, let d = CELDuration(seconds: s.partialValue, nanos: n), d.isWithinCELRange else { throw rangeError }
        return .duration(d)
    }
}
