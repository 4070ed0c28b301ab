import CaseflowSource
/// A node of a parsed YAML document — scalar, sequence or mapping — that knows where it was written.
///
/// Mappings keep their entries in file order. Looking a key up by string in a large mapping is a
/// dictionary lookup, so walking a mapping of ten thousand states does not turn quadratic.
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
    /// of a flow collection, or the `*` of an alias (see ``YAML`` for aliases). A node written with
    /// an anchor or tag (`&base`, `!!str`) starts at the first of those.
    public var location: SourceLocation
    /// The node's content.
    public var kind: Kind {
        didSet { keyIndex = Self.makeKeyIndex(kind) }
    }
    /// The node's explicit tag in its resolved form (`!!str` becomes `tag:yaml.org,2002:str`),
    /// or nil when the node has none.
    public var tag: String?

    /// For a mapping: finds the first entry with a given scalar key.
    private var keyIndex: MappingKeyIndex

    /// Creates a node; a mapping's key index is built here.
    public init(location: SourceLocation, kind: Kind, tag: String? = nil) {
        self.location = location
        self.kind = kind
        self.tag = tag
        self.keyIndex = Self.makeKeyIndex(kind)
    }

    /// Creates a scalar node without the generic initializer's work.
    init(location: SourceLocation, scalar: YAMLScalar, tag: String?) {
        self.location = location
        self.kind = .scalar(scalar)
        self.tag = tag
        self.keyIndex = MappingKeyIndex()
    }

    /// Creates a sequence node without the generic initializer's work.
    init(location: SourceLocation, items: [YAMLNode], tag: String?) {
        self.location = location
        self.kind = .sequence(items)
        self.tag = tag
        self.keyIndex = MappingKeyIndex()
    }

    /// Creates a mapping node whose key index the composer has already built.
    init(location: SourceLocation, entries: [YAMLMappingEntry], keyIndex: MappingKeyIndex, tag: String?) {
        self.location = location
        self.kind = .mapping(entries)
        self.tag = tag
        self.keyIndex = keyIndex
    }

    /// Compares location, kind and tag.
    public static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        lhs.location == rhs.location && lhs.tag == rhs.tag && lhs.kind == rhs.kind
    }

    /// The index of the first entry of `entries` whose key is a scalar with this value.
    func entryIndex(forKey key: String, in entries: [YAMLMappingEntry]) -> Int? {
        keyIndex.firstIndex(of: key, in: entries)
    }

    private static func makeKeyIndex(_ kind: Kind) -> MappingKeyIndex {
        guard case .mapping(let entries) = kind else { return MappingKeyIndex() }
        return MappingKeyIndex(entries: entries)
    }
}
