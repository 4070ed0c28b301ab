/// One `key: value` pair of a mapping, with both nodes so each side keeps its own location.
public struct YAMLMappingEntry: Sendable, Equatable {
    /// The key node; in Caseflow files almost always a plain scalar.
    public var key: YAMLNode
    /// The value node.
    public var value: YAMLNode

    /// Creates an entry.
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}
