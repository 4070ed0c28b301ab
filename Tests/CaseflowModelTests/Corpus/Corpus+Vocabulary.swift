/// Fixtures whose workflows or rule sets contradict the case data vocabulary, or whose
/// vocabulary declares a field twice.
extension Corpus {
    static let vocabulary: [Fixture] = [
        // At the second declaration; the note at the first.
        Fixture("duplicate-vocabulary-field", .error(.duplicateVocabularyField, "b.yaml", 3, 3, note: .at("a.yaml", 3, 3))),
        // `order.channel: {type: int}` where the vocabulary says string: at the workflow's
        // declaration, the note at the vocabulary's.
        Fixture("vocabulary-type-changed", .error(.schemaMismatch, "return.yaml", 5, 3, note: .at("vocabulary.yaml", 2, 3))),
        // A narrowed enum with a value the vocabulary's lacks ('stor').
        Fixture("vocabulary-enum-wider", .error(.schemaMismatch, "return.yaml", 5, 3, suggestion: "store", note: .at("vocabulary.yaml", 2, 3))),
        // Named without a type but not in the vocabulary: a typo of 'order.channel'.
        Fixture("vocabulary-field-unknown", .error(.missingKey, "return.yaml", 5, 3, suggestion: "order.channel")),
        // A rule reads a name neither declared nor in the vocabulary: the closest vocabulary name.
        Fixture("vocabulary-name-misspelt", .error(.unknownField, "rules.yaml", 5, 17, suggestion: "order.delivered_at")),
        // Narrowed to [vip], the vocabulary's default 'standard' no longer fits.
        Fixture("vocabulary-default-outside-enum", .error(.badValue, "complaint.yaml", 5, 3)),
    ]
}
