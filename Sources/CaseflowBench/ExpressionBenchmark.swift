import CaseflowExpr
import CaseflowModel

/// Issue benchmark: evaluations per second of compiled expressions.
///
/// (a) the seven-day guard of DESIGN.md over a case with 20 fields, (b) a list macro over 50 items.
enum ExpressionBenchmark {
    static let sevenDayGuard = """
        order.channel == "online"
        && now <= period_end(order.delivered_at, 7, "cn")
        && !(product.category in values.no_reason_excluded)
        && request.condition == "intact"
        """

    static let listMacro = "items.all(i, i.qty > 0 && i.price >= 0.0) && items.exists(i, i.sku.startsWith('P-'))"

    static func caseFields() -> [String: Value] {
        var fields: [String: Value] = [
            "order.channel": .string("online"),
            "order.id": .string("SO-2026-0001"),
            "order.delivered_at": Timestamp(rfc3339: "2026-03-02T10:00:00+08:00").map(Value.timestamp) ?? .null,
            "order.paid_at": Timestamp(rfc3339: "2026-02-27T09:00:00+08:00").map(Value.timestamp) ?? .null,
            "product.category": .string("phone"),
            "product.sku": .string("P-1001"),
            "request.condition": .string("intact"),
            "request.kind": .string("return"),
            "customer.id": .string("C-1"),
            "customer.tier": .string("standard"),
            "now": Timestamp(rfc3339: "2026-03-09T23:59:00+08:00").map(Value.timestamp) ?? .null,
            "values.no_reason_excluded": .list(["customized", "fresh", "digital_unsealed", "periodical"].map(Value.string)),
        ]
        for k in 0..<8 { fields["extra.field\(k)"] = .int(Int64(k)) }
        return fields
    }

    static func run(seconds: Double, only: String? = nil) throws -> [Measurement] {
        // The calendar functions over the shipped calendars (rules/calendars.yaml), as in production.
        let loaded = DefinitionLoader().load(paths: ["rules"])
        let (functions, problems) = loaded.definitions.functionTable()
        guard loaded.definitions.calendar("cn") != nil, problems.isEmpty else {
            throw EvalError(.invalidArgument, "run from the repository root: the benchmark needs rules/calendars.yaml")
        }
        var env = Environment(functions: functions)
        let fields = caseFields()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) { env.declare(name, type: value.celType) }
        let activation = Bindings(env, fields)
        let guardProgram = try Program(sevenDayGuard, in: env)
        guard try guardProgram.evaluate(activation).boolValue == true else {
            throw EvalError(.invalidArgument, "benchmark guard should hold on its sample case")
        }
        let a = try Measurement.run("(a) seven-day guard, 20-field case", seconds: seconds) {
            _ = try guardProgram.evaluate(activation)
        }
        if only == "a" { return [a] }

        var listEnv = Environment()
        listEnv.declare("items", type: .list(.map(.string, .dyn)))
        let items: [Value] = (0..<50).map { k in
            var m = CELMap()
            m.insert(.string("sku"), .string(k == 49 ? "P-\(k)" : "X-\(k)"))
            m.insert(.string("qty"), .int(Int64(k + 1)))
            m.insert(.string("price"), .double(Double(k) * 1.5))
            return .map(m)
        }
        let listProgram = try Program(listMacro, in: listEnv)
        let listActivation = Bindings(listEnv, ["items": .list(items)])
        guard try listProgram.evaluate(listActivation).boolValue == true else {
            throw EvalError(.invalidArgument, "benchmark macro should hold on its sample list")
        }
        let b = try Measurement.run("(b) all+exists macros over 50 items", seconds: seconds, batch: 1_000) {
            _ = try listProgram.evaluate(listActivation)
        }
        return [a, b]
    }
}
