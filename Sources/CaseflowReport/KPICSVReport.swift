/// A report as CSV (RFC 4180) for a spreadsheet: a header, the total (its key columns empty,
/// `group` = total), then one row per group. Each SLA of any group has its three columns.
public enum KPICSVReport {
    public static func render(_ r: KPIReport) -> String {
        let keyNames = r.query.groupBy.map(\.rawValue) + (r.query.period.map { [$0.rawValue] } ?? [])
        let slaNames = Set(([r.total] + r.groups.map(\.figures)).flatMap(\.sla.keys)).sorted()
        var header = ["group"] + keyNames + ["opened", "closed", "backlog"] + KPIFigures.agingBuckets.map { "aging_" + $0 }
        for t in ["first_response", "resolution"] {
            header += ["count", "median_s", "p90_s", "business_median_s", "business_p90_s"].map { "\(t)_\($0)" }
        }
        for name in slaNames { header += ["met", "breached", "rate"].map { "sla_\(name)_\($0)" } }
        header += ["fcr_resolved", "fcr_first_contact", "fcr_rate", "reopen_resolved", "reopen_reopened", "reopen_rate",
                   "csat_answers", "csat_satisfied", "csat_score", "nps_answers", "nps_promoters", "nps_detractors", "nps_score",
                   "survey_closed", "survey_answered", "survey_response_rate", "complaints_closed", "complaints_confirmed",
                   "closed_loop_rate", "low_scores", "low_scores_followed_up", "low_scores_followed_up_rate"]
        var lines = [header.map(field).joined(separator: ",")]
        func number(_ d: Double?) -> String { d.map { KPIFormatting.fixed($0, $0 == $0.rounded() ? 0 : 4) } ?? "" }
        func row(_ name: String, _ key: [String], _ f: KPIFigures) {
            var cells = [name] + key + [f.opened, f.closed, f.backlog].map(String.init) + f.aging.map(String.init)
            for t in [f.firstResponse, f.resolution] {
                cells += [String(t.count), number(t.median), number(t.p90), number(t.businessMedian), number(t.businessP90)]
            }
            for name in slaNames {
                let s = f.sla[name] ?? KPISLAFigures()
                cells += [String(s.met), String(s.breached), number(s.rate)]
            }
            cells += [String(f.fcr.whole), String(f.fcr.part), number(f.fcr.rate), String(f.reopen.whole), String(f.reopen.part), number(f.reopen.rate),
                      String(f.csat.whole), String(f.csat.part), number(f.csat.rate),
                      String(f.nps.answers), String(f.nps.promoters), String(f.nps.detractors), number(f.nps.score),
                      String(f.survey.whole), String(f.survey.part), number(f.survey.rate),
                      String(f.closedLoop.whole), String(f.closedLoop.part), number(f.closedLoop.rate),
                      String(f.lowScores.whole), String(f.lowScores.part), number(f.lowScores.rate)]
            lines.append(cells.map(field).joined(separator: ","))
        }
        row("total", keyNames.map { _ in "" }, r.total)
        for g in r.groups { row("group", g.key.map(\.value), g.figures) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A field, quoted when it holds a comma, quote or line break (quotes doubled).
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
