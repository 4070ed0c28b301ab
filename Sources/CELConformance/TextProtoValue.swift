/// A line and column (1-based; columns count bytes) in a text-format file.
struct TextLocation: Sendable, CustomStringConvertible {
    var line: Int
    var column: Int

    var description: String { "\(line):\(column)" }
}

/// A malformed text-format file: a syntax error, or a field whose value has the wrong shape.
struct TextProtoError: Error, Sendable, CustomStringConvertible {
    var message: String
    var location: TextLocation

    init(_ message: String, at location: TextLocation) {
        self.message = message
        self.location = location
    }

    var description: String { "\(location): \(message)" }
}

/// One parsed protobuf text-format message, without a schema: its fields in source order.
///
/// A repeated field appears once per element, whether written as repeated fields or as a
/// `[a, b]` list. Names of extension and `Any` fields keep their bracketed text
/// (`type.googleapis.com/google.protobuf.Duration`) and are flagged ``TextProtoField/isExtension``.
struct TextProtoMessage: Sendable {
    var fields: [TextProtoField] = []

    /// Every occurrence of a field, in order.
    func all(_ name: String) -> [TextProtoField] { fields.filter { $0.name == name && !$0.isExtension } }

    /// The last occurrence of a field: for a singular field, a later value replaces an earlier one.
    func field(_ name: String) -> TextProtoField? { fields.last { $0.name == name && !$0.isExtension } }

    /// True when the field occurs at all.
    func has(_ name: String) -> Bool { field(name) != nil }
}

/// One occurrence of a field: its name, value and where it starts.
struct TextProtoField: Sendable {
    var name: String
    /// True for `[ext.name]` and `[type.googleapis.com/...]` fields.
    var isExtension: Bool
    var value: TextProtoValue
    var location: TextLocation
}

/// A field's value: a nested message or a scalar.
enum TextProtoValue: Sendable {
    case message(TextProtoMessage)
    case scalar(TextProtoScalar)
}

/// A scalar as written; its meaning depends on the field's type, which the caller knows.
enum TextProtoScalar: Sendable {
    /// A string literal (adjacent literals joined) as raw bytes, escapes applied.
    case string([UInt8])
    /// A numeric literal as written, with a leading `-` when negated.
    case number(String)
    /// A bare identifier (`true`, `NULL_VALUE`, `inf`), with a leading `-` for `-inf`, `-nan`.
    case identifier(String)
}
