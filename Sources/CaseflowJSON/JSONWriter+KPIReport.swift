import CaseflowExpr
import CaseflowReport

/// The wire form of a service-quality report (`GET /v1/reports/kpi`, `caseflow report --format
/// json`): the query, `total`, and `groups` each with its `key`. Rates are fractions from 0 to 1
/// and null when nothing was counted; NPS is from −100 to 100; times are seconds.
extension JSONWriter {
    public static func kpiReport(_ r: KPIReport) -> [UInt8] {
        written(capacity: 1024 + r.groups.count * 900) { w in
            w.beginObject()
            w.key("from"); w.timestamp(r.query.from)
            w.key("to"); w.timestamp(r.query.to)
            w.key("zone"); w.string(r.query.zone.name)
            w.key("by"); w.beginArray()
            for d in r.query.groupBy { w.string(d.rawValue) }
            if let p = r.query.period { w.string(p.rawValue) }
            w.endArray()
            w.key("total"); w.kpiFigures(r.total, key: nil)
            w.key("groups"); w.beginArray()
            for g in r.groups { w.kpiFigures(g.figures, key: g.key) }
            w.endArray()
            w.endObject()
        }
    }

    private mutating func kpiFigures(_ f: KPIFigures, key groupKey: [(name: String, value: String)]?) {
        beginObject()
        if let groupKey {
            key("key"); beginObject()
            for part in groupKey { key(escaping: part.name); string(part.value) }
            endObject()
        }
        key("opened"); int(f.opened)
        key("closed"); int(f.closed)
        key("backlog"); int(f.backlog)
        key("aging"); beginObject()
        for (name, n) in zip(KPIFigures.agingBuckets, f.aging) { key(escaping: name); int(n) }
        endObject()
        key("first_response"); kpiTimes(f.firstResponse)
        key("resolution"); kpiTimes(f.resolution)
        key("sla"); beginObject()
        for name in f.sla.keys.sorted() {
            guard let s = f.sla[name] else { continue }
            key(escaping: name); beginObject()
            key("met"); int(s.met); key("breached"); int(s.breached); key("rate"); optionalDouble(s.rate)
            endObject()
        }
        endObject()
        key("fcr"); kpiRatio(f.fcr, whole: "resolved", part: "first_contact", rate: "rate")
        key("reopen"); kpiRatio(f.reopen, whole: "resolved", part: "reopened", rate: "rate")
        key("csat"); kpiRatio(f.csat, whole: "answers", part: "satisfied", rate: "score")
        key("nps"); beginObject()
        key("answers"); int(f.nps.answers); key("promoters"); int(f.nps.promoters); key("detractors"); int(f.nps.detractors)
        key("score"); optionalDouble(f.nps.score)
        endObject()
        key("survey"); kpiRatio(f.survey, whole: "closed", part: "answered", rate: "response_rate")
        key("closed_loop"); beginObject()
        key("complaints_closed"); int(f.closedLoop.whole); key("confirmed"); int(f.closedLoop.part); key("rate"); optionalDouble(f.closedLoop.rate)
        key("low_scores"); int(f.lowScores.whole); key("followed_up"); int(f.lowScores.part); key("followed_up_rate"); optionalDouble(f.lowScores.rate)
        endObject()
        endObject()
    }

    private mutating func kpiTimes(_ t: KPITimes) {
        beginObject()
        key("count"); int(t.count)
        key("median_s"); optionalDouble(t.median)
        key("p90_s"); optionalDouble(t.p90)
        key("business_median_s"); optionalDouble(t.businessMedian)
        key("business_p90_s"); optionalDouble(t.businessP90)
        endObject()
    }

    private mutating func kpiRatio(_ r: KPIRatio, whole: StaticString, part: StaticString, rate: StaticString) {
        beginObject()
        key(whole); int(r.whole)
        key(part); int(r.part)
        key(rate); optionalDouble(r.rate)
        endObject()
    }

    private mutating func optionalDouble(_ d: Double?) {
        if let d, d.isFinite { double(d) } else { null() }
    }
}
