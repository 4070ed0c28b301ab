import CaseflowSource
/// Resolves `*name` aliases against earlier anchors while keeping the expansion within budget.
///
/// An alias does not copy its target: the node shares storage with the anchored one. Only its
/// count is added to the budget, so a "billion laughs" bomb fails after a handful of events.
extension Composer {
    mutating func resolveAlias(_ name: String, at location: SourceLocation) throws(YAMLError) -> Composed {
        guard let target = anchors[name] else { throw unknownAlias(name, at: location) }
        aliasedNodes = Self.saturatingSum(aliasedNodes, target.nodeCount)
        guard aliasedNodes <= limits.maxAliasedNodes else {
            throw YAMLError(
                kind: .aliasBudgetExceeded, location: location,
                message: "aliases expand this document to more than \(limits.maxAliasedNodes) extra nodes, "
                    + "which looks like an alias bomb (\"billion laughs\"); write the data out or nest fewer "
                    + "aliases (the limit is YAMLLimits.maxAliasedNodes)",
                notes: [YAMLError.Note(location: target.node.location,
                                       message: "\"&\(name)\" expands to \(target.nodeCount) nodes")]
            )
        }
        guard stack.count + target.height <= limits.maxDepth else {
            throw YAMLError(
                kind: .tooDeep, location: location,
                message: "alias \"*\(name)\" nests collections deeper than \(limits.maxDepth) levels here; "
                    + "flatten the structure (the limit is YAMLLimits.maxDepth)"
            )
        }
        var node = target.node
        node.location = location
        return Composed(node: node, nodeCount: target.nodeCount, height: target.height)
    }

    private func unknownAlias(_ name: String, at location: SourceLocation) -> YAMLError {
        if let enclosing = stack.last(where: { $0.properties.anchor == name }) {
            return YAMLError(
                kind: .unknownAlias, location: location,
                message: "alias \"*\(name)\" refers to a node that contains it; recursive structures "
                    + "are not allowed, so remove the alias",
                notes: [YAMLError.Note(location: enclosing.location, message: "\"&\(name)\" is defined here")]
            )
        }
        return YAMLError(
            kind: .unknownAlias, location: location,
            message: "alias \"*\(name)\" refers to no anchor; define \"&\(name)\" on a node earlier in the file, "
                + "or fix the spelling (an alias can only refer back to an anchor above it)"
        )
    }
}
