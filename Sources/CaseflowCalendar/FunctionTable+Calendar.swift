import CaseflowExpr

public extension FunctionTable {
    /// Adds the calendar functions, with `calendars` keyed by the names expressions use:
    ///
    /// - `period_end(timestamp, int, string) -> timestamp`: ``BusinessCalendar/periodEnd(start:days:)``
    /// - `calendar_days_between(timestamp, timestamp, string) -> int`: ``calendarDaysBetween(_:_:in:)``;
    ///   the string is a registered calendar's name (its zone is used) or else a time zone
    ///   (`Asia/Shanghai`, `UTC`, `+08:00`). A calendar name wins where both would match.
    /// - `add_working_days(timestamp, int, string) -> timestamp`: ``BusinessCalendar/addWorkingDays(_:_:)``
    /// - `business_hours_between(timestamp, timestamp, string) -> duration`: ``BusinessCalendar/businessHoursBetween(_:_:)``
    /// - `add_business_hours(timestamp, duration, string) -> timestamp`: ``BusinessCalendar/addBusinessHours(_:_:)``
    /// - `add_months(timestamp, int, string) -> timestamp`: ``BusinessCalendar/addMonths(_:_:)``
    /// - `period_end_months(timestamp, int, string) -> timestamp`: ``BusinessCalendar/periodEndMonths(start:months:)``
    /// - `day_end(timestamp, string) -> timestamp`: ``dayEnd(_:in:)``; the string is a calendar or a zone
    ///
    /// The calendars are captured now, so a reload builds a new table rather than mutating one
    /// that running programs share. An unknown calendar name is an `invalid_argument` error that
    /// lists the known ones.
    mutating func registerCalendarFunctions(_ calendars: [String: BusinessCalendar]) {
        let known = calendars.keys.sorted()
        @Sendable func calendar(_ name: String) throws(EvalError) -> BusinessCalendar {
            guard let calendar = calendars[name] else {
                let list = known.isEmpty ? "no calendars are defined" : "known calendars: " + known.map { "'\($0)'" }.joined(separator: ", ")
                throw EvalError(.invalidArgument, "unknown calendar '\(name)' (\(list))")
            }
            return calendar
        }
        @Sendable func zone(_ text: String) throws(EvalError) -> ZoneRule {
            if let calendar = calendars[text] { return calendar.zone }
            guard let zone = ZoneRule(text) else {
                let names = known.isEmpty ? "" : ", or a calendar name (" + known.map { "'\($0)'" }.joined(separator: ", ") + ")"
                throw EvalError(.invalidArgument, "unknown time zone or calendar '\(text)': use an IANA name such as 'Asia/Shanghai', an offset such as '+08:00'\(names)")
            }
            return zone
        }

        /// Registers a function whose last argument names a calendar; with a literal name the
        /// calendar is looked up once, when the expression is compiled.
        func withCalendar(_ name: String, _ parameters: [CELType], returns result: CELType,
                          _ run: @escaping @Sendable (BusinessCalendar, Value, Value) throws(EvalError) -> Value) {
            register3(name, parameters, returns: result, binder: { constants throws(EvalError) in
                guard case .string(let calendarName)? = constants.last ?? nil else { return nil }
                let bound = try calendar(calendarName)
                return { x, y, _ throws(EvalError) in try run(bound, x, y) }
            }) { x, y, z throws(EvalError) in
                guard case .string(let calendarName) = z else { throw mismatch(name, [x, y, z]) }
                return try run(try calendar(calendarName), x, y)
            }
        }

        withCalendar("period_end", [.timestamp, .int, .string], returns: .timestamp) { calendar, x, y throws(EvalError) in
            guard case .timestamp(let t) = x, case .int(let days) = y else { throw mismatch("period_end", [x, y]) }
            return .timestamp(try lift(calendar.periodEnd(start: t, days: Int(clamping: days))))
        }
        register("calendar_days_between", [.timestamp, .timestamp, .string], returns: .int) { a throws(EvalError) in
            guard case .timestamp(let x) = a[0], case .timestamp(let y) = a[1], case .string(let z) = a[2] else { throw mismatch("calendar_days_between", a) }
            return .int(Int64(calendarDaysBetween(x, y, in: try zone(z))))
        }
        withCalendar("add_working_days", [.timestamp, .int, .string], returns: .timestamp) { calendar, x, y throws(EvalError) in
            guard case .timestamp(let t) = x, case .int(let n) = y else { throw mismatch("add_working_days", [x, y]) }
            return .timestamp(try lift(calendar.addWorkingDays(t, Int(clamping: n))))
        }
        withCalendar("business_hours_between", [.timestamp, .timestamp, .string], returns: .duration) { calendar, x, y throws(EvalError) in
            guard case .timestamp(let a) = x, case .timestamp(let b) = y else { throw mismatch("business_hours_between", [x, y]) }
            return .duration(try lift(calendar.businessHoursBetween(a, b)))
        }
        withCalendar("add_business_hours", [.timestamp, .duration, .string], returns: .timestamp) { calendar, x, y throws(EvalError) in
            guard case .timestamp(let t) = x, case .duration(let d) = y else { throw mismatch("add_business_hours", [x, y]) }
            return .timestamp(try lift(calendar.addBusinessHours(t, d)))
        }
        withCalendar("add_months", [.timestamp, .int, .string], returns: .timestamp) { calendar, x, y throws(EvalError) in
            guard case .timestamp(let t) = x, case .int(let n) = y else { throw mismatch("add_months", [x, y]) }
            return .timestamp(try lift(calendar.addMonths(t, Int(clamping: n))))
        }
        withCalendar("period_end_months", [.timestamp, .int, .string], returns: .timestamp) { calendar, x, y throws(EvalError) in
            guard case .timestamp(let t) = x, case .int(let months) = y else { throw mismatch("period_end_months", [x, y]) }
            return .timestamp(try lift(calendar.periodEndMonths(start: t, months: Int(clamping: months))))
        }
        register("day_end", [.timestamp, .string], returns: .timestamp) { a throws(EvalError) in
            guard case .timestamp(let t) = a[0], case .string(let z) = a[1] else { throw mismatch("day_end", a) }
            guard let end = dayEnd(t, in: try zone(z)) else {
                throw EvalError(.outOfRange, "day_end: the end of \(t.rfc3339)'s day lies past the year 9999")
            }
            return .timestamp(end)
        }
    }
}

/// Runs a calendar computation inside an expression function, turning its error into an
/// ``EvalError`` with the same message.
private func lift<T>(_ body: @autoclosure () throws(CalendarError) -> T) throws(EvalError) -> T {
    do { return try body() } catch { throw error.evalError }
}

/// The error for arguments of the wrong kinds, worded as CaseflowExpr words its own.
private func mismatch(_ name: String, _ args: [Value]) -> EvalError {
    EvalError(.noMatchingOverload, "no matching overload for '\(name)' applied to (\(args.map(\.kindName).joined(separator: ", ")))")
}
