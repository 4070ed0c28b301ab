import CaseflowSource
import CaseflowYAML

/// Finds cycles in a graph of named nodes: `always` transitions between states, rules that
/// read other rules.
///
/// A depth-first search with a stack of its own rather than the call stack: a file may chain
/// tens of thousands of states or rules (a 1 MiB file holds about 20,000), which a recursive
/// walk would follow one call frame per node until the thread's stack ran out.
enum DependencyCycles {
    struct Cycle {
        /// The nodes around the cycle, the first repeated at the end.
        var nodes: [String]
        /// Where the edge that closes the cycle is written.
        var location: SourceLocation

        /// The cycle for a message: whole up to eight nodes, else its start and end around a count.
        var shown: String { DependencyCycles.shown(nodes) }
    }

    /// A run of nodes for a message: whole up to eight, else the first three and the last two.
    static func shown(_ nodes: [String]) -> String {
        guard nodes.count > 8 else { return nodes.joined(separator: " → ") }
        return nodes.prefix(3).joined(separator: " → ") + " → … (\(nodes.count - 5) more) … → " + nodes.suffix(2).joined(separator: " → ")
    }

    /// At most this many cycles are reported: a file can hold thousands that overlap, and each
    /// would be a message as long as its cycle.
    static let maxReported = 10

    /// The cycles found from `roots`, in the order the search meets them, each set of nodes once,
    /// at most ``maxReported``. Time and memory grow with the graph, not with the number of cycles.
    static func find(_ edges: [String: [(String, SourceLocation)]], from roots: [String]) -> [Cycle] {
        enum Mark { case onPath, done }
        var mark: [String: Mark] = [:]
        var path: [String] = []
        var position: [String: Int] = [:] // where each node on the path stands in it
        var frames: [(node: String, nextEdge: Int)] = []
        var reported = Set<[String]>()
        var found: [Cycle] = []
        for root in roots where mark[root] == nil {
            mark[root] = .onPath
            position[root] = path.count
            path.append(root)
            frames.append((root, 0))
            while let top = frames.last {
                let out = edges[top.node] ?? []
                guard top.nextEdge < out.count else {
                    frames.removeLast()
                    path.removeLast()
                    position[top.node] = nil
                    mark[top.node] = .done
                    continue
                }
                frames[frames.count - 1].nextEdge += 1
                let (next, location) = out[top.nextEdge]
                switch mark[next] {
                case .onPath?:
                    guard found.count < maxReported else { continue }
                    let cycle = Array(path[(position[next] ?? 0)...]) + [next]
                    if reported.insert(Set(cycle).sorted()).inserted { found.append(Cycle(nodes: cycle, location: location)) }
                case nil where edges[next] != nil:
                    mark[next] = .onPath
                    position[next] = path.count
                    path.append(next)
                    frames.append((next, 0))
                default:
                    break
                }
            }
        }
        return found
    }

    /// The longest run of edges that starts at each node: its length in nodes, and the node that
    /// follows on it (nil at its end). Nodes on a cycle count their run only until it closes.
    /// Lengths and successors rather than whole chains, so memory grows with the graph.
    static func longestChains(_ edges: [String: [(String, SourceLocation)]]) -> [String: (length: Int, next: String?)] {
        var chain: [String: (length: Int, next: String?)] = [:]
        var onPath = Set<String>()
        var frames: [(node: String, nextEdge: Int)] = []
        for root in edges.keys.sorted() where chain[root] == nil {
            onPath.insert(root)
            frames.append((root, 0))
            while let top = frames.last {
                let out = edges[top.node] ?? []
                guard top.nextEdge < out.count else {
                    frames.removeLast()
                    onPath.remove(top.node)
                    let best = out.compactMap { edge in chain[edge.0].map { (edge.0, $0.length) } }.max { $0.1 < $1.1 }
                    chain[top.node] = ((best?.1 ?? 0) + 1, best?.0)
                    continue
                }
                frames[frames.count - 1].nextEdge += 1
                let next = out[top.nextEdge].0
                if chain[next] == nil, !onPath.contains(next) {
                    if edges[next] == nil { chain[next] = (1, nil) } else {
                        onPath.insert(next)
                        frames.append((next, 0))
                    }
                }
            }
        }
        return chain
    }

    /// The chain from `start` that ``longestChains(_:)`` found, node by node.
    static func chain(from start: String, in chains: [String: (length: Int, next: String?)]) -> [String] {
        var nodes = [start]
        var current = start
        while let next = chains[current]?.next, nodes.count < (chains[start]?.length ?? 0) {
            nodes.append(next)
            current = next
        }
        return nodes
    }
}
