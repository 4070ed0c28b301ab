/// Fixtures broken before any definition is read: YAML syntax, duplicate keys, limits, file kind.
extension Corpus {
    static let files: [Fixture] = [
        // `queue: repairs desk: east` — the caret goes to the second ':'.
        Fixture("yaml-syntax", .error(.yamlSyntax, "repair.yaml", 9, 28)),
        // The second 'approve' is the error; the note points at the first.
        Fixture("duplicate-key", .error(.duplicateKey, "repair.yaml", 13, 7, note: .at("repair.yaml", 11, 7))),
        // The 65th level of nesting: root mapping plus 64 sequences opened from column 10.
        Fixture("yaml-too-deep", .error(.yamlLimit, "repair.yaml", 4, 73)),
        Fixture("unknown-file-kind", .error(.unknownFileKind, "repair.yaml", 2, 1, suggestion: "workflow")),
    ]
}
