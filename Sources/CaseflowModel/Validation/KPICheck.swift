import CaseflowExpr
import CaseflowSource
import CaseflowYAML

/// `kpi:` checks: each moment is a state or an event of the workflow, each field is one a case
/// of it may carry and of the type the report reads (channel and tier strings, the survey's link
/// a string, its scores ints), and the calendar is defined.
enum KPICheck {
    static func run(_ w: Workflow, _ d: Definitions, _ bag: inout DiagnosticBag) {
        guard let kpi = w.kpi else { return }
        let states = Set(w.states.map(\.name))
        let events = Set(w.events.map(\.name)).union(w.allTasks.flatMap(\.outcomes).map(\.value))
        for (role, name) in kpi.moments where !states.contains(name.value) && !events.contains(name.value) {
            bag.error(.unknownTarget, at: name.location, "kpi \(role) names '\(name.value)', which is neither a state nor an event of '\(w.id)'",
                      suggestion: Suggestion.closest(to: name.value, among: states.union(events)))
        }
        if let calendar = kpi.calendar, d.calendar(calendar.value) == nil {
            bag.error(.unknownCalendar, at: calendar.location, "unknown calendar '\(calendar.value)'",
                      suggestion: Suggestion.closest(to: calendar.value, among: d.calendars.map(\.name)))
        }
        if !kpi.resolution.isEmpty || !kpi.firstResponse.isEmpty, kpi.calendar == nil {
            bag.warning(.kpiField, at: kpi.location, "'kpi' gives no 'calendar:', so first response and resolution are measured in calendar time only; name the calendar of the workflow's SLAs (e.g. 'calendar: cn') to have business time too")
        }
        func field(_ name: Located<String>?, _ role: String, _ type: FieldType) {
            guard let name else { return }
            guard let f = w.field(name.value) ?? w.vocabulary.first(where: { $0.name == name.value }) else {
                bag.error(.unknownField, at: name.location, "kpi \(role) is '\(name.value)', which is no field of '\(w.id)' (or the vocabulary); declare it in 'case'",
                          suggestion: Suggestion.closest(to: name.value, among: w.fields.map(\.name)))
                return
            }
            if f.type != type {
                bag.error(.kpiField, at: name.location, "kpi \(role) '\(name.value)' is \(f.type.rawValue), but the report reads it as \(type.rawValue)")
            }
        }
        field(kpi.channel, "channel", .string)
        field(kpi.tier, "tier", .string)
        if let survey = kpi.survey {
            field(survey.follows, "survey follows", .string)
            field(survey.csat, "survey csat", .int)
            field(survey.nps, "survey nps", .int)
            if survey.csat == nil && survey.nps == nil {
                bag.error(.kpiField, at: survey.follows.location, "'kpi: survey' names neither 'csat:' nor 'nps:'; say which field holds the score")
            }
        }
    }
}
