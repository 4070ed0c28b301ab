/// Reads scalars as strings, bools, numbers and null, following the YAML 1.2 core schema.
///
/// Only plain (unquoted) scalars without a tag are resolved, so `"true"` and `'12'` stay strings.
/// An explicit core tag (`!!bool`, `!!int`, `!!float`, `!!null`) resolves the text as that type
/// whatever its quoting, and `!!str` keeps it a string. The YAML 1.1 words `yes`, `no`, `on` and
/// `off` are strings, not bools, so a country code `NO` or an answer `yes` is never silently flipped.
extension YAMLNode {
    /// The scalar's text, whatever it resolves to (`~` gives "~"); nil for collections.
    public var string: String? { scalar?.value }

    /// True for `~`, `null`, `Null`, `NULL` and an empty plain scalar (such as `key:` with no value).
    public var isNull: Bool {
        guard let text = resolvableText(as: "null") else { return false }
        return CoreSchema.isNull(text)
    }

    /// `true`/`True`/`TRUE` or `false`/`False`/`FALSE`; nil for anything else.
    public var bool: Bool? {
        resolvableText(as: "bool").flatMap(CoreSchema.bool)
    }

    /// A decimal (`-12`, `+7`), hexadecimal (`0x1F`) or octal (`0o17`) integer that fits in `Int`.
    public var int: Int? {
        resolvableText(as: "int").flatMap(CoreSchema.int)
    }

    /// A float (`1.5`, `-2e3`, `.inf`, `-.inf`, `.nan`) or an integer, as a `Double`.
    public var double: Double? {
        if let value = resolvableText(as: "float").flatMap(CoreSchema.double) { return value }
        return int.map(Double.init)
    }

    /// The text to resolve as the core type `name`, or nil when quoting or a tag says otherwise.
    private func resolvableText(as name: String) -> String? {
        guard let scalar else { return nil }
        guard let tag else { return scalar.style == .plain ? scalar.value : nil }
        return tag == CoreSchema.tagPrefix + name ? scalar.value : nil
    }
}
