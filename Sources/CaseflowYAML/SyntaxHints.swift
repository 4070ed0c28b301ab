/// Advice for libyaml's most common error messages, in words ops staff editing a file can act on.
enum SyntaxHints {
    private static let hints: [(problem: String, hint: String)] = [
        ("mapping values are not allowed",
         "a \": \" inside an unquoted value starts a new key; quote the whole value, or fix this line's indentation"),
        ("did not find expected key",
         "this line does not line up with the other keys of its mapping; check its indentation"),
        ("did not find expected '-' indicator",
         "every item of this list must start with \"- \" at the same indentation"),
        ("could not find expected ':'",
         "a key needs \": \" after it; if this is a value that runs over several lines, quote it"),
        ("did not find expected ',' or ']'", "close the \"[\" list, or quote values that contain , [ ] { } or #"),
        ("did not find expected ',' or '}'", "close the \"{\" mapping, or quote values that contain , [ ] { } or #"),
        ("tab character", "indent with spaces; YAML does not allow tabs for indentation"),
        ("found character that cannot start any token",
         "indent with spaces, not tabs, and quote values that start with @, ` or %"),
        ("found unknown escape character",
         "inside double quotes write a backslash as \\\\, or use single quotes instead"),
        ("found undefined tag handle", "remove the \"!\" tag, or quote the value if it starts with \"!\""),
        ("block sequence entries are not allowed",
         "a \"- \" item cannot follow a key's value on the same line; start the list on the next line"),
        ("did not find expected node content",
         "a value is missing or starts with a reserved character; quote it"),
        ("control characters are not allowed", "remove the control character; the file must be plain text"),
        ("UTF-8", "save the file as UTF-8 text"),
        ("incomplete UTF-8", "save the file as UTF-8 text"),
        ("found duplicate", "remove the repeated directive"),
        ("out of memory", "the file is too large or too deeply nested to parse; split it"),
    ]

    static func hint(problem: String, context: String?) -> String {
        if problem.contains("unexpected end of stream") {
            return "the file ends in the middle of a value; close the open quote, \"[\" or \"{\""
        }
        for entry in hints where problem.contains(entry.problem) {
            return entry.hint
        }
        return "check the indentation and quoting around this position"
    }
}
