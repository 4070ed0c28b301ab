import CaseflowSource
/// The composer's working state: finished nodes with their sizes, and collections still open.
extension Composer {
    /// A node with what limits need to know about it after alias expansion.
    struct Composed {
        var node: YAMLNode
        /// Nodes in the subtree, counting what its aliases expand to.
        var nodeCount: Int
        /// 0 for a scalar, 1 + the deepest child for a collection.
        var height: Int
    }

    /// A sequence or mapping whose end event has not arrived yet.
    ///
    /// A class so the open collections are mutated in place: a struct in `stack` would be copied,
    /// with all its arrays retained and released, on every read in debug builds.
    final class Frame {
        let location: SourceLocation
        /// The 0-based column of the first key or "-": a block collection's indentation.
        let column: Int
        let isMapping: Bool
        let isFlow: Bool
        let properties: ParserEvent.NodeProperties
        var items: [YAMLNode] = []
        var entries: [YAMLMappingEntry] = []
        var keyIndex = MappingKeyIndex()
        var pendingKey: YAMLNode?
        var nodeCount = 1
        var height = 1

        init(location: SourceLocation, column: Int, isMapping: Bool, isFlow: Bool,
             properties: ParserEvent.NodeProperties) {
            self.location = location
            self.column = column
            self.isMapping = isMapping
            self.isFlow = isFlow
            self.properties = properties
        }
    }
}
