/// Finds a mapping's entry by key string: a scan for small mappings, a dictionary for large ones.
///
/// Most mappings in a workflow have a handful of keys, where building a dictionary costs more
/// than it saves; a `states:` mapping can have thousands, where a scan per lookup would turn
/// quadratic. The first entry with a key wins.
struct MappingKeyIndex: Sendable {
    /// From this many entries on, lookups go through `table`.
    static let threshold = 8

    /// Built when the mapping reaches `threshold` entries; nil before.
    private var table: [String: Int]?

    init() {}

    init(entries: [YAMLMappingEntry]) {
        guard entries.count >= Self.threshold else { return }
        table = [String: Int](minimumCapacity: entries.count)
        add(entries, from: 0)
    }

    /// The index of the first entry whose key is a scalar with this value.
    func firstIndex(of key: String, in entries: [YAMLMappingEntry]) -> Int? {
        if let table { return table[key] }
        for index in 0..<entries.count {
            if case .scalar(let scalar) = entries[index].key.kind, scalar.value == key { return index }
        }
        return nil
    }

    /// Records the entry just appended as the last of `entries`.
    mutating func didAppend(to entries: [YAMLMappingEntry]) {
        if table != nil {
            add(entries, from: entries.count - 1)
        } else if entries.count >= Self.threshold {
            table = [String: Int](minimumCapacity: Self.threshold * 2)
            add(entries, from: 0)
        }
    }

    private mutating func add(_ entries: [YAMLMappingEntry], from start: Int) {
        for index in start..<entries.count {
            if case .scalar(let scalar) = entries[index].key.kind, table?[scalar.value] == nil {
                table?[scalar.value] = index
            }
        }
    }
}
