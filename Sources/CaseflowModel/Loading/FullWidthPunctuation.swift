/// Full-width punctuation typed with a Chinese input method where YAML needs ASCII: a colon
/// after a key (`title：`) or a comma between the items of a flow list (`[a，b]`).
///
/// libyaml reads `title： 退货` as one piece of text, so the mistake surfaces lines later as
/// "mapping values are not allowed in this context", or as a wrong type and an unhandled event,
/// and never names the character. Found before parsing, each is reported at its own column and
/// made ASCII in the text that is parsed, so the rest of the file is checked as meant and one
/// slip gives one message. Values are left alone: full-width punctuation in a title or a comment
/// is ordinary Chinese text. Expressions are checked by the expression lexer.
enum FullWidthPunctuation {
    struct Finding: Equatable {
        var line: Int
        var column: Int
        var message: String
    }

    /// The text with the slips made ASCII, and where they were (1-based, columns in characters).
    static func repair(_ text: String) -> (text: String, findings: [Finding]) {
        // Most files have none: skip the line walk.
        guard text.unicodeScalars.contains(where: { $0 == "：" || $0 == "，" }) else { return (text, []) }
        var findings: [Finding] = []
        var lines: [String] = []
        var blockIndent: Int? = nil
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Array(raw)
            let indent = line.prefix { $0 == " " }.count
            if let block = blockIndent {
                // Inside a `|` or `>` block: its lines are text, however they look.
                if indent > block || line.allSatisfy({ $0 == " " || $0 == "\r" }) {
                    lines.append(String(raw))
                    continue
                }
                blockIndent = nil
            }
            if fix(&line, lineNumber: index + 1, findings: &findings) { blockIndent = indent }
            lines.append(String(line))
        }
        return (lines.joined(separator: "\n"), findings)
    }

    /// Repairs one line; true when it starts a block scalar (`description: >`).
    private static func fix(_ line: inout [Character], lineNumber: Int, findings: inout [Finding]) -> Bool {
        var i = line.prefix { $0 == " " }.count
        // Sequence item indicators: `- `, `- - `.
        while i + 1 < line.count, line[i] == "-", line[i + 1] == " " {
            i += 2
            while i < line.count, line[i] == " " { i += 1 }
        }
        var quote: Character? = nil
        var depth = 0
        var keyStart: Int? = i
        var valueStart = i
        while i < line.count {
            let c = line[i]
            if let q = quote {
                if c == q { quote = nil }
                i += 1
                continue
            }
            switch c {
            case "'", "\"":
                quote = c
                keyStart = nil
            case "#" where i == 0 || line[i - 1] == " " || line[i - 1] == "\t":
                return startsBlock(line[valueStart..<i])
            case "[", "{":
                depth += 1
                keyStart = i + 1
            case "]", "}":
                depth = max(0, depth - 1)
                keyStart = nil
            case ",":
                keyStart = depth > 0 ? i + 1 : nil
            case "，" where depth > 0:
                findings.append(Finding(line: lineNumber, column: i + 1, message:
                    "full-width comma '，' between the items of a flow list or map; YAML needs an ASCII comma, e.g. [a, b] — switch the input method to half-width (半角) and retype it"))
                line[i] = ","
                keyStart = i + 1
            case ":":
                keyStart = nil
                valueStart = i + 1
            case "：":
                if let start = keyStart {
                    let key = String(line[start..<i]).trimmingSpaces
                    if !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }) {
                        findings.append(Finding(line: lineNumber, column: i + 1, message:
                            "full-width colon '：' after '\(key)'; YAML needs an ASCII colon and a space, '\(key): …' — switch the input method to half-width (半角) and retype it"))
                        line[i] = ":"
                        if i + 1 < line.count, line[i + 1] != " " { line.insert(" ", at: i + 1) }
                        valueStart = i + 1
                    }
                }
                keyStart = nil
            default:
                break
            }
            i += 1
        }
        return startsBlock(line[min(valueStart, line.count)...])
    }

    /// A value of `|` or `>` with optional chomping and indentation indicators.
    private static func startsBlock(_ value: ArraySlice<Character>) -> Bool {
        let text = String(value).trimmingSpaces
        guard let first = text.first, first == "|" || first == ">" else { return false }
        return text.dropFirst().allSatisfy { $0 == "-" || $0 == "+" || $0.isNumber }
    }
}

private extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" || s.first == "\r" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" || s.last == "\r" { s = s.dropLast() }
        return String(s)
    }
}
