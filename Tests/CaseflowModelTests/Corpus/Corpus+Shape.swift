/// Fixtures whose YAML is fine but whose keys, value types, names or plain values are not.
extension Corpus {
    static let shape: [Fixture] = [
        Fixture("unknown-key", .error(.unknownKey, "repair.yaml", 7, 5, suggestion: "title")),
        // The list is refused where it starts; without states, 'initial' names nothing either.
        Fixture("wrong-type",
                .error(.unknownInitial, "repair.yaml", 4, 10),
                .error(.wrongType, "repair.yaml", 6, 3)),
        // Reported on the workflow mapping, which starts at the first line.
        Fixture("missing-key", .error(.missingKey, "repair.yaml", 1, 1)),
        // `delay: 48 hours` — at the value.
        Fixture("bad-duration", .error(.badDuration, "repair.yaml", 12, 16)),
        // `default: standrd` inside a flow mapping, at the value.
        Fixture("bad-enum-default", .error(.badValue, "repair.yaml", 5, 65, suggestion: "standard")),
        Fixture("bad-name", .error(.badName, "repair.yaml", 8, 3)),
        // `return.received_at` could be set but never read: 'return' is reserved in expressions.
        Fixture("reserved-field-name", .error(.badName, "return.yaml", 5, 3)),
        // '：' typed after two keys: at each colon, with nothing after them (no CF102, no CF211).
        Fixture("full-width-colon", .error(.fullWidthPunctuation, "repair.yaml", 11, 10),
                .error(.fullWidthPunctuation, "repair.yaml", 14, 23)),
        // '，' between the items of `outcomes: [fixed，not_fixed]`.
        Fixture("full-width-comma", .error(.fullWidthPunctuation, "repair.yaml", 10, 25)),
        // `when: repair.note == “urgent”`: at the opening quote.
        Fixture("full-width-expression", .error(.fullWidthPunctuation, "repair.yaml", 14, 30)),
    ]
}
