/// The type conversions `int`, `uint`, `double`, `string`, `bytes`, `bool`, `timestamp`,
/// `duration`, `dyn` and `type`. Out-of-range conversions are errors, never silent truncation.
extension FunctionTable {
    mutating func registerConversions() {
        let range = EvalError(.outOfRange, "conversion out of range")
        register("int", [.int], returns: .int) { a throws(EvalError) in a[0] }
        register("int", [.uint], returns: .int) { a throws(EvalError) in
            guard case .uint(let u) = a[0], let i = Int64(exactly: u) else { throw range }
            return .int(i)
        }
        register("int", [.double], returns: .int) { a throws(EvalError) in
            guard case .double(let d) = a[0], d.isFinite, d > -9_223_372_036_854_775_808.0, d < 9_223_372_036_854_775_808.0 else { throw range }
            return .int(Int64(d))
        }
        register("int", [.string], returns: .int) { a throws(EvalError) in
            guard case .string(let s) = a[0], let i = Int64(s) else { throw EvalError(.invalidArgument, "cannot convert \(a[0].debugText) to int") }
            return .int(i)
        }
        register("int", [.timestamp], returns: .int) { a throws(EvalError) in
            guard case .timestamp(let t) = a[0] else { throw .noOverload("int", a) }
            return .int(t.seconds)
        }
        register("uint", [.uint], returns: .uint) { a throws(EvalError) in a[0] }
        register("uint", [.int], returns: .uint) { a throws(EvalError) in
            guard case .int(let i) = a[0], let u = UInt64(exactly: i) else { throw range }
            return .uint(u)
        }
        register("uint", [.double], returns: .uint) { a throws(EvalError) in
            guard case .double(let d) = a[0], d.isFinite, d > -1, d < 18_446_744_073_709_551_616.0 else { throw range }
            return .uint(UInt64(d))
        }
        register("uint", [.string], returns: .uint) { a throws(EvalError) in
            guard case .string(let s) = a[0], let u = UInt64(s) else { throw EvalError(.invalidArgument, "cannot convert \(a[0].debugText) to uint") }
            return .uint(u)
        }
        register("double", [.double], returns: .double) { a throws(EvalError) in a[0] }
        register("double", [.int], returns: .double) { a throws(EvalError) in
            guard case .int(let i) = a[0] else { throw .noOverload("double", a) }
            return .double(Double(i))
        }
        register("double", [.uint], returns: .double) { a throws(EvalError) in
            guard case .uint(let u) = a[0] else { throw .noOverload("double", a) }
            return .double(Double(u))
        }
        register("double", [.string], returns: .double) { a throws(EvalError) in
            guard case .string(let s) = a[0], let d = parseDouble(s) else { throw EvalError(.invalidArgument, "cannot convert \(a[0].debugText) to double") }
            return .double(d)
        }
        register("string", [.string], returns: .string) { a throws(EvalError) in a[0] }
        for type in [CELType.int, .uint, .double, .bool, .timestamp, .duration] {
            register("string", [type], returns: .string) { a throws(EvalError) in .string(stringForm(a[0])) }
        }
        register("string", [.bytes], returns: .string) { a throws(EvalError) in
            guard case .bytes(let b) = a[0], let s = String(validating: b, as: UTF8.self) else {
                throw EvalError(.invalidArgument, "bytes are not valid UTF-8")
            }
            return .string(s)
        }
        register("bytes", [.bytes], returns: .bytes) { a throws(EvalError) in a[0] }
        register("bytes", [.string], returns: .bytes) { a throws(EvalError) in
            guard case .string(let s) = a[0] else { throw .noOverload("bytes", a) }
            return .bytes(Array(s.utf8))
        }
        register("bool", [.bool], returns: .bool) { a throws(EvalError) in a[0] }
        register("bool", [.string], returns: .bool) { a throws(EvalError) in
            guard case .string(let s) = a[0] else { throw .noOverload("bool", a) }
            switch s {
            case "1", "t", "T", "true", "TRUE", "True": return .bool(true)
            case "0", "f", "F", "false", "FALSE", "False": return .bool(false)
            default: throw EvalError(.invalidArgument, "cannot convert \(a[0].debugText) to bool")
            }
        }
        register("timestamp", [.timestamp], returns: .timestamp) { a throws(EvalError) in a[0] }
        register("timestamp", [.string], returns: .timestamp) { a throws(EvalError) in
            guard case .string(let s) = a[0], let t = Timestamp(rfc3339: s) else {
                throw EvalError(.invalidArgument, "cannot parse \(a[0].debugText) as an RFC 3339 timestamp, e.g. '2026-03-09T10:00:00+08:00'")
            }
            return .timestamp(t)
        }
        register("timestamp", [.int], returns: .timestamp) { a throws(EvalError) in
            guard case .int(let i) = a[0], let t = Timestamp(seconds: i) else { throw range }
            return .timestamp(t)
        }
        register("duration", [.duration], returns: .duration) { a throws(EvalError) in a[0] }
        register("duration", [.string], returns: .duration) { a throws(EvalError) in
            guard case .string(let s) = a[0], let d = CELDuration(text: s) else {
                throw EvalError(.invalidArgument, "cannot parse \(a[0].debugText) as a duration, e.g. '24h', '90m', '1.5s'")
            }
            guard d.isWithinCELRange else {
                throw EvalError(.outOfRange, "duration \(a[0].debugText) is longer than CEL allows (about 292 years either way)")
            }
            return .duration(d)
        }
        register("dyn", [.dyn], returns: .dyn) { a throws(EvalError) in a[0] }
        register("type", [.dyn], returns: .type(.dyn)) { a throws(EvalError) in .type(a[0].celType) }
    }
}

/// `string(x)` for scalars.
func stringForm(_ v: Value) -> String { v.stringForm }

extension Value {
    /// The value as CEL's `string(x)` gives it: text as is, numbers and bools as written,
    /// timestamps in RFC 3339, durations as `90s`; other kinds as CEL literals.
    public var stringForm: String {
        let v = self
        switch v {
    case .string(let s): return s
    case .int(let i): return String(i)
    case .uint(let u): return String(u)
    case .double(let d): return formatDouble(d)
    case .bool(let b): return b ? "true" : "false"
    case .timestamp(let t): return t.rfc3339
    case .duration(let d): return d.text
    default: return v.debugText
    }
    }
}

/// Parses decimal and scientific notation plus `inf`, `-inf` and `nan`, as Go's ParseFloat does.
func parseDouble(_ s: String) -> Double? {
    switch s.lowercased() {
    case "inf", "+inf", "infinity", "+infinity": return .infinity
    case "-inf", "-infinity": return -.infinity
    case "nan": return .nan
    default: break
    }
    guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else { return nil }
    return Double(s)
}
