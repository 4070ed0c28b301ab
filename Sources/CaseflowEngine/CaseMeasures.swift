import CaseflowExpr

/// A case's service-quality facts so far, kept with its state and advanced by each step as the
/// workflow's `kpi:` block says: when it was first answered and resolved (on the clock and in
/// business time), whether on first contact, how often reopened, and, for a survey, the scores
/// and the case they are about. The store writes them as the case's report row with the step,
/// so a report reads rows rather than decoding history.
public struct CaseMeasures: Sendable, Equatable, Codable {
    public var closedAt: Timestamp?
    /// The queue of the case's first task.
    public var queue: String?
    public var channel: String?
    public var tier: String?
    /// Who held (or, held by no one, completed) the last task completed or claimed up to the
    /// resolution.
    public var assignee: String?
    public var firstResponseAt: Timestamp?
    /// Business seconds from opening to the first response, in the `kpi:` calendar.
    public var firstResponseBusiness: Int64?
    public var resolvedAt: Timestamp?
    public var resolutionBusiness: Int64?
    /// Further contacts from the customer before the resolution.
    public var contacts: Int = 0
    /// Resolved with no further contact; false once reopened. Nil until resolved.
    public var firstContact: Bool?
    public var reopens: Int = 0
    /// The customer confirmed what we told them: nil for a workflow that declares no such
    /// moment, false until then.
    public var confirmed: Bool?
    /// A survey's: the case it is about, its scores, when the first was given, and whether a
    /// recovery followed.
    public var surveyOf: String?
    public var csat: Int?
    public var nps: Int?
    public var answeredAt: Timestamp?
    public var recovered: Bool = false

    public init() {}
}

/// One SLA's result for a case, as the report counts it: met, or breached (a breach is final:
/// the SLA stays breached even if the case later reaches its target). `at` is when it was met,
/// or the deadline it missed.
public struct SLAOutcome: Sendable, Equatable {
    public var caseID: String
    public var sla: String
    public var met: Bool
    public var at: Timestamp

    public init(caseID: String, sla: String, met: Bool, at: Timestamp) {
        self.caseID = caseID
        self.sla = sla
        self.met = met
        self.at = at
    }
}

/// What a step writes for the report: the case's row when its facts changed, and the SLA
/// results it settled.
public struct KPIFacts: Sendable {
    /// The case's row: its id, workflow, opening and facts (nil when the step changed none).
    public var row: KPIRow?
    public var slaOutcomes: [SLAOutcome]
}

/// A case's row in the report tables.
public struct KPIRow: Sendable, Equatable {
    public var caseID: String
    public var workflow: String
    public var openedAt: Timestamp
    public var measures: CaseMeasures

    public init(caseID: String, workflow: String, openedAt: Timestamp, measures: CaseMeasures) {
        self.caseID = caseID
        self.workflow = workflow
        self.openedAt = openedAt
        self.measures = measures
    }
}

extension Step {
    /// The report facts of this step: the case's row when it is new or its facts changed, and
    /// each SLA met or breached in it.
    public var kpiFacts: KPIFacts {
        let c = after
        let measures = c.measures ?? CaseMeasures()
        let changed = before == nil || before?.measures != c.measures
        let row = changed ? KPIRow(caseID: c.id, workflow: c.workflow, openedAt: c.createdAt, measures: measures) : nil
        var outcomes: [SLAOutcome] = []
        for change in slaChanges {
            switch change.kind {
            case .met: outcomes.append(SLAOutcome(caseID: c.id, sla: change.sla, met: true, at: audit.at))
            case .breached: outcomes.append(SLAOutcome(caseID: c.id, sla: change.sla, met: false, at: change.deadline ?? audit.at))
            case .started, .paused, .resumed, .stopped, .warned: continue
            }
        }
        return KPIFacts(row: row, slaOutcomes: outcomes)
    }
}
