// libFuzzer target: bytes -> text -> Parser.parse -> Checker.check -> Program(compiling:in:)
// -> evaluate (with a small step budget), over variables of every kind and the calendar
// functions of two calendars. The result is printed and compared, as the engine does.
// Built by scripts/fuzz; see Fuzz/README.md.
//
// Thrown errors (syntax, type, evaluation, budget) are the normal outcome; only a crash, a hang
// or a sanitizer report is a finding.
import CaseflowExpr
import CaseflowModel

/// A calendar file's worth of business calendars, so `period_end(…, 'cn')` and the other
/// calendar functions run on real data.
private let calendarsYAML = """
calendars:
  cn:
    timezone: Asia/Shanghai
    rollover: false
    hours:
      mon-fri: ["09:00-12:00", "13:00-18:00"]
    holidays: [2026-01-01, 2026-01-02, 2026-01-03, 2026-10-01, 2026-10-02, 2026-10-03]
    workdays: [2026-01-04, 2026-10-10]
  eu:
    timezone: Europe/Berlin
    rollover: true
    hours:
      mon-fri: ["09:00-17:00"]
    holidays: [2026-12-25, 2026-12-26]

"""

private struct Fixture: Sendable {
    let environment: Environment
    let bindings: Bindings
}

private let fixture: Fixture = {
    var definitions = Definitions()
    var bag = DiagnosticBag()
    DefinitionLoader().load(text: calendarsYAML, path: "calendars.yaml", into: &definitions, bag: &bag)
    let (functions, problems) = definitions.functionTable()
    precondition(bag.items.isEmpty && problems.isEmpty && definitions.calendars.count == 2,
                 "the fuzz target's calendars do not load: \(bag.items + problems)")

    func ts(_ text: String) -> Value { .timestamp(Timestamp(rfc3339: text)!) }
    var nested = CELMap()
    nested.insert(.string("a"), .list([.int(1), .double(2.5), .string("x"), .null]))
    nested.insert(.string("b"), .map(CELMap()))
    nested.insert(.int(3), .bool(true))
    var attrs = CELMap()
    attrs.insert(.string("color"), .string("red"))
    attrs.insert(.string("size"), .string("M"))
    let values: [(String, CELType, Value?)] = [
        ("now", .timestamp, ts("2026-03-10T09:30:00+08:00")),
        ("order.delivered_at", .timestamp, ts("2026-02-27T18:00:00Z")),
        ("order.channel", .string, .string("online")),
        ("customer.tier", .string, .string("vip")),
        ("complaint.reopen_count", .int, .int(2)),
        ("order.serial", .uint, .uint(18_446_744_073_709_551_615)),
        ("request.amount", .double, .double(199.99)),
        ("repair.free", .bool, .bool(true)),
        ("request.photo", .bytes, .bytes([0x00, 0xFF, 0x41, 0x0A])),
        ("repair.window", .duration, .duration(CELDuration(seconds: 86_400 * 7)!)),
        ("values.never_returnable", .list(.string), .list([.string("fresh"), .string("customized")])),
        ("order.attrs", .map(.string, .string), .map(attrs)),
        ("data", .dyn, .map(nested)),
        ("refund.refunded_at", .timestamp, nil),  // declared, never set: `has()` and unbound reads
        ("name", .string, .string("José 😀 ß")),
    ]
    var environment = Environment(functions: functions)
    var named: [String: Value] = [:]
    for (name, type, value) in values {
        environment.declare(name, type: type)
        if let value { named[name] = value }
    }
    return Fixture(environment: environment, bindings: Bindings(environment, named))
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // Expressions come from YAML text, which is always valid Unicode; invalid UTF-8 is repaired
    // here (U+FFFD) rather than dropped, so the bytes still reach the lexer.
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let env = fixture.environment

    let expr: Expr
    do { expr = try Parser.parse(source) } catch { return 0 }
    _ = expr.description  // diagnostics print expressions back

    let checked = Checker.check(expr, source: source, in: env)
    for error in checked.errors { _ = error.description }

    // The engine compiles only checked expressions, but `Program(_:in:)` is public and skips
    // the checker, so the compiler and the evaluator must hold up without it too.
    let program: Program
    do { program = try Program(compiling: expr, in: env) } catch { return 0 }
    do {
        let value = try program.evaluate(fixture.bindings, budget: 10_000)
        _ = value.description
        _ = value == value
        _ = value.celEquals(value)
    } catch {
        _ = error.description
    }
    return 0
}
