/// A node of a parsed YAML document — scalar, sequence or mapping — that knows where it was written.
///
/// Mappings keep their entries in file order. Looking a key up by string is a dictionary lookup,
/// so walking a mapping of ten thousand states does not turn quadratic.
///
/// ```swift
/// let result = try YAML.parse(text: "initial: requested\n", file: "return.yaml")
/// let initial = result.root?["initial"]   // YAMLNode at return.yaml:1:10
/// initial?.string                          // "requested"
/// ```
public struct YAMLNode: Sendable, Equatable {
    /// What a node holds.
    public enum Kind: Sendable, Equatable {
        /// A single value; see ``YAMLScalar``.
        case scalar(YAMLScalar)
        /// An ordered list of nodes.
        case sequence([YAMLNode])
        /// An ordered list of key/value entries, without duplicate keys.
        case mapping([YAMLMappingEntry])
    }

    /// Where the node starts: the first character of a plain scalar, the opening quote of a quoted
    /// one, the `|`/`>` of a block scalar, the first key or `-` of a block collection, the `{`/`[`
    /// of a flow collection, or the `*` of an alias (see ``YAML`` for aliases).
    public var location: SourceLocation
    /// The node's content.
    public var kind: Kind {
        didSet { keyIndex = Self.makeKeyIndex(kind) }
    }
    /// The node's explicit tag in its resolved form (`!!str` becomes `tag:yaml.org,2002:str`),
    /// or nil when the node has none.
    public var tag: String?

    /// For a mapping: each scalar key's string to the index of its first entry.
    private var keyIndex: [String: Int]

    /// Creates a node; a mapping's key index is built here.
    public init(location: SourceLocation, kind: Kind, tag: String? = nil) {
        self.location = location
        self.kind = kind
        self.tag = tag
        self.keyIndex = Self.makeKeyIndex(kind)
    }

    /// Creates a mapping node whose key index the composer has already built.
    init(location: SourceLocation, entries: [YAMLMappingEntry], keyIndex: [String: Int], tag: String?) {
        self.location = location
        self.kind = .mapping(entries)
        self.tag = tag
        self.keyIndex = keyIndex
    }

    /// Compares location, kind and tag.
    public static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        lhs.location == rhs.location && lhs.tag == rhs.tag && lhs.kind == rhs.kind
    }

    /// The index of the first entry whose key is a scalar with this value.
    func entryIndex(forKey key: String) -> Int? {
        keyIndex[key]
    }

    private static func makeKeyIndex(_ kind: Kind) -> [String: Int] {
        guard case .mapping(let entries) = kind else { return [:] }
        var index: [String: Int] = [:]
        index.reserveCapacity(entries.count)
        for (position, entry) in entries.enumerated() {
            if case .scalar(let key) = entry.key.kind, index[key.value] == nil {
                index[key.value] = position
            }
        }
        return index
    }
}
