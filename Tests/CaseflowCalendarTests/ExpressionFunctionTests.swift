import Testing
import CaseflowExpr
@testable import CaseflowCalendar

@Suite struct ExpressionFunctionTests {
    /// An environment with `now`, `t` and `u` declared as timestamps and the cn and eu calendars.
    private func environment() throws -> Environment {
        var env = Environment()
        env.functions.registerCalendarFunctions(["cn": try china(), "eu": try germany()])
        for name in ["now", "t", "u"] { env.declare(name, type: .timestamp) }
        return env
    }

    private func run(_ source: String, _ values: [String: Timestamp]) throws -> Value {
        let env = try environment()
        let checked = Checker.check(try Parser.parse(source), source: source, in: env)
        #expect(checked.errors.isEmpty, "\(checked.errors)")
        return try Program(source, in: env).evaluate(Bindings(env, values.mapValues(Value.timestamp)))
    }

    @Test func aRuleReadsPeriodEndTheWayTheLawCounts() throws {
        let rule = "now <= period_end(t, 7, 'cn')"
        let signed = try ts("2026-03-02T10:00:00+08:00")
        #expect(try run(rule, ["t": signed, "now": try ts("2026-03-09T23:59:00+08:00")]).boolValue == true)
        #expect(try run(rule, ["t": signed, "now": try ts("2026-03-10T00:00:01+08:00")]).boolValue == false)
        #expect(try run("now <= t + duration('168h')", ["t": signed, "now": try ts("2026-03-09T23:59:00+08:00")]).boolValue == false)
        #expect(try run("period_end(t, 14, 'eu') == timestamp('2026-06-22T22:00:00Z')", ["t": try ts("2026-06-06T11:00:00+02:00")]).boolValue == true)
    }

    @Test func calendarDaysBetweenTakesAZoneAnOffsetOrACalendar() throws {
        // 23:30 and 00:30 in Shanghai are 15:30Z and 16:30Z on the same UTC date.
        let values = ["t": try ts("2026-03-01T23:30:00+08:00"), "u": try ts("2026-03-02T00:30:00+08:00")]
        #expect(try run("calendar_days_between(t, u, 'Asia/Shanghai')", values).celEquals(.int(1)))
        #expect(try run("calendar_days_between(t, u, '+08:00')", values).celEquals(.int(1)))
        #expect(try run("calendar_days_between(t, u, 'cn')", values).celEquals(.int(1)))
        #expect(try run("calendar_days_between(t, u, 'UTC')", values).celEquals(.int(0)))
        #expect(try run("calendar_days_between(u, t, 'Asia/Shanghai')", values).celEquals(.int(-1)))
        // 07:30 and 08:30 in Shanghai straddle midnight UTC instead.
        let morning = ["t": try ts("2026-03-02T07:30:00+08:00"), "u": try ts("2026-03-02T08:30:00+08:00")]
        #expect(try run("calendar_days_between(t, u, 'Asia/Shanghai')", morning).celEquals(.int(0)))
        #expect(try run("calendar_days_between(t, u, 'UTC')", morning).celEquals(.int(1)))
    }

    @Test func workingDaysAndBusinessHoursInExpressions() throws {
        let friday = try ts("2026-02-13T10:30:00+08:00")
        #expect(try run("add_working_days(t, 2, 'cn') == timestamp('2026-02-24T10:30:00+08:00')", ["t": friday]).boolValue == true)
        let values = ["t": try ts("2026-03-06T11:00:00+08:00"), "u": try ts("2026-03-09T14:00:00+08:00")]
        #expect(try run("business_hours_between(t, u, 'cn') == duration('10h')", values).boolValue == true)
        let sla = "add_business_hours(t, now > t ? duration('4h') : duration('24h'), 'cn')"
        #expect(try run(sla, ["t": try ts("2026-03-07T20:00:00+08:00"), "now": try ts("2026-03-08T00:00:00+08:00")])
            .celEquals(.timestamp(try ts("2026-03-09T14:00:00+08:00"))))
    }

    @Test func anUnknownCalendarNamesItselfAndTheKnownOnes() throws {
        #expect {
            try run("period_end(t, 7, 'jp')", ["t": try ts("2026-03-02T10:00:00+08:00")])
        } throws: { error in
            guard let error = error as? EvalError else { return false }
            return error.kind == .invalidArgument && error.message == "unknown calendar 'jp' (known calendars: 'cn', 'eu')"
        }
        #expect {
            try run("calendar_days_between(t, t, 'Mars/Olympus')", ["t": try ts("2026-03-02T10:00:00+08:00")])
        } throws: { error in
            guard let error = error as? EvalError else { return false }
            return error.kind == .invalidArgument && error.message.contains("'Mars/Olympus'") && error.message.contains("'cn', 'eu'")
        }
    }

    @Test func calendarErrorsSurfaceAsEvaluationErrors() throws {
        #expect {
            try run("period_end(t, -1, 'cn')", ["t": try ts("2026-03-02T10:00:00+08:00")])
        } throws: { ($0 as? EvalError)?.kind == .invalidArgument }
        #expect {
            try run("add_business_hours(t, duration('-1h'), 'cn')", ["t": try ts("2026-03-02T10:00:00+08:00")])
        } throws: { ($0 as? EvalError)?.kind == .invalidArgument }
        #expect {
            try run("period_end(t, 7, 'cn')", ["t": try ts("9999-12-30T10:00:00Z")])
        } throws: { ($0 as? EvalError)?.kind == .outOfRange }
    }

    @Test func theCheckerKnowsTheSignatures() throws {
        let env = try environment()
        let source = "period_end(t, '7', 'cn')"
        #expect(!Checker.check(try Parser.parse(source), source: source, in: env).errors.isEmpty)
    }
}
