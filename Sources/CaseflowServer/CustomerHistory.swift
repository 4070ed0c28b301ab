import CaseflowEngine
import CaseflowJSON
import CaseflowStore

/// 一人一档: a customer's cases across workflows, with the child cases they started (a revisit
/// carries no customer id of its own), each with its children, in the order created.
enum CustomerHistory {
    /// At most this many cases in one answer; a customer with more is listed by
    /// `GET /v1/cases?customer=` with paging.
    static let limit = 1_000

    static func load(_ customer: String, key: String, store: any CaseStore) async throws(StoreError) -> [(case: CaseState, children: [ChildLink])] {
        let own = try await store.cases(CaseFilter(keys: [SearchValue(name: key, value: customer)]), after: nil, limit: limit).items
        var entries: [(case: CaseState, children: [ChildLink])] = []
        var seen = Set(own.map(\.id))
        var queue = own
        // Breadth first through the children, never a case twice (a bounded walk: ids are unique).
        while !queue.isEmpty, entries.count < limit {
            let c = queue.removeFirst()
            let children = try await store.children(of: c.id)
            entries.append((c, children))
            for child in children where child.state != nil && !seen.contains(child.id) {
                seen.insert(child.id)
                if let loaded = try await store.loadCase(child.id) { queue.append(loaded) }
            }
        }
        return entries.sorted { $0.case.createdAt == $1.case.createdAt ? $0.case.id < $1.case.id : $0.case.createdAt < $1.case.createdAt }
    }
}
