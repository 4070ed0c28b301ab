import CaseflowCalendar
import CaseflowExpr
import CaseflowModel

/// The `kpi:` block as the engine looks it up: each moment's role by name.
struct CompiledKPI: Sendable {
    let calendar: String?
    let firstResponse: Set<String>
    let resolution: Set<String>
    let reopen: Set<String>
    let contact: Set<String>
    let confirmed: Set<String>
    let recovery: Set<String>
    let channel: String?
    let tier: String?
    let survey: SurveyDeclaration?
    /// Every name above, so a step asks once whether a moment matters.
    let all: Set<String>

    init(_ d: KPIDeclaration?) {
        func set(_ names: [Located<String>]) -> Set<String> { Set(names.map(\.value)) }
        calendar = d?.calendar?.value
        firstResponse = set(d?.firstResponse ?? [])
        resolution = set(d?.resolution ?? [])
        reopen = set(d?.reopen ?? [])
        contact = set(d?.contact ?? [])
        confirmed = set(d?.confirmed ?? [])
        recovery = set(d?.survey?.recovery ?? [])
        channel = d?.channel?.value
        tier = d?.tier?.value
        survey = d?.survey
        all = firstResponse.union(resolution).union(reopen).union(contact).union(confirmed).union(recovery)
    }
}

/// Service-quality facts: each state entered and event handled is checked against the
/// workflow's `kpi:` moments, and the case's grouping fields and survey scores are read when
/// the step finishes.
extension StepRun {
    /// A state was entered or an event handled.
    mutating func measureMoment(_ name: String) {
        let kpi = compiled.kpi
        guard kpi.all.contains(name) else { return }
        var m = caseState.measures ?? CaseMeasures()
        if kpi.firstResponse.contains(name), m.firstResponseAt == nil {
            m.firstResponseAt = now
            m.firstResponseBusiness = businessSeconds(since: caseState.createdAt)
        }
        if kpi.contact.contains(name), m.resolvedAt == nil { m.contacts += 1 }
        if kpi.resolution.contains(name), m.resolvedAt == nil {
            m.resolvedAt = now
            m.resolutionBusiness = businessSeconds(since: caseState.createdAt)
            m.firstContact = m.contacts == 0
            if let holder = completedBy, !holder.isEmpty { m.assignee = holder }
        } else if kpi.reopen.contains(name), m.resolvedAt != nil {
            m.reopens += 1
            m.firstContact = false
        }
        if kpi.confirmed.contains(name) { m.confirmed = true }
        if kpi.recovery.contains(name) { m.recovered = true }
        caseState.measures = m
    }

    /// At the end of the step: the grouping fields, who holds the work, the survey's scores, and
    /// the closing.
    mutating func measureFinish(wasClosed: Bool) {
        let kpi = compiled.kpi
        var m = caseState.measures ?? CaseMeasures()
        let data = caseState.data
        // An empty text is no value, and a score out of its scale is no answer: both stores
        // then keep the same row.
        func text(_ field: String?) -> String? {
            guard let field, case .string(let s)? = data[field], !s.isEmpty else { return nil }
            return s
        }
        func score(_ field: Located<String>?, _ scale: ClosedRange<Int64>) -> Int? {
            guard let field, case .int(let n)? = data[field.value], scale.contains(n) else { return nil }
            return Int(n)
        }
        if let channel = text(kpi.channel) { m.channel = channel }
        if let tier = text(kpi.tier) { m.tier = tier }
        if m.queue == nil { m.queue = step.openedTasks.first(where: { $0.queue?.isEmpty == false })?.queue }
        if m.resolvedAt == nil, let holder = completedBy, !holder.isEmpty { m.assignee = holder }
        if let survey = kpi.survey {
            m.surveyOf = text(survey.follows.value)
            let csat = score(survey.csat, 1...5), nps = score(survey.nps, 0...10)
            if m.answeredAt == nil, csat != nil || nps != nil { m.answeredAt = now }
            if let csat { m.csat = csat }
            if let nps { m.nps = nps }
        }
        if !kpi.confirmed.isEmpty, m.confirmed == nil { m.confirmed = false }
        if caseState.isClosed, !wasClosed { m.closedAt = now }
        caseState.measures = m
    }

    /// Business time from `start` to now in the `kpi:` calendar; nil without one.
    private func businessSeconds(since start: Timestamp) -> Int64? {
        guard let name = compiled.kpi.calendar, let calendar = compiled.calendars[name] else { return nil }
        return try? calendar.businessHoursBetween(start, now).seconds
    }
}
