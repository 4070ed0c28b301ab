import CaseflowExpr
import CaseflowSource
import CaseflowYAML

/// What a schema declares, which decides the keys it takes and whether a type may be left out.
enum SchemaKind {
    /// An event's payload: every field has its type.
    case payload
    /// A workflow's `case:` or a rule set's `fields:`: a vocabulary field may be named without
    /// a type (`customer.id:`) or narrowed (`order.channel: {enum: [online, store]}`).
    case caseFields
    /// The vocabulary itself: types, and what each field means and whether it is personal data.
    case vocabulary

    var keys: [String] {
        switch self {
        case .payload, .caseFields: return ["type", "enum", "optional", "default", "title"]
        case .vocabulary: return ["type", "enum", "optional", "default", "meaning", "personal", "search"]
        }
    }
}

/// Reads a field schema: `name: type` or `name: {type, enum, optional, default, title}`; in a
/// case schema also `name:` (a vocabulary field as the vocabulary declares it) or a mapping
/// without `type` (a vocabulary field narrowed).
extension Reader {
    static let fieldKeys = SchemaKind.payload.keys

    mutating func schema(_ node: YAMLNode?, _ what: String, kind: SchemaKind = .payload) -> [FieldDefinition] {
        guard let node, let entries = mapping(node, what) else { return [] }
        var fields: [FieldDefinition] = []
        for entry in entries {
            guard let name = string(entry.key, "a field name") else { continue }
            if !FieldNames.isValid(name) {
                bag.error(.badName, at: entry.key.location, "field name '\(name)' must be dotted words of letters, digits and underscores, e.g. order.delivered_at")
                continue
            }
            if let word = FieldNames.reservedPart(of: name) {
                bag.error(.badName, at: entry.key.location, "'\(word)' is a reserved word in expressions, so '\(name)' could never be read; choose another word, e.g. returned_goods instead of return")
                continue
            }
            if let field = fieldDefinition(name, entry.value, at: entry.key.location, kind: kind) { fields.append(field) }
        }
        return fields
    }

    private mutating func fieldType(_ node: YAMLNode) -> FieldType? {
        guard let text = string(node, "a field type") else { return nil }
        if let type = FieldType(rawValue: text) { return type }
        let known = FieldType.allCases.map(\.rawValue)
        bag.error(.badValue, at: node.location, "unknown field type '\(text)'; use one of \(known.joined(separator: ", "))",
                  suggestion: Suggestion.closest(to: text, among: known))
        return nil
    }

    private mutating func fieldDefinition(_ name: String, _ node: YAMLNode, at location: SourceLocation, kind: SchemaKind) -> FieldDefinition? {
        // `customer.id:` — a vocabulary field, as the vocabulary declares it.
        if node.isNull && kind == .caseFields {
            var field = FieldDefinition(name: name, type: .string, location: location)
            field.typeWritten = false
            return field
        }
        if node.scalar != nil {
            guard let type = fieldType(node) else { return nil }
            return FieldDefinition(name: name, type: type, location: location)
        }
        guard node.entries != nil else {
            bag.error(.wrongType, at: node.location, "field '\(name)' needs a type name or a mapping with 'type'")
            return nil
        }
        checkKeys(node, allowed: kind.keys, in: "field '\(name)'")
        if kind == .caseFields && node["type"] == nil {
            // A vocabulary field narrowed: its type (and the checks that need it) come later.
            var field = FieldDefinition(name: name, type: .string, location: location)
            field.typeWritten = false
            field.title = string(node["title"], "a title")
            if let optional = node["optional"] {
                field.optional = bool(optional, "'optional'") ?? false
                field.optionalWritten = true
            }
            if let enumNode = node["enum"] { field.allowed = names(enumNode, "an enum value").map(\.value) }
            if let defaultNode = node["default"] {
                field.defaultValue = YAMLValue.untyped(defaultNode)
                field.defaultLocation = defaultNode.location
            }
            return field
        }
        guard let typeNode = require(node, "type", in: "field '\(name)'"), let type = fieldType(typeNode) else { return nil }
        var field = FieldDefinition(name: name, type: type, location: location)
        field.title = string(node["title"], "a title")
        if kind == .vocabulary {
            field.meaning = string(node["meaning"], "the meaning")
            field.personal = bool(node["personal"], "'personal'") ?? false
            if let searchNode = node["search"], let search = string(searchNode, "the search name") {
                let taken = ["workflow", "state", "open", "created_after", "created_before", "limit", "cursor"]
                if taken.contains(search) {
                    bag.error(.badValue, at: searchNode.location, "'search: \(search)' is a filter of GET /v1/cases already; choose another name, e.g. search: \(search)_id")
                } else if type != .string || search.isEmpty || !search.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) {
                    bag.error(.badValue, at: searchNode.location,
                              "'search: \(search)' must be a lower-case word (letters, digits, _) on a string field: the query parameter cases are found by, e.g. search: customer")
                } else {
                    field.search = search
                }
            }
        }
        if let optional = node["optional"] {
            field.optional = bool(optional, "'optional'") ?? false
            field.optionalWritten = true
        }
        if let enumNode = node["enum"] {
            if type != .string {
                bag.error(.badValue, at: enumNode.location, "'enum' applies to string fields, but '\(name)' is \(type.rawValue)")
            }
            field.allowed = names(enumNode, "an enum value").map(\.value)
        }
        if let defaultNode = node["default"] {
            field.defaultLocation = defaultNode.location
            switch YAMLValue.convert(YAMLValue.untyped(defaultNode), to: type) {
            case .success(let value):
                if let allowed = field.allowed, let s = value.stringValue, !allowed.contains(s) {
                    bag.error(.badValue, at: defaultNode.location, "default '\(s)' is not one of \(allowed.joined(separator: ", "))",
                              suggestion: Suggestion.closest(to: s, among: allowed))
                }
                field.defaultValue = value
            case .failure(let error):
                bag.error(type == .timestamp ? .badTimestamp : (type == .duration ? .badDuration : .badValue),
                          at: defaultNode.location, "default of '\(name)': \(error.message)")
            }
        }
        return field
    }
}

/// What a field, state, event, task or rule name may look like.
enum FieldNames {
    static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isWord)
    }

    /// The first dotted part of `name` that expressions reserve, if any.
    static func reservedPart(of name: String) -> String? {
        name.split(separator: ".").map(String.init).first { Parser.reservedWords.contains($0) }
    }

    static func isWord(_ word: Substring) -> Bool {
        guard let first = word.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return word.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" }
    }
}
