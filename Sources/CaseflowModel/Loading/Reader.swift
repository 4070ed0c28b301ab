import CaseflowExpr
import CaseflowSource
import CaseflowYAML

/// Reads typed values out of YAML nodes and records a located diagnostic for every mismatch,
/// so a loader can keep going and report all problems of a file at once.
struct Reader {
    let file: SourceFile
    var bag = DiagnosticBag()

    init(file: SourceFile) { self.file = file }

    /// The entries of a mapping; reports and returns nil for anything else.
    mutating func mapping(_ node: YAMLNode, _ what: String) -> [YAMLMappingEntry]? {
        if let entries = node.entries { return entries }
        if node.isNull { return [] }
        bag.error(.wrongType, at: node.location, "\(what) must be a mapping (key: value lines), not a \(node.kindName)")
        return nil
    }

    /// Reports keys of `node` that are not in `allowed`, with the closest allowed key.
    mutating func checkKeys(_ node: YAMLNode, allowed: [String], in what: String) {
        for entry in node.entries ?? [] {
            guard let key = entry.key.string else { continue }
            if !allowed.contains(key) {
                bag.error(.unknownKey, at: entry.key.location,
                          "unknown key '\(key)' in \(what); allowed keys: \(allowed.joined(separator: ", "))",
                          suggestion: Suggestion.closest(to: key, among: allowed))
            }
        }
    }

    /// Reports a missing required key at the mapping's location.
    mutating func require(_ node: YAMLNode, _ key: String, in what: String) -> YAMLNode? {
        if let value = node[key] { return value }
        bag.error(.missingKey, at: node.location, "\(what) needs the key '\(key)'")
        return nil
    }

    mutating func string(_ node: YAMLNode?, _ what: String) -> String? {
        guard let node else { return nil }
        if let scalar = node.scalar, !node.isNull { return scalar.value }
        bag.error(.wrongType, at: node.location, "\(what) must be a text value, not a \(node.isNull ? "null" : node.kindName)")
        return nil
    }

    mutating func located(_ node: YAMLNode?, _ what: String) -> Located<String>? {
        guard let node, let s = string(node, what) else { return nil }
        return Located(s, at: node.location)
    }

    mutating func int(_ node: YAMLNode?, _ what: String) -> Int? {
        guard let node else { return nil }
        if let i = node.int { return i }
        bag.error(.wrongType, at: node.location, "\(what) must be a whole number, not '\(node.string ?? node.kindName)'")
        return nil
    }

    mutating func bool(_ node: YAMLNode?, _ what: String) -> Bool? {
        guard let node else { return nil }
        if let b = node.bool { return b }
        bag.error(.wrongType, at: node.location, "\(what) must be true or false, not '\(node.string ?? node.kindName)'")
        return nil
    }

    /// A list of names; a single scalar counts as a one-item list.
    mutating func names(_ node: YAMLNode?, _ what: String) -> [Located<String>] {
        guard let node else { return [] }
        if node.scalar != nil && !node.isNull { return located(node, what).map { [$0] } ?? [] }
        if node.isNull { return [] }
        guard let items = node.items else {
            bag.error(.wrongType, at: node.location, "\(what) must be a name or a list of names, not a \(node.kindName)")
            return []
        }
        return items.compactMap { located($0, what) }
    }

    mutating func duration(_ node: YAMLNode?, _ what: String) -> CELDuration? {
        guard let node, let text = string(node, what) else { return nil }
        switch WrittenDuration.parse(text, what) {
        case .success(let d): return d
        case .failure(let problem):
            bag.error(.badDuration, at: node.location, problem.message)
            return nil
        }
    }

    /// A timer's delay: a duration or working days (`3wd`).
    mutating func delay(_ node: YAMLNode?, _ what: String) -> Delay? {
        guard let node, let text = string(node, what) else { return nil }
        switch WrittenDuration.parseDelay(text, what) {
        case .success(let d): return d
        case .failure(let problem):
            bag.error(.badDuration, at: node.location, problem.message)
            return nil
        }
    }

    /// An expression; numbers and bools written plainly are expressions too (`priority: 2`).
    mutating func expression(_ node: YAMLNode?, _ what: String) -> ExpressionSource? {
        guard let node else { return nil }
        if let tag = node.tag, tag.hasPrefix("!"), !tag.hasPrefix("!!") {
            bag.error(.expressionSyntax, at: node.location, "\(what) starts with '!', which YAML reads as a tag ('\(tag)'); quote the expression, e.g. \"\(tag)\(node.string.map { " " + $0 } ?? "")\"")
            return nil
        }
        guard node.scalar != nil, !node.isNull else {
            bag.error(.wrongType, at: node.location, "\(what) must be an expression written as text, not a \(node.isNull ? "null" : node.kindName)")
            return nil
        }
        return ExpressionSource(node, in: file)
    }

    /// `field: expression` pairs in order.
    mutating func assignments(_ node: YAMLNode?, _ what: String) -> [Assignment] {
        guard let node, let entries = mapping(node, what) else { return [] }
        return entries.compactMap { entry in
            guard let field = located(entry.key, "a field name"), let value = expression(entry.value, "the value of '\(field.value)'") else { return nil }
            return Assignment(field: field, value: value)
        }
    }
}
