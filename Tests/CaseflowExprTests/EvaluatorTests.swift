import Testing
@testable import CaseflowExpr

@Suite struct EvaluatorTests {
    @Test func errorsAreAbsorbedByLogicOnEitherSide() throws {
        #expect(try eval("1/0 == 1 || true").boolValue == true)
        #expect(try eval("true || 1/0 == 1").boolValue == true)
        #expect(try eval("1/0 == 1 && false").boolValue == false)
        #expect(throws: EvalError.self) { try eval("1/0 == 1 && true") }
    }

    @Test func integerOverflowIsAnError() {
        #expect { try eval("9223372036854775807 + 1") } throws: { ($0 as? EvalError)?.kind == .overflow }
        #expect { try eval("-9223372036854775808 / -1") } throws: { ($0 as? EvalError)?.kind == .overflow }
        #expect { try eval("0u - 1u") } throws: { ($0 as? EvalError)?.kind == .overflow }
    }

    @Test func heterogeneousNumericEquality() throws {
        #expect(try eval("dyn(1) == 1.0 && dyn(1u) == 1 && 2 > 1.5").boolValue == true)
        #expect(try eval("{1: 'a'}[1u]").stringValue == "a")
    }

    @Test func dottedCaseFieldsResolveToOneVariable() throws {
        let vars: [String: Value] = ["order.channel": .string("online"), "product.category": .string("phone")]
        #expect(try eval("order.channel == 'online' && !(product.category in ['fresh', 'customized'])", vars).boolValue == true)
        #expect(try eval("has(order.channel)", vars).boolValue == true)
    }

    @Test func macros() throws {
        #expect(try eval("[1, 2, 3].map(x, x * 2)").celEquals(.list([.int(2), .int(4), .int(6)])))
        #expect(try eval("[1, 2, 3].filter(x, x > 1).size() == 2").boolValue == true)
        #expect(try eval("[1, 2, 3].exists_one(x, x == 2)").boolValue == true)
        #expect(try eval("[0, 1].all(x, 1 / x < 0)").boolValue == false) // 1/0 absorbed by false
        #expect(throws: EvalError.self) { try eval("[0, 1].all(x, 1 / x > 0)") }
        #expect(try eval("{'a': 1}.exists(k, k == 'a')").boolValue == true)
    }

    @Test func costBudgetStopsPathologicalExpressions() {
        let bomb = "[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, a + b + c > 0)))"
        #expect { try eval(bomb, budget: 500) } throws: { ($0 as? EvalError)?.kind == .costLimitExceeded }
        #expect(throws: Never.self) { try eval(bomb) }
    }

    @Test func timestampsAndDurations() throws {
        let t = ts("2026-03-02T00:30:00+08:00")
        #expect(try eval("t.getDate('Asia/Shanghai') == 2 && t.getDate() == 1", ["t": t]).boolValue == true)
        #expect(try eval("t.getHours('+05:30') == 22 && t.getDayOfWeek('Asia/Shanghai') == 1", ["t": t]).boolValue == true)
        #expect(try eval("t + duration('168h') == timestamp('2026-03-09T00:30:00+08:00')", ["t": t]).boolValue == true)
        #expect(try eval("string(duration('1h30m'))").stringValue == "5400s")
        #expect(try eval("string(timestamp('2026-03-02T00:30:00.25+08:00'))").stringValue == "2026-03-01T16:30:00.25Z")
        #expect { try eval("timestamp('9999-12-31T23:59:59Z') + duration('1s')") } throws: { ($0 as? EvalError)?.kind == .outOfRange }
    }

    @Test func registeredDomainFunctionsAreCallable() throws {
        var env = Environment()
        env.functions.register("double_it", [.int], returns: .int) { args throws(EvalError) in
            guard case .int(let i) = args[0] else { throw EvalError(.invalidArgument, "int expected") }
            return .int(i * 2)
        }
        env.declare("n", type: .int)
        let program = try Program("double_it(n) == 42", in: env)
        #expect(try program.evaluate(Bindings(env, ["n": .int(21)])).boolValue == true)
        #expect(Checker.check(try Parser.parse("double_it('x')"), source: "double_it('x')", in: env).errors.first?.code == .noMatchingOverload)
    }
}
