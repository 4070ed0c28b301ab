import CaseflowModel

/// A report as one self-contained HTML page for supervisors: a trend chart per measure over the
/// periods (inline SVG, one line per group; bars per group when the report has no period), then
/// the figures as a table. No scripts, styles or fonts from the network.
public enum KPIHTMLReport {
    public static func render(_ r: KPIReport) -> String {
        typealias F = KPIFormatting
        let title = "Service quality \(F.date(r.query.from, r.query.zone)) – \(F.date(r.query.to, r.query.zone))"
        var html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            body{font:14px/1.4 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC",sans-serif;margin:24px;color:#1f2933;background:#fff}
            h1{font-size:20px;margin:0 0 4px}p.sub{color:#52606d;margin:0 0 16px}
            .charts{display:flex;flex-wrap:wrap;gap:16px}.chart{border:1px solid #e4e7eb;border-radius:6px;padding:8px 10px}
            .chart h2{font-size:13px;margin:0 0 4px;color:#323f4b}
            table{border-collapse:collapse;margin-top:20px;font-size:12px}th,td{border:1px solid #e4e7eb;padding:4px 6px;text-align:right;white-space:nowrap}
            th{background:#f5f7fa}td.k,th.k{text-align:left}tr.total td{font-weight:600;background:#fbfcfd}
            .legend{font-size:11px;color:#52606d;margin-top:2px}.legend span{display:inline-block;margin-right:10px}
            .legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:-1px;border-radius:2px}
            </style></head><body>
            <h1>\(escape(title))</h1>
            <p class="sub">\(escape(r.query.zone.name)) · grouped by \(escape(groupingText(r))) · rates as % of what was counted; – where nothing was</p>
            <div class="charts">

            """
        for measure in measures(r) { html += chart(measure, r) }
        html += "</div>\n" + table(r) + "</body></html>\n"
        return html
    }

    /// One charted measure: its title, how a value reads, and the value of a group's figures.
    struct Measure {
        var title: String
        var unit: Unit
        var value: (KPIFigures) -> Double?
        enum Unit { case count, hours, percent, nps }
    }

    static func measures(_ r: KPIReport) -> [Measure] {
        var list = [
            Measure(title: "Opened", unit: .count) { Double($0.opened) },
            Measure(title: "Closed", unit: .count) { Double($0.closed) },
            Measure(title: "Backlog at the period's end", unit: .count) { Double($0.backlog) },
            Measure(title: "First response, median (hours)", unit: .hours) { $0.firstResponse.median.map { $0 / 3600 } },
            Measure(title: "Resolution, median (hours)", unit: .hours) { $0.resolution.median.map { $0 / 3600 } },
        ]
        let slaNames = Set(([r.total] + r.groups.map(\.figures)).flatMap(\.sla.keys)).sorted()
        for name in slaNames {
            list.append(Measure(title: "SLA \(name) kept", unit: .percent) { $0.sla[name]?.rate.map { $0 * 100 } })
        }
        list += [
            Measure(title: "First-contact resolution", unit: .percent) { $0.fcr.rate.map { $0 * 100 } },
            Measure(title: "Reopen rate", unit: .percent) { $0.reopen.rate.map { $0 * 100 } },
            Measure(title: "CSAT (answers 4–5)", unit: .percent) { $0.csat.rate.map { $0 * 100 } },
            Measure(title: "NPS", unit: .nps) { $0.nps.score },
            Measure(title: "Survey response rate", unit: .percent) { $0.survey.rate.map { $0 * 100 } },
        ]
        return list
    }

    static let palette = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"]

    /// The groups' series: one per set of dimension values, a value per period.
    static func series(_ r: KPIReport, _ m: Measure) -> [(name: String, values: [Double?])] {
        let periodName = r.query.period?.rawValue
        var order: [String] = []
        var byName: [String: [Double?]] = [:]
        for g in r.groups {
            let name = g.key.filter { $0.name != periodName }.map(\.value).joined(separator: " · ")
            let label = name.isEmpty ? "all" : name
            if byName[label] == nil { order.append(label); byName[label] = Array(repeating: nil, count: max(1, r.periods.count)) }
            let index = periodName.flatMap { p in g.key.first { $0.name == p }.flatMap { r.periods.firstIndex(of: $0.value) } } ?? 0
            byName[label]?[index] = m.value(g.figures)
        }
        if order.isEmpty { return [("all", [m.value(r.total)])] }
        return order.prefix(palette.count).map { ($0, byName[$0] ?? []) }
    }

    static func chart(_ m: Measure, _ r: KPIReport) -> String {
        let width = 420.0, height = 180.0, left = 44.0, right = 10.0, top = 10.0, bottom = 34.0
        let lines = series(r, m)
        let values = lines.flatMap(\.values).compactMap { $0 }
        var low = min(0, values.min() ?? 0), high = niceCeiling(max(values.max() ?? 0, 1))
        if m.unit == .percent { high = 100 }
        if m.unit == .nps { low = -100; high = 100 }
        let plotW = width - left - right, plotH = height - top - bottom
        func y(_ v: Double) -> Double { top + plotH - (v - low) / (high - low) * plotH }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(m.title))\">"
        for step in 0...4 {
            let v = low + (high - low) * Double(step) / 4, yy = y(v)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(yy))\" x2=\"\(f(width - right))\" y2=\"\(f(yy))\" stroke=\"#e4e7eb\"/>"
            svg += "<text x=\"\(f(left - 4))\" y=\"\(f(yy + 4))\" font-size=\"10\" text-anchor=\"end\" fill=\"#52606d\">\(axis(v, m.unit))</text>"
        }
        let periods = r.periods.isEmpty ? [""] : r.periods
        if periods.count > 1 {
            let dx = plotW / Double(periods.count - 1)
            let every = max(1, Int((Double(periods.count) / 6).rounded(.up)))
            for (i, label) in periods.enumerated() where i % every == 0 || i == periods.count - 1 {
                // The last label ends at the axis's end rather than running past it.
                let anchor = i == periods.count - 1 ? "end" : i == 0 ? "start" : "middle"
                if i != periods.count - 1, periods.count - 1 - i < every / 2 + 1, i != 0 { continue }
                svg += "<text x=\"\(f(left + dx * Double(i)))\" y=\"\(f(height - bottom + 14))\" font-size=\"10\" text-anchor=\"\(anchor)\" fill=\"#52606d\">\(escape(label))</text>"
            }
            for (k, line) in lines.enumerated() {
                let color = palette[k % palette.count]
                var path = "", open = false
                for (i, v) in line.values.enumerated() {
                    guard let v else { open = false; continue }
                    path += "\(open ? "L" : "M")\(f(left + dx * Double(i))),\(f(y(v))) "
                    open = true
                    svg += "<circle cx=\"\(f(left + dx * Double(i)))\" cy=\"\(f(y(v)))\" r=\"2.5\" fill=\"\(color)\"/>"
                }
                if !path.isEmpty { svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>" }
            }
        } else {
            // No periods: a bar per group.
            let slot = plotW / Double(max(lines.count, 1)), barW = min(48, slot * 0.6)
            for (k, line) in lines.enumerated() {
                let x = left + slot * (Double(k) + 0.5)
                if let v = line.values.first ?? nil {
                    let y0 = y(max(low, 0)), y1 = y(v)
                    svg += "<rect x=\"\(f(x - barW / 2))\" y=\"\(f(min(y0, y1)))\" width=\"\(f(barW))\" height=\"\(f(abs(y0 - y1)))\" fill=\"\(palette[k % palette.count])\"/>"
                    svg += "<text x=\"\(f(x))\" y=\"\(f(min(y0, y1) - 3))\" font-size=\"10\" text-anchor=\"middle\" fill=\"#1f2933\">\(axis(v, m.unit))</text>"
                }
                svg += "<text x=\"\(f(x))\" y=\"\(f(height - bottom + 14))\" font-size=\"10\" text-anchor=\"middle\" fill=\"#52606d\">\(escape(String(line.name.prefix(14))))</text>"
            }
        }
        svg += "</svg>"
        var legend = ""
        if lines.count > 1 || lines.first?.name != "all" {
            legend = "<div class=\"legend\">" + lines.enumerated().map { k, line in
                "<span><i style=\"background:\(palette[k % palette.count])\"></i>\(escape(line.name))</span>"
            }.joined() + "</div>"
        }
        return "<div class=\"chart\"><h2>\(escape(m.title))</h2>\(svg)\(legend)</div>\n"
    }

    static func table(_ r: KPIReport) -> String {
        typealias F = KPIFormatting
        let keyNames = r.query.groupBy.map(\.rawValue) + (r.query.period.map { [$0.rawValue] } ?? [])
        let slaNames = Set(([r.total] + r.groups.map(\.figures)).flatMap(\.sla.keys)).sorted()
        var head = keyNames.map { "<th class=\"k\">\(escape($0))</th>" }.joined()
        if keyNames.isEmpty { head = "<th class=\"k\"></th>" }
        head += ["Opened", "Closed", "Backlog", "First response median", "p90", "Resolution median", "p90"].map { "<th>\($0)</th>" }.joined()
        head += slaNames.map { "<th>SLA \(escape($0))</th>" }.joined()
        head += ["FCR", "Reopened", "CSAT", "NPS", "Surveys answered", "Complaints confirmed", "Low scores followed up"].map { "<th>\($0)</th>" }.joined()
        func cells(_ f: KPIFigures) -> String {
            var c = [String(f.opened), String(f.closed), String(f.backlog), F.duration(f.firstResponse.median), F.duration(f.firstResponse.p90),
                     F.duration(f.resolution.median), F.duration(f.resolution.p90)]
            c += slaNames.map { name in f.sla[name].map { "\(F.percent($0.rate)) (\($0.met)/\($0.met + $0.breached))" } ?? "–" }
            c += [F.percent(f.fcr.rate), F.percent(f.reopen.rate), F.percent(f.csat.rate), F.nps(f.nps.score), F.percent(f.survey.rate),
                  F.percent(f.closedLoop.rate), F.percent(f.lowScores.rate)]
            return c.map { "<td>\(escape($0))</td>" }.joined()
        }
        var rows = "<tr class=\"total\">" + (keyNames.isEmpty ? "<td class=\"k\">Total</td>" : "<td class=\"k\" colspan=\"\(keyNames.count)\">Total</td>") + cells(r.total) + "</tr>\n"
        for g in r.groups {
            rows += "<tr>" + g.key.map { "<td class=\"k\">\(escape($0.value))</td>" }.joined() + cells(g.figures) + "</tr>\n"
        }
        return "<table><thead><tr>\(head)</tr></thead><tbody>\n\(rows)</tbody></table>\n"
    }

    /// The smallest of 1, 2, 4, 8 × 10ⁿ at or above `v`: axis ticks at quarters of it read well.
    static func niceCeiling(_ v: Double) -> Double {
        var scale = 1.0
        while scale * 10 < v { scale *= 10 }
        while scale > v && scale > 1e-9 { scale /= 10 }
        for step in [1.0, 2.0, 4.0, 8.0, 10.0] where step * scale >= v { return step * scale }
        return 10 * scale
    }

    static func groupingText(_ r: KPIReport) -> String {
        let names = r.query.groupBy.map(\.rawValue) + (r.query.period.map { [$0.rawValue] } ?? [])
        return names.isEmpty ? "nothing (totals)" : names.joined(separator: ", ")
    }

    static func axis(_ v: Double, _ unit: Measure.Unit) -> String {
        switch unit {
        case .count: return KPIFormatting.fixed(v, v == v.rounded() ? 0 : 1)
        case .hours: return KPIFormatting.fixed(v, v >= 10 || v == v.rounded() ? 0 : 1)
        case .percent: return KPIFormatting.fixed(v, 0) + "%"
        case .nps: return KPIFormatting.fixed(v, 0)
        }
    }

    static func f(_ v: Double) -> String { KPIFormatting.fixed(v, 1) }

    static func escape(_ s: String) -> String { MarkupText.escaped(s) }
}
