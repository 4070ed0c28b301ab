import CaseflowSource
import CaseflowYAML

/// The file name every in-memory test parses under.
let testFile = "t.yaml"

/// A location in ``testFile``.
func at(_ line: Int, _ column: Int, file: String = testFile) -> SourceLocation {
    SourceLocation(file: file, line: line, column: column)
}

/// Parses text that is expected to be valid and returns its root, or nil on any error.
func root(_ text: String, limits: YAMLLimits = .default) -> YAMLNode? {
    try? YAML.parse(text: text, file: testFile, limits: limits).root
}

/// Parses text that is expected to fail and returns the thrown error, or nil if it parsed.
func parseError(_ text: String, limits: YAMLLimits = .default) -> YAMLError? {
    do {
        _ = try YAML.parse(text: text, file: testFile, limits: limits)
        return nil
    } catch {
        return error
    }
}

/// Follows a path of mapping keys and sequence indices from a node.
func node(_ start: YAMLNode?, _ path: any PathComponent...) -> YAMLNode? {
    var current = start
    for component in path {
        current = component.step(current)
    }
    return current
}

/// A mapping key (`String`) or a sequence index (`Int`) in a ``node(_:_:)`` path.
protocol PathComponent {
    func step(_ node: YAMLNode?) -> YAMLNode?
}

extension String: PathComponent {
    func step(_ node: YAMLNode?) -> YAMLNode? { node?[self] }
}

extension Int: PathComponent {
    func step(_ node: YAMLNode?) -> YAMLNode? { node?[self] }
}
