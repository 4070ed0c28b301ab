import CaseflowSource
/// A problem found while reading a YAML file: what kind, where, what is wrong and how to fix it.
///
/// Match on ``kind`` to handle one kind of problem:
/// ```swift
/// do { _ = try YAML.parse(contentsOf: path) }
/// catch let error where error.kind == .fileTooLarge { … }
/// ```
/// `description` renders the error the way compilers do, one line per location:
/// ```
/// workflows/return.yaml:12:3: error: duplicate key "approved" in this mapping; …
/// workflows/return.yaml:5:3: note: "approved" is first defined here
/// ```
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which rule the input broke. New kinds may be added; `switch` over it with a `default`.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        /// A stable name for the kind, e.g. `duplicate-key`.
        public let name: String

        /// The text is not well-formed YAML (reported by libyaml), or is not UTF-8.
        public static let syntax = Kind(name: "syntax")
        /// A mapping has the same key twice; collected, not thrown.
        public static let duplicateKey = Kind(name: "duplicate-key")
        /// A `<<` merge key, which Caseflow does not support; collected, not thrown.
        public static let mergeKey = Kind(name: "merge-key")
        /// The file holds more than one `---` document.
        public static let multipleDocuments = Kind(name: "multiple-documents")
        /// An alias `*name` refers to no earlier anchor `&name`.
        public static let unknownAlias = Kind(name: "unknown-alias")
        /// Aliases would expand the document past ``YAMLLimits/maxAliasedNodes``.
        public static let aliasBudgetExceeded = Kind(name: "alias-budget-exceeded")
        /// Collections nest deeper than ``YAMLLimits/maxDepth``.
        public static let tooDeep = Kind(name: "too-deep")
        /// The file is larger than ``YAMLLimits/maxBytes``.
        public static let fileTooLarge = Kind(name: "file-too-large")
        /// The file could not be opened or read.
        public static let unreadableFile = Kind(name: "unreadable-file")

        /// The kind's name.
        public var description: String { name }
    }

    /// A second location that explains the error, such as the first definition of a duplicate key.
    public struct Note: Sendable, Hashable {
        /// Where the note points.
        public var location: SourceLocation
        /// What is there.
        public var message: String

        /// Creates a note.
        public init(location: SourceLocation, message: String) {
            self.location = location
            self.message = message
        }
    }

    /// Which rule the input broke.
    public var kind: Kind
    /// Where the problem is.
    public var location: SourceLocation
    /// What is wrong and how to fix it, in one or two sentences.
    public var message: String
    /// Other places that help explain the problem.
    public var notes: [Note]

    /// Creates an error.
    public init(kind: Kind, location: SourceLocation, message: String, notes: [Note] = []) {
        self.kind = kind
        self.location = location
        self.message = message
        self.notes = notes
    }

    /// `file:line:column: error: message`, followed by one `note:` line per note.
    public var description: String {
        var lines = ["\(location): error: \(message)"]
        for note in notes {
            lines.append("\(note.location): note: \(note.message)")
        }
        return lines.joined(separator: "\n")
    }
}
