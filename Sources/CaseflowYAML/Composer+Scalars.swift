import CaseflowSource
/// Works out where a scalar's content starts, from its style, properties and start mark.
extension Composer {
    mutating func scalar(_ value: String, _ style: YAMLScalar.Style, _ properties: ParserEvent.NodeProperties,
                         at mark: ParserEvent.Mark) -> YAMLScalar {
        var content = mark
        if properties.anchor != nil || properties.tag != nil {
            let position = text().positionAfterProperties((mark.line, mark.column))
            content = ParserEvent.Mark(line: position.line, column: position.column)
        }
        return YAMLScalar(value: value, style: style, contentStart: contentStart(value, style, at: content))
    }

    /// `mark` is the first character after any properties: the text, the quote or the indicator.
    private mutating func contentStart(_ value: String, _ style: YAMLScalar.Style,
                                       at mark: ParserEvent.Mark) -> SourceLocation {
        switch style {
        case .plain:
            return location(mark)
        case .singleQuoted, .doubleQuoted:
            return location(ParserEvent.Mark(line: mark.line, column: mark.column + 1))
        case .literal, .folded:
            guard !value.isEmpty else { return location(mark) }
            let parentIndent = stack.last.map { $0.isFlow ? -1 : $0.column } ?? -1
            let start = text().blockScalarContentStart(header: (mark.line, mark.column), parentIndent: parentIndent)
            return location(ParserEvent.Mark(line: start.line, column: start.column))
        }
    }
}
