/// A report as text for a terminal: the total, then each group, one measure a line.
public enum KPITextReport {
    public static func render(_ r: KPIReport) -> String {
        typealias F = KPIFormatting
        var out = "Service quality \(F.date(r.query.from, r.query.zone)) – \(F.date(r.query.to, r.query.zone)) (\(r.query.zone.name))\n"
        func section(_ title: String, _ f: KPIFigures) {
            out += "\n\(title)\n"
            func line(_ name: String, _ text: String) {
                out += "  " + name + String(repeating: " ", count: max(1, 17 - name.count)) + text + "\n"
            }
            let aging = zip(["<1d", "1–3d", "3–7d", "7–30d", ">30d"], f.aging).map { "\($0) \($1)" }.joined(separator: " · ")
            line("Volume", "opened \(f.opened) · closed \(f.closed) · backlog \(f.backlog) (\(aging))")
            func times(_ t: KPITimes) -> String {
                guard t.count > 0 else { return "none" }
                var text = "\(t.count) · median \(F.duration(t.median)) · p90 \(F.duration(t.p90))"
                if t.businessMedian != nil { text += " (business hours: median \(F.duration(t.businessMedian)) · p90 \(F.duration(t.businessP90)))" }
                return text
            }
            line("First response", times(f.firstResponse))
            line("Resolution", times(f.resolution))
            if f.sla.isEmpty { line("SLA", "none settled") }
            for name in f.sla.keys.sorted() {
                guard let s = f.sla[name] else { continue }
                line("SLA " + name, "\(F.percent(s.rate)) kept (\(s.met) met, \(s.breached) breached)")
            }
            line("FCR", "\(F.percent(f.fcr.rate)) (\(f.fcr.part) of \(f.fcr.whole) resolved on first contact)")
            line("Reopened", "\(F.percent(f.reopen.rate)) (\(f.reopen.part) of \(f.reopen.whole) resolved)")
            line("CSAT", "\(F.percent(f.csat.rate)) (\(f.csat.part) of \(f.csat.whole) answers 4–5)")
            line("NPS", "\(F.nps(f.nps.score)) (\(f.nps.answers) answers: \(f.nps.promoters) promoters, \(f.nps.detractors) detractors)")
            line("Surveys answered", "\(F.percent(f.survey.rate)) (\(f.survey.part) of \(f.survey.whole) closed)")
            line("Closed loop", "\(F.percent(f.closedLoop.rate)) of complaints confirmed (\(f.closedLoop.part) of \(f.closedLoop.whole)) · low scores followed up \(F.percent(f.lowScores.rate)) (\(f.lowScores.part) of \(f.lowScores.whole))")
        }
        section("Total", r.total)
        for g in r.groups { section(F.keyText(g.key), g.figures) }
        return out
    }
}
