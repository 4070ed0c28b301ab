import CaseflowExpr
import CaseflowSource
import CaseflowYAML
import Foundation

/// Builds the expression environments of a workflow or rule set: the case fields, `now`,
/// `case.id`, `rules.*`, `values.*`, and for event handlers `event.*`.
public struct ExpressionScope: Sendable {
    /// The environment for expressions outside event handlers.
    public let base: Environment

    /// Names every expression may use besides the case fields.
    public static let builtins: [(String, CELType)] = [("now", .timestamp), ("case.id", .string), ("case.state", .string)]

    /// The scope of a workflow; `functions` carries the calendar functions. Every vocabulary
    /// field is declared (after the schema's own), so that `has()` may test one a case carries.
    public init(workflow: Workflow, ruleSets: [RuleSet], functions: FunctionTable) {
        var env = Environment(functions: functions)
        for field in workflow.acceptedFields { env.declare(field.name, type: field.type.celType) }
        ExpressionScope.declareCommon(into: &env, ruleSets: ruleSets)
        base = env
    }

    /// The scope of a rule set's own rules: its fields, the vocabulary, values and rules.
    public init(ruleSet: RuleSet, functions: FunctionTable) {
        var env = Environment(functions: functions)
        for field in ruleSet.acceptedFields { env.declare(field.name, type: field.type.celType) }
        ExpressionScope.declareCommon(into: &env, ruleSets: [ruleSet])
        base = env
    }

    private static func declareCommon(into env: inout Environment, ruleSets: [RuleSet]) {
        for (name, type) in builtins { env.declare(name, type: type) }
        for set in ruleSets {
            for value in set.values { env.declare("values." + value.name, type: value.type) }
            for rule in set.rules { env.declare("rules." + rule.name, type: .bool) }
        }
    }

    /// The environment inside a handler of `event`: adds `event.FIELD` for its payload.
    public func handling(_ event: EventDefinition?) -> Environment {
        guard let event, !event.fields.isEmpty else { return base }
        var env = base
        for field in event.fields { env.declare("event." + field.name, type: field.type.celType) }
        return env
    }
}

/// Parses and type-checks one expression, turning its problems into located diagnostics.
enum ExpressionCheck {
    /// Checks `source` in `env`; returns the parsed expression and its type when it parses.
    @discardableResult
    static func check(_ source: ExpressionSource, in env: Environment, expecting: CELType?, what: String,
                      bag: inout DiagnosticBag) -> (expr: Expr, type: CELType)? {
        let expr: Expr
        do {
            expr = try Parser.parse(source.text)
        } catch {
            // `due: 24h` is a duration written as YAML text, not a CEL expression.
            let hint = CELDuration(text: source.text.trimmingCharacters(in: .whitespaces)) != nil
                ? "; to write a duration, use \"duration('\(source.text)')\"" : ""
            let code: DiagnosticCode = error.code == .fullWidthPunctuation ? .fullWidthPunctuation : .expressionSyntax
            bag.error(code, at: source.fileLocation(of: error.position), "syntax error in \(what): \(error.message)\(hint)")
            return nil
        }
        let result = Checker.check(expr, source: source.text, in: env, expecting: expecting)
        for error in result.errors {
            bag.append(diagnostic(error, source: source, what: what))
        }
        return (expr, result.type)
    }

    static func diagnostic(_ error: ExprError, source: ExpressionSource, what: String) -> Diagnostic {
        let location = source.fileLocation(of: error.position)
        let code: DiagnosticCode
        var message = error.message
        switch error.code {
        case .syntax, .unsupported: code = .expressionSyntax
        case .unknownIdentifier:
            code = .unknownName
            if message == "unknown name 'event'" {
                message = "this expression reads 'event', but the event it handles declares no fields; declare them under 'events:', e.g. goods_received: {fields: {received_at: timestamp}}"
            }
        case .unknownField:
            if message.contains("'rules.") { code = .unknownRule; message = message.replacingOccurrences(of: "unknown field", with: "unknown rule") }
            else if message.contains("'values.") { code = .unknownValue; message = message.replacingOccurrences(of: "unknown field", with: "unknown value") }
            else { code = .unknownField }
        case .unknownFunction: code = .unknownFunction
        case .noMatchingOverload, .typeMismatch: code = .typeMismatch
        case .notBool: code = .notBool
        case .invalidLiteral: code = .badLiteral
        case .fullWidthPunctuation: code = .fullWidthPunctuation
        }
        return Diagnostic(code, .error, at: location, "\(message) in \(what)", suggestion: error.suggestion)
    }
}
