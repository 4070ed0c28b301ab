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
    }

    /// Every cycle found from `roots`, in the order the search meets them, each set of nodes once.
    static func find(_ edges: [String: [(String, SourceLocation)]], from roots: [String]) -> [Cycle] {
        enum Mark { case onPath, done }
        var mark: [String: Mark] = [:]
        var path: [String] = []
        var frames: [(node: String, nextEdge: Int)] = []
        var reported = Set<[String]>()
        var found: [Cycle] = []
        for root in roots where mark[root] == nil {
            mark[root] = .onPath
            path.append(root)
            frames.append((root, 0))
            while let top = frames.last {
                let out = edges[top.node] ?? []
                guard top.nextEdge < out.count else {
                    frames.removeLast()
                    path.removeLast()
                    mark[top.node] = .done
                    continue
                }
                frames[frames.count - 1].nextEdge += 1
                let (next, location) = out[top.nextEdge]
                switch mark[next] {
                case .onPath?:
                    let cycle = Array(path[(path.firstIndex(of: next) ?? 0)...]) + [next]
                    if reported.insert(Set(cycle).sorted()).inserted { found.append(Cycle(nodes: cycle, location: location)) }
                case nil where edges[next] != nil:
                    mark[next] = .onPath
                    path.append(next)
                    frames.append((next, 0))
                default:
                    break
                }
            }
        }
        return found
    }

    /// For each node, the longest run of edges that starts at it, as the nodes along it (the
    /// node first); nodes on a cycle count their run only until the cycle closes.
    static func longestChains(_ edges: [String: [(String, SourceLocation)]]) -> [String: [String]] {
        var chain: [String: [String]] = [:]
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
                    let longest = out.compactMap { chain[$0.0] }.max { $0.count < $1.count } ?? []
                    chain[top.node] = [top.node] + longest
                    continue
                }
                frames[frames.count - 1].nextEdge += 1
                let next = out[top.nextEdge].0
                if chain[next] == nil, !onPath.contains(next) {
                    if edges[next] == nil { chain[next] = [next] } else {
                        onPath.insert(next)
                        frames.append((next, 0))
                    }
                }
            }
        }
        return chain
    }
}
