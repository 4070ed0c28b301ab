import Foundation
import Testing
@testable import CaseflowExpr

/// Every walk over an expression (parser, checker, compiler, evaluator, the tree's release)
/// recurses once per level, so the parser bounds the depth; these tests write shapes that
/// build depth without parentheses as well as with them.
@Suite struct DepthLimitTests {
    /// Shapes of expression that grow one level per repetition.
    static let shapes: [(name: String, make: @Sendable (Int) -> String)] = [
        ("!", { String(repeating: "!", count: $0) + "true" }),
        ("-", { String(repeating: "-", count: $0) + "x" }),
        ("&&", { Array(repeating: "true", count: $0).joined(separator: " && ") }),
        ("||", { Array(repeating: "false", count: $0).joined(separator: " || ") }),
        ("+", { Array(repeating: "1", count: $0).joined(separator: " + ") }),
        ("*", { Array(repeating: "x", count: $0).joined(separator: " * ") }),
        ("==", { Array(repeating: "true", count: $0).joined(separator: " == ") }),
        (".f", { "m" + String(repeating: ".f", count: $0) }),
        ("[0]", { "l" + String(repeating: "[0]", count: $0) }),
        ("[…]", { String(repeating: "[", count: $0) + String(repeating: "]", count: $0) }),
        ("{…}", { String(repeating: "{1: ", count: $0) + "1" + String(repeating: "}", count: $0) }),
        ("(…)", { String(repeating: "(", count: $0) + "1" + String(repeating: ")", count: $0) }),
        ("?:", { String(repeating: "true ? 1 : ", count: $0) + "2" }),
        ("size(…)", { String(repeating: "size(", count: $0) + "'a'" + String(repeating: ")", count: $0) }),
        ("all(…)", { String(repeating: "[1].all(x, ", count: $0) + "true" + String(repeating: ")", count: $0) }),
    ]

    @Test(arguments: shapes.map(\.name))
    func longShapeIsRefusedWithItsPosition(_ name: String) throws {
        let make = try #require(Self.shapes.first { $0.name == name }).make
        let source = make(20_000)
        do {
            _ = try Parser.parse(source)
            Issue.record("20,000 levels of '\(name)' parsed")
        } catch {
            #expect(error.message.contains("levels deep") || error.message.contains("nests"), "\(error.message)")
            #expect(error.position.line == 1)
            #expect(error.position.column > 1, "the error points into the expression, at the level that went too deep")
        }
    }

    /// The deepest expression of each shape that the parser accepts goes through the parser,
    /// the checker, the compiler and the evaluator on a thread whose stack is 1 MiB, an eighth
    /// of what Linux gives the daemon's threads, in a debug build, whose frames are several
    /// times larger than a release build's.
    @Test(arguments: shapes.map(\.name))
    func deepestAcceptedShapeRunsOnASmallStack(_ name: String) throws {
        let make = try #require(Self.shapes.first { $0.name == name }).make
        let accepted = try #require((1...Parser.maxDepth + 5).reversed().first { (try? Parser.parse(make($0))) != nil })
        #expect(accepted >= Parser.maxNesting - 2, "a '\(name)' shape of \(accepted) levels should be accepted")
        #expect((try? Parser.parse(make(accepted + 1))) == nil)
        let source = make(accepted)
        let finished = runOnSmallStack {
            var env = Environment()
            env.declare("x", type: .int)
            env.declare("m", type: .dyn)
            env.declare("l", type: .dyn)
            guard let expr = try? Parser.parse(source) else { return false }
            _ = Checker.check(expr, source: source, in: env)
            guard let program = try? Program(compiling: expr, in: env) else { return true }
            _ = try? program.evaluate(Bindings(env, ["x": .int(1), "m": .map(CELMap()), "l": .list([])]), budget: Program.defaultBudget)
            return true
        }
        #expect(finished)
    }

    private func runOnSmallStack(_ body: @escaping @Sendable () -> Bool) -> Bool {
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        let thread = Thread {
            result.set(body())
            done.signal()
        }
        thread.stackSize = 1024 * 1024
        thread.start()
        done.wait()
        return result.get()
    }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set(_ v: Bool) { lock.withLock { value = v } }
    func get() -> Bool { lock.withLock { value } }
}
