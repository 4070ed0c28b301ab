import CaseflowSource
/// Turns libyaml's failure report into a located ``YAMLError`` with a hint on how to fix it.
extension Composer {
    mutating func syntaxError(_ failure: LibYAMLParser.Failure) -> YAMLError {
        let errorLocation: SourceLocation
        if failure.stage == .reader {
            let position = text().position(ofByteOffset: failure.byteOffset)
            errorLocation = location(ParserEvent.Mark(line: position.line, column: position.column))
        } else {
            errorLocation = locationWithinContent(failure.problemMark)
        }
        var message = failure.problem
        var notes: [YAMLError.Note] = []
        if failure.problem.contains("unexpected end of stream"), let context = failure.context,
           context.contains("quoted scalar") {
            // The fix belongs at the opening quote, not at the end of the file where libyaml noticed.
            notes.append(YAMLError.Note(location: errorLocation, message: "the file ends here without a closing quote"))
            return YAMLError(kind: .syntax, location: location(failure.contextMark),
                             message: "this quoted value is never closed; add the missing closing quote",
                             notes: notes)
        }
        if let context = failure.context {
            message += " \(context)"
            let contextLocation = location(failure.contextMark)
            if contextLocation != errorLocation {
                notes.append(YAMLError.Note(location: contextLocation, message: Self.contextNote(context)))
            }
        }
        message += "; " + SyntaxHints.hint(problem: failure.problem, context: failure.context)
        return YAMLError(kind: .syntax, location: errorLocation, message: message, notes: notes)
    }

    /// A mark past the file's last character (libyaml reports the end of a file on a line of its
    /// own, after the last line break or in place of a missing one) moves back to just after
    /// the last character that is not white space, so the message points at a line that
    /// exists and shows it.
    private mutating func locationWithinContent(_ mark: ParserEvent.Mark) -> SourceLocation {
        let text = text()
        let end = text.endOfContent
        guard text.byteOffset(line: mark.line, column: mark.column) >= end else { return location(mark) }
        let position = text.position(ofByteOffset: end)
        return location(ParserEvent.Mark(line: position.line, column: position.column))
    }

    /// "while scanning a quoted scalar" becomes "the quoted scalar starts here".
    private static func contextNote(_ context: String) -> String {
        var noun = context
        for prefix in ["while scanning ", "while parsing "] where noun.hasPrefix(prefix) {
            noun.removeFirst(prefix.count)
        }
        for article in ["a ", "an "] where noun.hasPrefix(article) {
            noun.removeFirst(article.count)
        }
        return "the \(noun) starts here"
    }
}
