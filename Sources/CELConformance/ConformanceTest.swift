import CaseflowExpr
import Foundation

/// One cel-spec `SimpleTestFile`: named sections of tests.
struct ConformanceFile: Sendable {
    /// The file name without `.textproto`; the first part of each test id.
    var name: String
    var sections: [ConformanceSection]
}

/// A `section` of a test file.
struct ConformanceSection: Sendable {
    var name: String
    var tests: [ConformanceTest]
}

/// What a test expects.
enum Expectation: Sendable {
    /// The expression evaluates to this value.
    case value(Value)
    /// Checking or evaluating fails; any error matches (message text is not normative).
    case error
}

/// One `SimpleTest`, decoded into CaseflowExpr terms.
struct ConformanceTest: Sendable {
    /// `file/section/test`, as in the profile.
    var id: String
    var expr: String
    /// `disable_check: true`: evaluate without running the type checker first.
    var disableCheck: Bool
    /// Variables declared by `type_env`, in order.
    var declarations: [(name: String, type: CELType)]
    /// Variables bound by `bindings`, in order.
    var bindings: [(name: String, value: Value)]
    var expectation: Expectation
    /// Why CaseflowExpr cannot run this test at all (protobuf messages, a container, a field the
    /// runner does not support), or nil. Such tests are always skipped, whatever the profile says.
    var unsupported: String?

    /// A test that cannot run; the other fields are placeholders.
    static func unsupported(id: String, expr: String, reason: String) -> ConformanceTest {
        ConformanceTest(id: id, expr: expr, disableCheck: false, declarations: [], bindings: [],
                        expectation: .error, unsupported: reason)
    }

    /// Why the expression looks like it needs protobuf messages, or nil. Only a hint: the profile,
    /// when it lists the test, decides instead.
    var protoHint: String? {
        for marker in ["TestAllTypes", "cel.expr.conformance"] where expr.contains(marker) {
            return "expression names protobuf type '\(marker)'"
        }
        var rest = Substring(expr)
        while let r = rest.range(of: "google.protobuf.") {
            rest = rest[r.upperBound...]
            let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if name != "Timestamp" && name != "Duration" {
                return "expression names protobuf type 'google.protobuf.\(name)'"
            }
        }
        // A message literal: a capitalised name followed by '{'.
        var previous: Character = " "
        for (k, c) in zip(expr.indices, expr) {
            defer { previous = c }
            guard c.isUppercase, !(previous.isLetter || previous.isNumber || previous == "_") else { continue }
            let after = expr[k...].drop { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
            if after.drop(while: \.isWhitespace).first == "{" { return "expression has a message literal" }
        }
        return nil
    }
}
