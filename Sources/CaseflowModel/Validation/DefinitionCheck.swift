import CaseflowCalendar
import CaseflowSource
import CaseflowYAML

/// Loads and validates definition files in one step, as `caseflow validate` and the daemon's
/// reload do.
public enum DefinitionCheck {
    /// Definitions and every diagnostic about them, sorted by place.
    public struct Report: Sendable {
        public var definitions: Definitions
        public var diagnostics: [Diagnostic]
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Loads and validates the files under `paths`. With `today`, also warns (CF310) about
    /// each calendar whose holiday lists lack this year (or, from October, the next): the check depends on the
    /// date, so it is asked for, never implied (the library reads no clock).
    public static func run(paths: [String], today: CivilDate? = nil) -> Report {
        let loaded = DefinitionLoader().load(paths: paths)
        let (functions, calendarProblems) = loaded.definitions.functionTable()
        let checked = Validator(functions: functions).validate(loaded.definitions)
        let years = today.map { calendarGaps(loaded.definitions, asOf: $0).map(\.diagnostic) } ?? []
        let all = (loaded.diagnostics + calendarProblems + checked + years).sorted { ($0.location, $0.code.id) < ($1.location, $1.code.id) }
        return Report(definitions: loaded.definitions, diagnostics: all)
    }

    /// A calendar whose holiday lists lack a year about to be used.
    public struct CalendarGap: Sendable {
        public var calendar: String
        /// This year, the next, or both.
        public var years: [Int]
        public var location: SourceLocation

        /// The CF310 warning that says so.
        public var diagnostic: Diagnostic {
            let text = years.map(String.init).joined(separator: " and ")
            return Diagnostic(.calendarYearMissing, .warning, at: location,
                              "calendar '\(calendar)' lists no public holidays or make-up days for \(text): business hours, due times and SLAs in \(text) will count its holidays as working days; add the year's dates under 'holidays:' and 'workdays:' once they are published")
        }
    }

    /// Each calendar that lists holidays but lacks a year it must cover on `date` (its year,
    /// and from October the next; ``BusinessCalendar/missingYears(asOf:)``).
    public static func calendarGaps(_ definitions: Definitions, asOf date: CivilDate) -> [CalendarGap] {
        let (calendars, _) = definitions.businessCalendars()
        return definitions.calendars.compactMap { c -> CalendarGap? in
            guard let missing = calendars[c.name]?.missingYears(asOf: date), !missing.isEmpty else { return nil }
            return CalendarGap(calendar: c.name, years: missing, location: c.location)
        }
    }
}
