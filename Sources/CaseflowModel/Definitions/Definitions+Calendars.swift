import CaseflowCalendar
import CaseflowExpr

extension Definitions {
    /// The calendars as ready-to-use values, and a located diagnostic for each that is invalid
    /// (an unknown zone, overlapping hours, a date that is both holiday and workday …).
    public func businessCalendars() -> (calendars: [String: BusinessCalendar], diagnostics: [Diagnostic]) {
        var result: [String: BusinessCalendar] = [:]
        var diagnostics: [Diagnostic] = []
        for c in calendars {
            // A bad zone or date is reported where it is written, by the reader.
            if ZoneRule(c.timezone.value) == nil || (c.holidays + c.workdays).contains(where: { CivilDate(iso: $0.value) == nil }) { continue }
            do {
                result[c.name] = try BusinessCalendar(name: c.name, zone: c.timezone.value, weeklyHours: c.hours,
                                                      holidays: c.holidays.map(\.value), makeUpDays: c.workdays.map(\.value),
                                                      rollover: c.rollover)
            } catch {
                diagnostics.append(Diagnostic(.badValue, .error, at: c.location, error.message))
            }
        }
        return (result, diagnostics)
    }

    /// The standard functions plus the calendar functions over these calendars.
    public func functionTable() -> (functions: FunctionTable, diagnostics: [Diagnostic]) {
        let (calendars, diagnostics) = businessCalendars()
        return (Self.functionTable(for: calendars), diagnostics)
    }

    /// The standard functions plus the calendar functions over calendars already built.
    public static func functionTable(for calendars: [String: BusinessCalendar]) -> FunctionTable {
        var table = FunctionTable.standard
        table.registerCalendarFunctions(calendars)
        return table
    }
}
