import CaseflowSource

/// What a workflow's `kpi:` block says its moments and fields mean for the service-quality
/// report: which states or events are the first response, the resolution, a reopening, a further
/// contact from the customer, the customer confirming our answer; which fields give the channel
/// and the customer's tier; and, for a survey workflow (a revisit call), which case its scores
/// are about and where they are. The engine records the facts as each step happens.
public struct KPIDeclaration: Sendable {
    /// The calendar first response and resolution are also counted in (business time).
    public var calendar: Located<String>?
    /// States entered or events handled; the first one reached counts.
    public var firstResponse: [Located<String>]
    public var resolution: [Located<String>]
    /// After the resolution: the case was reopened (and so was not resolved on first contact).
    public var reopen: [Located<String>]
    /// A further contact from the customer; a resolution with none before it is a first-contact one.
    public var contact: [Located<String>]
    /// The customer confirmed what we told them (the complaint's closed loop).
    public var confirmed: [Located<String>]
    /// Case fields (strings) the report groups by.
    public var channel: Located<String>?
    public var tier: Located<String>?
    public var survey: SurveyDeclaration?
    public var location: SourceLocation

    public init(calendar: Located<String>? = nil, firstResponse: [Located<String>] = [], resolution: [Located<String>] = [],
                reopen: [Located<String>] = [], contact: [Located<String>] = [], confirmed: [Located<String>] = [],
                channel: Located<String>? = nil, tier: Located<String>? = nil, survey: SurveyDeclaration? = nil,
                location: SourceLocation) {
        self.calendar = calendar
        self.firstResponse = firstResponse
        self.resolution = resolution
        self.reopen = reopen
        self.contact = contact
        self.confirmed = confirmed
        self.channel = channel
        self.tier = tier
        self.survey = survey
        self.location = location
    }

    /// Every state or event name the block lists, with what it is for.
    public var moments: [(String, Located<String>)] {
        firstResponse.map { ("first_response", $0) } + resolution.map { ("resolution", $0) } + reopen.map { ("reopen", $0) }
            + contact.map { ("contact", $0) } + confirmed.map { ("confirmed", $0) }
            + (survey?.recovery ?? []).map { ("survey recovery", $0) }
    }
}

/// A survey workflow's scores: the case they are about (a field holding its id), the
/// satisfaction score (CSAT, 1–5) and the likelihood to recommend (NPS, 0–10), and the states or
/// events that mean a low score was followed up (a recovery call, a complaint).
public struct SurveyDeclaration: Sendable {
    public var follows: Located<String>
    public var csat: Located<String>?
    public var nps: Located<String>?
    public var recovery: [Located<String>]

    public init(follows: Located<String>, csat: Located<String>?, nps: Located<String>?, recovery: [Located<String>]) {
        self.follows = follows
        self.csat = csat
        self.nps = nps
        self.recovery = recovery
    }
}
