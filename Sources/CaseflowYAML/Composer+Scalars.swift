/// Works out where a scalar's content starts, from its style and start mark.
extension Composer {
    mutating func scalar(_ value: String, _ style: YAMLScalar.Style, at mark: ParserEvent.Mark) -> YAMLScalar {
        YAMLScalar(value: value, style: style, contentStart: contentStart(value, style, at: mark))
    }

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
