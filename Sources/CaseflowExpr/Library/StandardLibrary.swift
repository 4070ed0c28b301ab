/// CEL's standard functions: sizes, string tests, conversions, and timestamp and duration access.
extension FunctionTable {
    /// A table with every standard CEL function registered.
    public static let standard: FunctionTable = {
        var table = FunctionTable()
        table.registerCollections()
        table.registerStrings()
        table.registerConversions()
        table.registerTime()
        return table
    }()

    /// Registers `f` both as `name(x, …)` and as `x.name(…)`.
    mutating func registerBoth(_ name: String, _ parameters: [CELType], returns result: CELType,
                               _ implementation: @escaping Overload.Implementation) {
        register(name, parameters, returns: result, implementation)
        registerMember(name, parameters, returns: result, implementation)
    }

    mutating func registerCollections() {
        registerBoth("size", [.string], returns: .int) { a throws(EvalError) in
            guard case .string(let s) = a[0] else { throw .noOverload("size", a) }
            return .int(Int64(s.unicodeScalars.count))
        }
        registerBoth("size", [.bytes], returns: .int) { a throws(EvalError) in
            guard case .bytes(let b) = a[0] else { throw .noOverload("size", a) }
            return .int(Int64(b.count))
        }
        registerBoth("size", [.list(.parameter("A"))], returns: .int) { a throws(EvalError) in
            guard case .list(let l) = a[0] else { throw .noOverload("size", a) }
            return .int(Int64(l.count))
        }
        registerBoth("size", [.map(.parameter("K"), .parameter("V"))], returns: .int) { a throws(EvalError) in
            guard case .map(let m) = a[0] else { throw .noOverload("size", a) }
            return .int(Int64(m.count))
        }
    }

    mutating func registerStrings() {
        func stringPair(_ name: String, _ test: @escaping @Sendable (String, String) -> Bool) {
            registerMember(name, [.string, .string], returns: .bool) { a throws(EvalError) in
                guard case .string(let s) = a[0], case .string(let t) = a[1] else { throw .noOverload(name, a) }
                return .bool(test(s, t))
            }
        }
        // Compare by scalars, not by Swift's grapheme-aware String comparison, as CEL does.
        stringPair("contains") { s, t in t.isEmpty || s.unicodeScalars.firstRange(of: t.unicodeScalars) != nil }
        stringPair("startsWith") { s, t in s.unicodeScalars.starts(with: t.unicodeScalars) }
        stringPair("endsWith") { s, t in s.unicodeScalars.reversed().starts(with: t.unicodeScalars.reversed()) }
        let matches: Overload.Implementation = { a throws(EvalError) in
            guard case .string(let s) = a[0], case .string(let pattern) = a[1] else { throw .noOverload("matches", a) }
            return .bool(try RegexCache.matches(s, pattern))
        }
        register("matches", [.string, .string], returns: .bool, matches)
        registerMember("matches", [.string, .string], returns: .bool, matches)
    }
}
