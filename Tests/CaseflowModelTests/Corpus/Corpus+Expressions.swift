/// Fixtures whose expressions do not parse or type-check, with the file line and column of the
/// offending character — also inside block scalars that span several lines.
extension Corpus {
    static let expressions: [Fixture] = [
        // Third line of a folded `>` block: the second '&&'.
        Fixture("expression-syntax-folded", .error(.expressionSyntax, "returns.yaml", 13, 10)),
        // Second line of a literal `|` block: the stray ')'.
        Fixture("expression-syntax-literal", .error(.expressionSyntax, "repair.yaml", 14, 31)),
        Fixture("unknown-field", .error(.unknownField, "repair.yaml", 11, 15, suggestion: "order.channel")),
        Fixture("unknown-name", .error(.unknownName, "repair.yaml", 11, 15)),
        // `order.channel == 1` — at the operator.
        Fixture("type-mismatch", .error(.typeMismatch, "repair.yaml", 11, 29)),
        Fixture("not-bool", .error(.notBool, "repair.yaml", 11, 15)),
        Fixture("unknown-function", .error(.unknownFunction, "repair.yaml", 11, 15)),
        // `set: {decision.reasn: …}` — at the field name.
        Fixture("assign-unknown-field",
                .error(.unknownField, "repair.yaml", 15, 15, suggestion: "decision.reason")),
        // `set: {repair.count: "'one more'"}` — at the value.
        Fixture("assign-wrong-type", .error(.typeMismatch, "repair.yaml", 15, 29)),
        Fixture("assign-not-in-enum", .error(.badValue, "repair.yaml", 14, 30)),
        // Multi-line values without a literal line break still map to the right line.
        Fixture("unknown-field-plain-multiline", .error(.unknownField, "repair.yaml", 13, 14, suggestion: "repair.count")),
        Fixture("unknown-field-folded-strip", .error(.unknownField, "repair.yaml", 14, 14, suggestion: "repair.count")),
        // A blank line inside a folded block folds into one line break.
        Fixture("folded-blank-line", .error(.unknownField, "repair.yaml", 15, 14, suggestion: "repair.count")),
        // `when: !x` is a YAML tag: say so, at the value.
        Fixture("expression-tag", .error(.expressionSyntax, "repair.yaml", 13, 15)),
        // `due: 24h` gets a hint to write duration('24h').
        Fixture("duration-without-function", .error(.expressionSyntax, "repair.yaml", 9, 16)),
        // `duration('2 hours')` — at the literal, found before any case runs.
        Fixture("bad-literal", .error(.badLiteral, "repair.yaml", 11, 53)),
    ]
}
