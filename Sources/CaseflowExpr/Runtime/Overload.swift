/// One signature of a function: its parameter and result types and the code that runs it.
///
/// Domain functions (calendars, say) are added the same way as the standard ones:
/// ```swift
/// env.functions.register("days_until", [.timestamp, .timestamp], returns: .int) { args throws(EvalError) in … }
/// ```
public struct Overload: Sendable {
    /// The implementation: receives the arguments (for a member function, the receiver first).
    public typealias Implementation = @Sendable ([Value]) throws(EvalError) -> Value

    public let name: String
    /// True for receiver-style functions called as `x.f(y)`.
    public let isMember: Bool
    /// Parameter types; for a member function the receiver's type comes first.
    public let parameters: [CELType]
    public let result: CELType
    public let implementation: Implementation
    /// Specialises the implementation for arguments known at compile time: given the literal
    /// arguments (nil where not literal), returns a faster implementation, or nil to keep the
    /// general one. Calendar functions use it to look their calendar up once, not per call.
    public typealias Binder = @Sendable (_ constants: [Value?]) throws(EvalError) -> Implementation?
    public let binder: Binder?

    /// A three-argument implementation that takes its arguments directly, sparing the array a
    /// call would otherwise allocate; guards call calendar functions millions of times.
    public typealias Implementation3 = @Sendable (Value, Value, Value) throws(EvalError) -> Value
    public let implementation3: Implementation3?
    /// Like ``binder``, for ``implementation3``.
    public typealias Binder3 = @Sendable (_ constants: [Value?]) throws(EvalError) -> Implementation3?
    public let binder3: Binder3?

    public init(name: String, isMember: Bool, parameters: [CELType], result: CELType,
                implementation: @escaping Implementation, binder: Binder? = nil,
                implementation3: Implementation3? = nil, binder3: Binder3? = nil) {
        self.name = name
        self.isMember = isMember
        self.parameters = parameters
        self.result = result
        self.implementation = implementation
        self.binder = binder
        self.implementation3 = implementation3
        self.binder3 = binder3
    }

    /// This overload specialised for the literal arguments of one call, through its binder;
    /// nil when it has none or the binder declines.
    func bound(to constants: [Value?]) throws(EvalError) -> Overload? {
        if let binder3, let f = try binder3(constants) { return with(implementation3: f) }
        if let binder, let f = try binder(constants) { return with(implementation: f) }
        return nil
    }

    /// The same signature with another implementation.
    func with(implementation: @escaping Implementation) -> Overload {
        Overload(name: name, isMember: isMember, parameters: parameters, result: result, implementation: implementation)
    }

    /// The same signature with another three-argument implementation.
    func with(implementation3 f: @escaping Implementation3) -> Overload {
        Overload(name: name, isMember: isMember, parameters: parameters, result: result,
                 implementation: { a throws(EvalError) in try f(a[0], a[1], a[2]) }, implementation3: f)
    }

    /// True when the runtime arguments have the kinds this signature takes.
    func accepts(_ args: [Value]) -> Bool {
        guard args.count == parameters.count else { return false }
        for (p, a) in zip(parameters, args) where !Overload.kindMatches(p, a) { return false }
        return true
    }

    static func kindMatches(_ type: CELType, _ value: Value) -> Bool {
        switch (type, value) {
        case (.dyn, _), (.parameter, _): return true
        case (.null, .null), (.bool, .bool), (.int, .int), (.uint, .uint), (.double, .double),
             (.string, .string), (.bytes, .bytes), (.timestamp, .timestamp), (.duration, .duration),
             (.list, .list), (.map, .map), (.type, .type): return true
        default: return false
        }
    }

    /// A readable signature for messages: `size(string) -> int`, `string.contains(string) -> bool`.
    public var signature: String {
        if isMember, let receiver = parameters.first {
            return "\(receiver).\(name)(\(parameters.dropFirst().map(\.description).joined(separator: ", "))) -> \(result)"
        }
        return "\(name)(\(parameters.map(\.description).joined(separator: ", "))) -> \(result)"
    }
}
