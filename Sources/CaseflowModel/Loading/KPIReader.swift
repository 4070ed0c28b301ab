import CaseflowYAML

/// Reads a workflow's `kpi:` block (``KPIDeclaration``).
extension Reader {
    static let kpiKeys = ["calendar", "first_response", "resolution", "reopen", "contact", "confirmed", "channel", "tier", "survey"]

    mutating func kpi(_ node: YAMLNode) -> KPIDeclaration? {
        guard mapping(node, "'kpi'") != nil else { return nil }
        checkKeys(node, allowed: Self.kpiKeys, in: "'kpi'")
        var survey: SurveyDeclaration?
        if let surveyNode = node["survey"], mapping(surveyNode, "'kpi: survey'") != nil {
            checkKeys(surveyNode, allowed: ["follows", "csat", "nps", "recovery"], in: "'kpi: survey'")
            if let follows = located(require(surveyNode, "follows", in: "'kpi: survey' (the field holding the id of the case the survey is about)"), "the field") {
                survey = SurveyDeclaration(follows: follows, csat: located(surveyNode["csat"], "the CSAT field"),
                                           nps: located(surveyNode["nps"], "the NPS field"),
                                           recovery: names(surveyNode["recovery"], "a state or event"))
            }
        }
        return KPIDeclaration(
            calendar: located(node["calendar"], "the calendar"),
            firstResponse: names(node["first_response"], "a state or event"),
            resolution: names(node["resolution"], "a state or event"),
            reopen: names(node["reopen"], "a state or event"),
            contact: names(node["contact"], "a state or event"),
            confirmed: names(node["confirmed"], "a state or event"),
            channel: located(node["channel"], "the channel field"),
            tier: located(node["tier"], "the tier field"),
            survey: survey,
            location: node.location)
    }
}
