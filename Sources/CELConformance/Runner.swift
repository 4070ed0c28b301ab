import CaseflowExpr

/// The result of one test.
enum Outcome: Sendable {
    case pass
    /// Why it failed: expected versus got.
    case fail(String)
    /// Why it was not run.
    case skip(String)
}

/// Runs one decoded test through CaseflowExpr: parse, type-check (unless `disable_check`),
/// compile, evaluate with the bindings, and compare with the expectation.
enum Runner {
    static func run(_ test: ConformanceTest) -> Outcome {
        var env = Environment()
        for declaration in test.declarations { env.declare(declaration.name, type: declaration.type) }
        for binding in test.bindings where env.slot(of: binding.name) == nil { env.declare(binding.name, type: .dyn) }

        // An error before evaluation (syntax, checker, compiler) matches an expected error.
        func early(_ stage: String, _ message: String) -> Outcome {
            if case .error = test.expectation { return .pass }
            return .fail("expected \(describe(test.expectation)), got \(stage) error: \(message)")
        }

        let ast: Expr
        do { ast = try Parser.parse(test.expr) } catch { return early("syntax", error.description) }
        if !test.disableCheck, let problem = TypeCheck.firstError(ast, source: test.expr, in: env) {
            return early("checker", problem)
        }
        let program: Program
        do { program = try Program(compiling: ast, in: env) } catch { return early("compile", error.description) }

        let values = Dictionary(test.bindings.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        let result: Value
        do {
            result = try program.evaluate(Bindings(env, values))
        } catch {
            if case .error = test.expectation { return .pass }
            return .fail("expected \(describe(test.expectation)), got error: \(error.message)")
        }
        switch test.expectation {
        case .error:
            return .fail("expected an error, got \(TestEquality.render(result))")
        case .value(let expected):
            if TestEquality.equal(expected, result) { return .pass }
            return .fail("expected \(TestEquality.render(expected)), got \(TestEquality.render(result))")
        }
    }

    private static func describe(_ expectation: Expectation) -> String {
        switch expectation {
        case .error: return "an error"
        case .value(let v): return TestEquality.render(v)
        }
    }
}
