/// What an expression may refer to: declared variables with their types, and functions.
///
/// The workflow loader declares one variable per case field (`order.channel: string`), so
/// `order.channel` in an expression resolves to one slot that the engine's ``Activation`` fills.
public struct Environment: Sendable {
    /// A declared variable: a possibly dotted name and its type.
    public struct Variable: Sendable {
        public let name: String
        public let type: CELType
    }

    public private(set) var variables: [Variable] = []
    private var slots: [String: Int] = [:]
    /// Prefixes of dotted names (`order` for `order.channel`), to tell a namespace from a typo.
    private var namespaces: Set<String> = []
    public var functions: FunctionTable

    /// An environment with the standard CEL functions and no variables.
    public init(functions: FunctionTable = .standard) {
        self.functions = functions
    }

    /// Declares a variable (or replaces its type) and returns its slot in an ``Activation``.
    @discardableResult
    public mutating func declare(_ name: String, type: CELType) -> Int {
        if let slot = slots[name] {
            variables[slot] = Variable(name: name, type: type)
            return slot
        }
        variables.append(Variable(name: name, type: type))
        slots[name] = variables.count - 1
        var prefix = Substring(name)
        while let dot = prefix.lastIndex(of: ".") {
            prefix = prefix[..<dot]
            namespaces.insert(String(prefix))
        }
        return variables.count - 1
    }

    /// The slot of a declared variable.
    public func slot(of name: String) -> Int? { slots[name] }

    /// True when `name` is the beginning of some declared dotted name.
    public func isNamespace(_ name: String) -> Bool { namespaces.contains(name) }

    /// Declared names that start with `prefix.`, for did-you-mean suggestions.
    func names(under prefix: String) -> [String] {
        variables.map(\.name).filter { $0.hasPrefix(prefix + ".") }
    }
}

/// Supplies the values of declared variables while an expression runs.
///
/// The engine implements this over a case's data without copying it per evaluation.
public protocol Activation {
    /// The value in a variable's slot, or nil when the variable is unset.
    func value(at slot: Int) -> Value?
}

/// A simple ``Activation`` backed by an array of slots, built from names and values.
public struct Bindings: Activation, Sendable {
    public var values: [Value?]

    /// Binds values by variable name; names the environment does not declare are ignored.
    public init(_ environment: Environment, _ named: [String: Value]) {
        values = Array(repeating: nil, count: environment.variables.count)
        for (name, value) in named {
            if let slot = environment.slot(of: name) { values[slot] = value }
        }
    }

    public func value(at slot: Int) -> Value? { slot < values.count ? values[slot] : nil }
}
