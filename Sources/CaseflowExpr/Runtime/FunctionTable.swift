/// The functions an expression may call, by name, each with one or more overloads.
///
/// The checker resolves calls against the signatures and the compiler binds them once, so a
/// registered function costs no name lookup per evaluation.
public struct FunctionTable: Sendable {
    private var byName: [String: [Overload]] = [:]

    /// An empty table; ``standard`` has CEL's built-in functions.
    public init() {}

    /// Adds a global function overload, called as `name(args…)`.
    public mutating func register(_ name: String, _ parameters: [CELType], returns result: CELType,
                                  binder: Overload.Binder? = nil, _ implementation: @escaping Overload.Implementation) {
        byName[name, default: []].append(Overload(name: name, isMember: false, parameters: parameters, result: result,
                                                  implementation: implementation, binder: binder))
    }

    /// Adds a global function of three arguments that is called without an argument array;
    /// `binder` may specialise it for literal arguments at compile time.
    public mutating func register3(_ name: String, _ parameters: [CELType], returns result: CELType,
                                   binder: Overload.Binder3? = nil, _ implementation: @escaping Overload.Implementation3) {
        byName[name, default: []].append(Overload(
            name: name, isMember: false, parameters: parameters, result: result,
            implementation: { a throws(EvalError) in try implementation(a[0], a[1], a[2]) },
            implementation3: implementation, binder3: binder))
    }

    /// Adds a receiver-style overload, called as `receiver.name(args…)`; `parameters[0]` is the receiver.
    public mutating func registerMember(_ name: String, _ parameters: [CELType], returns result: CELType,
                                        _ implementation: @escaping Overload.Implementation) {
        byName[name, default: []].append(Overload(name: name, isMember: true, parameters: parameters, result: result, implementation: implementation))
    }

    /// All overloads of a function name.
    public func overloads(_ name: String) -> [Overload] { byName[name] ?? [] }

    /// Every function name, for did-you-mean suggestions.
    public var names: [String] { Array(byName.keys) }
}
