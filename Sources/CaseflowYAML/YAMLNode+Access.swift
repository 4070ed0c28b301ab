/// Accessors that read a node's shape without a `switch` at every call site.
extension YAMLNode {
    /// The scalar, if this node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = kind { return scalar }
        return nil
    }

    /// The items, if this node is a sequence.
    public var items: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// The entries in file order, if this node is a mapping.
    public var entries: [YAMLMappingEntry]? {
        if case .mapping(let entries) = kind { return entries }
        return nil
    }

    /// The entry whose key is a scalar equal to `key`, if this node is a mapping that has one.
    public func entry(forKey key: String) -> YAMLMappingEntry? {
        guard case .mapping(let entries) = kind, let index = entryIndex(forKey: key, in: entries) else { return nil }
        return entries[index]
    }

    /// The value for a scalar key, if this node is a mapping that has the key.
    public subscript(key: String) -> YAMLNode? {
        entry(forKey: key)?.value
    }

    /// The item at `index`, if this node is a sequence that long.
    public subscript(index: Int) -> YAMLNode? {
        guard case .sequence(let items) = kind, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// "scalar", "sequence" or "mapping", for messages such as "expected a mapping, found a sequence".
    public var kindName: String {
        switch kind {
        case .scalar: "scalar"
        case .sequence: "sequence"
        case .mapping: "mapping"
        }
    }
}
