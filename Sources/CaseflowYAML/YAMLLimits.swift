/// Bounds on what one YAML file may cost to read, so a hostile or broken file fails fast and clearly.
public struct YAMLLimits: Sendable, Hashable {
    /// The largest file, in bytes of UTF-8 (default 1 MiB).
    public var maxBytes: Int
    /// The deepest nesting of sequences and mappings; the root collection is depth 1 (default 64).
    public var maxDepth: Int
    /// How many nodes aliases may add in total (default 100,000).
    ///
    /// An alias counts as the number of nodes it refers to, counted after that node's own aliases
    /// are expanded, so a "billion laughs" bomb is stopped after a few levels without ever being
    /// built. Nodes written out in the file are bounded by ``maxBytes`` instead and do not count.
    public var maxAliasedNodes: Int

    /// The limits used when none are given: 1 MiB, depth 64, 100,000 aliased nodes.
    public static let `default` = YAMLLimits()

    /// Creates limits; each argument defaults to the value in ``default``.
    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 64, maxAliasedNodes: Int = 100_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxAliasedNodes = maxAliasedNodes
    }
}
