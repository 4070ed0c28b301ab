import Foundation

/// Parses Caseflow's YAML files into ``YAMLNode`` trees in which every node knows its file, line and column.
///
/// libyaml does the scanning; a composer of our own builds the tree from libyaml's events, so that
/// positions survive and limits apply while parsing rather than after.
///
/// ```swift
/// let result = try YAML.parse(contentsOf: "workflows/return.yaml")
/// for problem in result.problems { print(problem) }   // duplicate keys, all of them
/// let states = result.root?["states"]
/// ```
///
/// Decisions callers can rely on:
/// - **Errors.** Fatal problems are thrown as ``YAMLError``: syntax errors (libyaml cannot go on
///   after one), a second document, an unknown alias, and the ``YAMLLimits``. Duplicate keys and
///   `<<` merge keys do not stop the parse; they are collected in ``YAMLParseResult/problems`` so a
///   validator can report every one of them in one run.
/// - **Empty files.** A file with no content — empty, only comments, or a bare `---` — parses to a
///   nil ``YAMLParseResult/root``. An explicit `~` or `null` is a scalar node.
/// - **One document per file.** A second document (after `---` or `...`) is an error of kind
///   ``YAMLError/Kind/multipleDocuments`` at the place it starts.
/// - **Anchors and aliases.** An alias node holds the anchored content; its own ``YAMLNode/location``
///   is the alias's (`*name`), while everything inside it, including a scalar's
///   ``YAMLScalar/contentStart``, keeps the location where it is written under the anchor.
/// - **Positions.** Lines and columns are 1-based and columns count Unicode scalars (libyaml's
///   columns count characters too, which the tests check). A leading UTF-8 byte-order mark is
///   dropped first, so it does not shift the first line. Input must be UTF-8.
public enum YAML {
    /// Parses YAML text; `file` is only used in locations.
    public static func parse(text: String, file: String, limits: YAMLLimits = .default) throws(YAMLError) -> YAMLParseResult {
        let size = text.utf8.count
        guard size <= limits.maxBytes else { throw FileReader.tooLarge(file, size: size, maxBytes: limits.maxBytes) }
        return try parse(bytes: Array(text.utf8), file: file, limits: limits)
    }

    /// Reads and parses a file, refusing one larger than ``YAMLLimits/maxBytes`` before reading it all.
    public static func parse(contentsOf path: String, limits: YAMLLimits = .default) throws(YAMLError) -> YAMLParseResult {
        try parse(bytes: FileReader.read(path, maxBytes: limits.maxBytes), file: path, limits: limits)
    }

    static func parse(bytes input: [UInt8], file: String, limits: YAMLLimits) throws(YAMLError) -> YAMLParseResult {
        guard input.count <= limits.maxBytes else {
            throw FileReader.tooLarge(file, size: input.count, maxBytes: limits.maxBytes)
        }
        let bytes = input.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(input.dropFirst(3)) : input
        let parser = LibYAMLParser(bytes: bytes)
        var composer = Composer(bytes: bytes, file: file, limits: limits)
        while true {
            let event: ParserEvent
            do {
                event = try parser.next()
            } catch {
                throw composer.syntaxError(error)
            }
            if case .streamEnd = event { break }
            try composer.handle(event)
        }
        return composer.result
    }
}
