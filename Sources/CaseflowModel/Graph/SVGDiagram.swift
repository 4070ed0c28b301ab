import Foundation

/// Draws a ``WorkflowDiagram`` as one self-contained SVG file (no scripts, no fonts or images
/// fetched), for the console and the README: states as boxes listing the tasks they open,
/// transitions as curves coloured by trigger, the SLA clocks in a panel to the right, and a
/// legend. The same workflow always gives the same bytes, so drawings can be checked in.
enum SVGDiagram {
    static let nameSize: Double = 13
    static let textSize: Double = 11
    static let labelSize: Double = 10.5
    static let padding: Double = 10
    static let titleWidth: Double = 230
    static let panelWidth: Double = 340
    static let fonts = "'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif"

    /// The colour and dash of each kind of transition, and its name in the legend.
    static func style(_ kind: WorkflowDiagram.EdgeKind) -> (color: String, dash: String?, legend: String) {
        switch kind {
        case .initial: ("#333333", nil, "start")
        case .event: ("#2b4c7e", nil, "event or task outcome")
        case .always: ("#7a7a7a", "5 4", "always (no event)")
        case .timer: ("#c55a00", "8 3", "timer")
        case .workflowWide: ("#7b3fa0", nil, "from any non-final state")
        case .startsChild: ("#1f7a6d", "2 3", "starts a child case")
        }
    }

    static func render(_ d: WorkflowDiagram) -> String {
        // Node contents and sizes.
        var contents: [String: [(text: String, size: Double, bold: Bool, color: String)]] = [:]
        var sizes: [String: (width: Double, height: Double)] = [:]
        for node in d.nodes {
            if node.kind == .start {
                sizes[node.id] = (16, 16)
                continue
            }
            var lines: [(String, Double, Bool, String)] = [(node.name, nameSize, true, "#1a1a1a")]
            for line in wrap(node.title ?? "", width: titleWidth, size: textSize) { lines.append((line, textSize, false, "#444444")) }
            for detail in node.details { lines.append(("▸ " + detail, textSize, false, "#1f5f99")) }
            contents[node.id] = lines
            let width = max(96, lines.map { textWidth($0.0, size: $0.1) }.max() ?? 0) + 2 * padding
            let height = lines.reduce(2 * padding - 4) { $0 + $1.1 + 4 }
            sizes[node.id] = (width.rounded(.up), height.rounded(.up))
        }

        let header: Double = 44
        // A transition back to its own state loops out to the right, its labels beside the loop.
        var reserve: [String: Double] = [:]
        for edge in d.edges where edge.from == edge.to {
            reserve[edge.from, default: 0] = max(reserve[edge.from] ?? 0, 56 + textWidth(edge.label, size: labelSize) + 8)
        }
        let layout = DiagramLayout(d, sizes: sizes, reserve: reserve, top: header)
        let margin: Double = 24
        // Back edges bow out to the side; leave room for them.
        let bow: Double = 60 + 18 * Double(min(layout.backEdges.count, 12))
        let graphLeft = margin + bow
        func box(_ id: String) -> DiagramLayout.Box {
            var b = layout.boxes[id] ?? DiagramLayout.Box(x: 0, y: 0, width: 0, height: 0)
            b.x += graphLeft
            return b
        }
        let graphRight = graphLeft + layout.width + bow

        var body = ""
        var placed = Occupancy()
        for node in d.nodes { placed.insert(box(node.id)) }
        var kindsUsed: [WorkflowDiagram.EdgeKind] = []

        // Ports: out-edges leave the bottom spread by their target's x; in-edges enter the top.
        var outPorts: [Int: Double] = [:], inPorts: [Int: Double] = [:]
        let forward = d.edges.indices.filter { !layout.backEdges.contains($0) && d.edges[$0].from != d.edges[$0].to }
        for (id, edges) in Dictionary(grouping: forward, by: { d.edges[$0].from }) {
            let sorted = edges.sorted { (box(d.edges[$0].to).midX, $0) < (box(d.edges[$1].to).midX, $1) }
            for (i, e) in sorted.enumerated() { outPorts[e] = box(id).x + box(id).width * Double(i + 1) / Double(sorted.count + 1) }
        }
        for (id, edges) in Dictionary(grouping: forward, by: { d.edges[$0].to }) {
            let sorted = edges.sorted { (box(d.edges[$0].from).midX, $0) < (box(d.edges[$1].from).midX, $1) }
            for (i, e) in sorted.enumerated() { inPorts[e] = box(id).x + box(id).width * Double(i + 1) / Double(sorted.count + 1) }
        }

        var backIndex = 0
        var edgeSVG = "", labelSVG = ""
        for (index, edge) in d.edges.enumerated() {
            let style = style(edge.kind)
            if !kindsUsed.contains(edge.kind) { kindsUsed.append(edge.kind) }
            let from = box(edge.from), to = box(edge.to)
            let curve: [(Double, Double)]
            if edge.from == edge.to {
                let x = from.maxX, y = from.midY
                curve = [(x, y - 8), (x + 46, y - 34), (x + 46, y + 34), (x, y + 8)]
            } else if layout.backEdges.contains(index) {
                // Around the side nearer the edge of the drawing, further out for each one.
                let right = from.midX >= graphLeft + layout.width / 2
                let out = 40 + 18 * Double(backIndex % 12)
                backIndex += 1
                if right {
                    let side = max(from.maxX, to.maxX) + out
                    curve = [(from.maxX, from.midY), (side, from.midY), (side, to.midY), (to.maxX, to.midY)]
                } else {
                    let side = min(from.x, to.x) - out
                    curve = [(from.x, from.midY), (side, from.midY), (side, to.midY), (to.x, to.midY)]
                }
            } else {
                let sx = outPorts[index] ?? from.midX, sy = from.maxY
                let tx = inPorts[index] ?? to.midX, ty = to.y
                let dy = max(30, (ty - sy) / 2)
                curve = [(sx, sy), (sx, sy + dy), (tx, ty - dy), (tx, ty)]
            }
            edgeSVG += "<path d=\"M\(n(curve[0].0)),\(n(curve[0].1)) C\(n(curve[1].0)),\(n(curve[1].1)) \(n(curve[2].0)),\(n(curve[2].1)) \(n(curve[3].0)),\(n(curve[3].1))\" fill=\"none\" stroke=\"\(style.color)\" stroke-width=\"1.4\"\(style.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") marker-end=\"url(#arrow-\(markerID(edge.kind)))\"/>\n"
            guard !edge.label.isEmpty else { continue }
            let w = textWidth(edge.label, size: labelSize) + 8, h = labelSize + 5
            var chosen: DiagramLayout.Box? = nil
            if edge.from == edge.to {
                // Beside the loop, stacked when a state has several.
                var candidate = DiagramLayout.Box(x: from.maxX + 50, y: from.midY - h / 2, width: w, height: h)
                for _ in 0..<8 where placed.overlaps(candidate, margin: 2) { candidate.y += h + 2 }
                chosen = candidate
            }
            for t in [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.15, 0.85] where chosen == nil {
                let p = point(curve, t)
                let candidate = DiagramLayout.Box(x: p.0 - w / 2, y: p.1 - h / 2, width: w, height: h)
                if !placed.overlaps(candidate, margin: 2) { chosen = candidate; break }
            }
            let p = point(curve, 0.5)
            var label = chosen ?? DiagramLayout.Box(x: p.0 - w / 2, y: p.1 - h / 2, width: w, height: h)
            label.x = min(max(4, label.x), max(4, graphRight - w))
            placed.insert(label)
            labelSVG += "<rect x=\"\(n(label.x))\" y=\"\(n(label.y))\" width=\"\(n(label.width))\" height=\"\(n(label.height))\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.9\"/>"
            labelSVG += "<text x=\"\(n(label.midX))\" y=\"\(n(label.y + labelSize + 1))\" font-size=\"\(n(labelSize))\" fill=\"\(style.color)\" text-anchor=\"middle\">\(escape(edge.label))</text>\n"
        }

        // Nodes over the edges, labels over everything.
        var nodeSVG = ""
        for node in d.nodes {
            let b = box(node.id)
            switch node.kind {
            case .start:
                nodeSVG += "<circle cx=\"\(n(b.midX))\" cy=\"\(n(b.midY))\" r=\"7\" fill=\"#333333\"/>\n"
                continue
            case .state:
                nodeSVG += rect(b, fill: "#ffffff", stroke: "#2b4c7e", width: 1.5, dash: nil)
            case .final:
                nodeSVG += rect(b, fill: "#f3f6fa", stroke: "#2b4c7e", width: 1.5, dash: nil)
                var inner = b
                inner.x += 3; inner.y += 3; inner.width -= 6; inner.height -= 6
                nodeSVG += rect(inner, fill: "none", stroke: "#2b4c7e", width: 1, dash: nil)
            case .anyState:
                nodeSVG += rect(b, fill: "#f7f2fb", stroke: "#7b3fa0", width: 1.3, dash: "6 4")
            case .child:
                nodeSVG += rect(b, fill: "#e8f5f2", stroke: "#1f7a6d", width: 1.3, dash: nil)
            }
            var y = b.y + padding - 2
            for line in contents[node.id] ?? [] {
                y += line.size + 2
                nodeSVG += "<text x=\"\(n(b.x + padding))\" y=\"\(n(y))\" font-size=\"\(n(line.size))\"\(line.bold ? " font-weight=\"bold\"" : "") fill=\"\(line.color)\">\(escape(line.text))</text>\n"
                y += 2
            }
        }
        body = edgeSVG + nodeSVG + labelSVG

        // The SLA panel to the right, the legend below.
        var panelSVG = ""
        var panelY = header
        let panelX = graphRight + margin
        for clock in d.clocks {
            var lines: [(String, Double, Bool)] = [("SLA " + clock.name, 12, true)]
            for line in clock.lines { for part in wrap(line, width: panelWidth - 2 * padding, size: textSize) { lines.append((part, textSize, false)) } }
            let h = lines.reduce(2 * padding - 4) { $0 + $1.1 + 4 }
            panelSVG += rect(DiagramLayout.Box(x: panelX, y: panelY, width: panelWidth, height: h), fill: "#fffaf0", stroke: "#c58a00", width: 1.2, dash: nil)
            var y = panelY + padding - 2
            for line in lines {
                y += line.1 + 2
                panelSVG += "<text x=\"\(n(panelX + padding))\" y=\"\(n(y))\" font-size=\"\(n(line.1))\"\(line.2 ? " font-weight=\"bold\"" : "") fill=\"#5a4300\">\(escape(line.0))</text>\n"
                y += 2
            }
            panelY += h + 14
        }
        let contentBottom = max(header + layout.height, panelY)
        var legendSVG = ""
        var legendX = margin
        let legendY = contentBottom + 30
        for kind in kindsUsed where kind != .initial {
            let s = style(kind)
            legendSVG += "<line x1=\"\(n(legendX))\" y1=\"\(n(legendY))\" x2=\"\(n(legendX + 28))\" y2=\"\(n(legendY))\" stroke=\"\(s.color)\" stroke-width=\"1.6\"\(s.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>"
            legendSVG += "<text x=\"\(n(legendX + 34))\" y=\"\(n(legendY + 4))\" font-size=\"11\" fill=\"#333333\">\(escape(s.legend))</text>\n"
            legendX += 34 + textWidth(s.legend, size: 11) + 22
        }

        let width = max(d.clocks.isEmpty ? graphRight + margin : panelX + panelWidth + margin, legendX + margin)
        let height = legendY + 24
        var title = "\(d.workflow) v\(d.version)"
        if let t = d.title { title += " — " + t }
        var markers = ""
        for kind in [WorkflowDiagram.EdgeKind.initial, .event, .always, .timer, .workflowWide, .startsChild] {
            markers += "<marker id=\"arrow-\(markerID(kind))\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"\(style(kind).color)\"/></marker>"
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" font-family="\(fonts)">
            <title>\(escape(title))</title>
            <defs>\(markers)</defs>
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="\(n(margin))" y="28" font-size="17" font-weight="bold" fill="#1a1a1a">\(escape(title))</text>

            """ + body + panelSVG + legendSVG + "</svg>\n"
    }

    /// Boxes already drawn, filed by horizontal bands so that placing a label looks only at
    /// its neighbours, not at every label of a workflow of thousands of states.
    private struct Occupancy {
        static let band: Double = 40
        var bands: [Int: [DiagramLayout.Box]] = [:]

        private func range(_ b: DiagramLayout.Box, margin: Double) -> ClosedRange<Int> {
            Int(((b.y - margin) / Self.band).rounded(.down))...Int(((b.maxY + margin) / Self.band).rounded(.down))
        }

        mutating func insert(_ b: DiagramLayout.Box) {
            for i in range(b, margin: 0) { bands[i, default: []].append(b) }
        }

        func overlaps(_ b: DiagramLayout.Box, margin: Double) -> Bool {
            range(b, margin: margin).contains { bands[$0]?.contains { $0.overlaps(b, margin: margin) } ?? false }
        }
    }

    private static func markerID(_ kind: WorkflowDiagram.EdgeKind) -> String {
        switch kind {
        case .initial: "initial"
        case .event: "event"
        case .always: "always"
        case .timer: "timer"
        case .workflowWide: "any"
        case .startsChild: "child"
        }
    }

    private static func rect(_ b: DiagramLayout.Box, fill: String, stroke: String, width: Double, dash: String?) -> String {
        "<rect x=\"\(n(b.x))\" y=\"\(n(b.y))\" width=\"\(n(b.width))\" height=\"\(n(b.height))\" rx=\"8\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>\n"
    }

    /// A point on a cubic Bézier curve.
    private static func point(_ c: [(Double, Double)], _ t: Double) -> (Double, Double) {
        let u = 1 - t
        let a = u * u * u, b = 3 * u * u * t, cc = 3 * u * t * t, dd = t * t * t
        return (a * c[0].0 + b * c[1].0 + cc * c[2].0 + dd * c[3].0, a * c[0].1 + b * c[1].1 + cc * c[2].1 + dd * c[3].1)
    }

    /// The width a line of text takes: wide (CJK, full-width) characters a full em, others a
    /// little over half. An estimate, generous so text stays inside its box.
    static func textWidth(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { total, scalar in
            let wide = scalar.value >= 0x2E80 && !(0xFF61...0xFFDC).contains(scalar.value)
            return total + size * (wide ? 1.0 : (scalar.properties.isUppercase ? 0.68 : 0.58))
        }
    }

    /// Splits text into lines no wider than `width`, at spaces, or anywhere in a run of wide
    /// characters.
    static func wrap(_ text: String, width: Double, size: Double) -> [String] {
        guard !text.isEmpty else { return [] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if textWidth(candidate, size: size) <= width || line.isEmpty {
                line = candidate
            } else {
                lines.append(line)
                line = String(word)
            }
            // A run too long for a line on its own (Chinese has no spaces): cut it.
            while textWidth(line, size: size) > width, line.count > 1 {
                var cut = ""
                for ch in line {
                    if textWidth(cut + String(ch), size: size) > width { break }
                    cut.append(ch)
                }
                if cut.isEmpty { break }
                lines.append(cut)
                line = String(line.dropFirst(cut.count))
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    static func escape(_ s: String) -> String { MarkupText.escaped(s) }

    /// A coordinate with at most one decimal, the same on every machine.
    static func n(_ v: Double) -> String {
        let tenths = (v * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(format: "%.1f", tenths / 10)
    }
}
