import Foundation

/// Places a ``WorkflowDiagram``'s nodes in rows, top to bottom, the way layered graph drawing
/// does (Sugiyama): transitions that go back (a reopened complaint) are set aside, each node
/// goes one row below the lowest of its sources, and each row is ordered by the average
/// position of its neighbours to keep crossings down. Walks are iterative, so a workflow of
/// thousands of states cannot exhaust the stack.
struct DiagramLayout {
    struct Box {
        var x: Double
        var y: Double
        var width: Double
        var height: Double
        var midX: Double { x + width / 2 }
        var midY: Double { y + height / 2 }
        var maxX: Double { x + width }
        var maxY: Double { y + height }

        func overlaps(_ other: Box, margin: Double = 0) -> Bool {
            x < other.maxX + margin && other.x < maxX + margin && y < other.maxY + margin && other.y < maxY + margin
        }
    }

    /// Each node's row.
    private(set) var rank: [String: Int] = [:]
    /// Each node's box.
    private(set) var boxes: [String: Box] = [:]
    /// Edges (by index in the diagram) that point to a row above or the same row.
    private(set) var backEdges: Set<Int> = []
    /// The drawing's size.
    private(set) var width: Double = 0
    private(set) var height: Double = 0

    static let rowGap: Double = 96
    static let columnGap: Double = 56

    /// Lays out nodes of the given sizes, starting `top` from the top of the drawing, with
    /// `reserve` of free space right of a node (for a transition back to itself and its label).
    init(_ diagram: WorkflowDiagram, sizes: [String: (width: Double, height: Double)], reserve: [String: Double] = [:], top: Double) {
        let ids = diagram.nodes.map(\.id)
        var outgoing: [String: [(edge: Int, to: String)]] = [:]
        for (index, edge) in diagram.edges.enumerated() where edge.from != edge.to {
            outgoing[edge.from, default: []].append((index, edge.to))
        }

        // Depth-first from the start, then from the other roots, marking edges into the current
        // path as back edges; the finishing order reversed is a topological order of the rest.
        var mark: [String: Int] = [:]   // 1 on the path, 2 finished
        var finished: [String] = []
        var discovery: [String] = []
        for root in ids where mark[root] == nil {
            var stack: [(node: String, next: Int)] = [(root, 0)]
            mark[root] = 1
            discovery.append(root)
            while let top = stack.last {
                let edges = outgoing[top.node] ?? []
                if top.next < edges.count {
                    stack[stack.count - 1].next += 1
                    let (edge, to) = edges[top.next]
                    switch mark[to] {
                    case nil:
                        mark[to] = 1
                        discovery.append(to)
                        stack.append((to, 0))
                    case 1?:
                        backEdges.insert(edge)
                    default:
                        break
                    }
                } else {
                    mark[top.node] = 2
                    finished.append(top.node)
                    stack.removeLast()
                }
            }
        }
        for node in finished.reversed() {
            let row = rank[node] ?? 0
            rank[node] = row
            for (edge, to) in outgoing[node] ?? [] where !backEdges.contains(edge) {
                rank[to] = max(rank[to] ?? 0, row + 1)
            }
        }
        for (index, edge) in diagram.edges.enumerated() where edge.from != edge.to && (rank[edge.to] ?? 0) <= (rank[edge.from] ?? 0) {
            backEdges.insert(index)
        }

        // Rows in discovery order, then sorted by the mean position of neighbours, both ways.
        let rowCount = (rank.values.max() ?? 0) + 1
        var rows = Array(repeating: [String](), count: rowCount)
        for node in discovery { rows[rank[node] ?? 0].append(node) }
        var incoming: [String: [String]] = [:]
        for (index, edge) in diagram.edges.enumerated() where edge.from != edge.to && !backEdges.contains(index) {
            incoming[edge.to, default: []].append(edge.from)
        }
        var at: [String: Double] = [:]
        func place(_ r: Int) {
            for (i, node) in rows[r].enumerated() { at[node] = Double(i) - Double(rows[r].count - 1) / 2 }
        }
        for r in rows.indices { place(r) }
        var forwardOut: [String: [String]] = [:]
        for (index, edge) in diagram.edges.enumerated() where edge.from != edge.to && !backEdges.contains(index) {
            forwardOut[edge.from, default: []].append(edge.to)
        }
        for _ in 0..<4 {
            for r in rows.indices.dropFirst() {
                rows[r] = Self.sorted(rows[r], by: { incoming[$0] ?? [] }, at: at)
                place(r)
            }
            for r in rows.indices.reversed().dropFirst() {
                rows[r] = Self.sorted(rows[r], by: { forwardOut[$0] ?? [] }, at: at)
                place(r)
            }
        }

        // Rows stacked with room for labels between them; each row centred on the widest.
        var y = top
        var rowWidths: [Double] = []
        for row in rows {
            rowWidths.append(row.reduce(0) { $0 + (sizes[$1]?.width ?? 0) + (reserve[$1] ?? 0) } + Double(max(0, row.count - 1)) * Self.columnGap)
        }
        let widest = rowWidths.max() ?? 0
        for (r, row) in rows.enumerated() {
            let rowHeight = row.map { sizes[$0]?.height ?? 0 }.max() ?? 0
            var x = (widest - rowWidths[r]) / 2
            for node in row {
                let size = sizes[node] ?? (0, 0)
                boxes[node] = Box(x: x, y: y + (rowHeight - size.height) / 2, width: size.width, height: size.height)
                x += size.width + (reserve[node] ?? 0) + Self.columnGap
            }
            y += rowHeight + Self.rowGap
        }
        width = widest
        height = y - Self.rowGap
    }

    /// A row ordered by the mean position of each node's neighbours; nodes without any keep
    /// their place relative to the others.
    private static func sorted(_ row: [String], by neighbours: (String) -> [String], at: [String: Double]) -> [String] {
        let keyed = row.enumerated().map { index, node -> (node: String, key: Double, index: Int) in
            let known = neighbours(node).compactMap { at[$0] }
            return (node, known.isEmpty ? (at[node] ?? 0) : known.reduce(0, +) / Double(known.count), index)
        }
        return keyed.sorted { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }.map(\.node)
    }
}
