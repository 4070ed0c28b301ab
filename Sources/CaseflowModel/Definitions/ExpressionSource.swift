import CaseflowExpr
import CaseflowSource
import CaseflowYAML

/// The text of one expression as written in a YAML file, with a map from each character back
/// to its file line and column — also for expressions folded over several lines (`>`, `|`, or a
/// plain scalar continued on the next lines), so an error points at the right character.
public struct ExpressionSource: Sendable, Hashable {
    /// Where a run of the expression's characters starts in the file.
    public struct Segment: Sendable, Hashable {
        /// Offset in the expression text, in Unicode scalars.
        public var offset: Int
        public var line: Int
        public var column: Int
    }

    public var text: String
    /// Where the node holding the expression starts.
    public var location: SourceLocation
    /// Runs of text by source line, in order; at least one.
    public var segments: [Segment]

    /// An expression whose characters all sit on one line starting at `location`.
    public init(text: String, location: SourceLocation) {
        self.text = text
        self.location = location
        self.segments = [Segment(offset: 0, line: location.line, column: location.column)]
    }

    /// Reads an expression from a scalar node, mapping its lines against the file's text.
    init?(_ node: YAMLNode, in file: SourceFile) {
        guard let scalar = node.scalar else { return nil }
        text = scalar.value
        location = node.location
        segments = ExpressionSource.segments(of: scalar, in: file)
    }

    /// The file location of a position inside the expression text. A position past the end
    /// (an expression that ends too early) stays just after the last character, not on the
    /// line after a block scalar's final line break.
    public func fileLocation(of position: SourcePosition) -> SourceLocation {
        var end = text.unicodeScalars.count
        for scalar in text.unicodeScalars.reversed() {
            guard scalar == "\n" || scalar == " " || scalar == "\r" else { break }
            end -= 1
        }
        let offset = min(position.offset, end)
        var segment = segments[0]
        for s in segments where s.offset <= offset { segment = s }
        return SourceLocation(file: location.file, line: segment.line, column: segment.column + offset - segment.offset)
    }

    /// Walks the scalar's source lines and finds where each line's text starts in the value.
    /// Folding (plain, quoted, `>`) joins lines with one space; a literal block keeps each
    /// line break; both consume one character of the value per line break.
    private static func segments(of scalar: YAMLScalar, in file: SourceFile) -> [Segment] {
        let start = scalar.contentStart
        var result = [Segment(offset: 0, line: start.line, column: start.column)]
        let total = scalar.value.unicodeScalars.count
        guard scalar.value.utf8.contains(10) || scalar.style != .literal else { return result }
        guard let first = file.line(start.line) else { return result }
        var offset = first.unicodeScalars.count - (start.column - 1)
        var lineNumber = start.line + 1
        var afterBlank = false
        while offset < total, let line = file.line(lineNumber) {
            let scalars = Array(line.unicodeScalars)
            var indent = 0
            while indent < scalars.count, scalars[indent] == " " || scalars[indent] == "\t" { indent += 1 }
            if scalar.style == .literal || scalar.style == .folded { indent = min(indent, start.column - 1) }
            let content = scalars.count - indent
            if scalar.style == .literal {
                offset += 1 // every line break is kept
            } else if content == 0 {
                offset += 1 // a blank line folds to one line break, replacing the folding space
                afterBlank = true
            } else if !afterBlank {
                offset += 1 // the folding space
            }
            if content > 0 {
                afterBlank = false
                result.append(Segment(offset: offset, line: lineNumber, column: indent + 1))
                offset += content
            }
            lineNumber += 1
        }
        return result
    }
}
