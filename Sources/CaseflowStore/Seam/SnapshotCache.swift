import CaseflowEngine
import Dispatch
import Synchronization

/// The last committed state of recently active cases. An entry is used only while its step
/// number equals the row's, so a case written since by another process or daemon is read from its
/// snapshot again. (Every change of a snapshot, even dropping a timer, takes a new step.)
///
/// Two generations approximate least-recently-used cheaply: entries go into the young one;
/// when it is full it becomes the old one (the previous old one is dropped), and a case found
/// in the old one moves back to the young. Cases active in the last `capacity` steps or so
/// stay; no bookkeeping per lookup.
public final class SnapshotCache: Sendable {
    private struct Generations {
        var young: [String: CaseState] = [:]
        var old: [String: CaseState] = [:]
    }
    private let entries = Mutex(Generations())
    private let capacity: Int

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    public func lookup(_ id: String) -> CaseState? {
        var dropped: [[String: CaseState]] = []
        let found = entries.withLock { g -> CaseState? in
            if let c = g.young[id] { return c }
            guard let c = g.old.removeValue(forKey: id) else { return nil }
            Self.insert(c, into: &g, capacity: capacity, dropping: &dropped)
            return c
        }
        Self.release(&dropped)
        return found
    }

    public func remember(_ cases: some Sequence<CaseState>) {
        var dropped: [[String: CaseState]] = []
        entries.withLock { g in
            // Two writers may report out of order; the later step wins.
            for c in cases where (g.young[c.id]?.step ?? g.old[c.id]?.step ?? Int.min) < c.step {
                g.old.removeValue(forKey: c.id)
                Self.insert(c, into: &g, capacity: capacity, dropping: &dropped)
            }
        }
        Self.release(&dropped)
    }

    /// Inserts into the young generation; when a full young one becomes the old one, the old
    /// one it replaces goes into `dropped`.
    private static func insert(_ c: CaseState, into g: inout Generations, capacity: Int, dropping dropped: inout [[String: CaseState]]) {
        if g.young.count >= capacity, g.young[c.id] == nil {
            if !g.old.isEmpty { dropped.append(g.old) }
            g.old = g.young
            g.young = Dictionary(minimumCapacity: capacity)
        }
        g.young[c.id] = c
    }

    /// Frees dropped generations (thousands of cases) on a background thread: not under the
    /// lock, and not on the caller's, which is often the store's single writer. The caller's
    /// array is emptied first, so the background block holds the last reference.
    private static func release(_ dropped: inout [[String: CaseState]]) {
        guard !dropped.isEmpty else { return }
        let generations = dropped
        dropped = []
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(generations) {} }
    }
}
