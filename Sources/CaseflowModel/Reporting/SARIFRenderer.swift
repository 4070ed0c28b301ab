import CaseflowSource
import CaseflowYAML
import Foundation

/// Diagnostics as a SARIF 2.1.0 log with one run, so code-scanning tools can show them inline.
enum SARIFRenderer {
    struct Log: Encodable {
        let version = "2.1.0"
        let schema = "https://json.schemastore.org/sarif-2.1.0.json"
        let runs: [Run]
        enum CodingKeys: String, CodingKey { case version, schema = "$schema", runs }
    }
    struct Run: Encodable {
        let tool: Tool
        let results: [Result]
        /// Our columns count Unicode scalars, not UTF-16 units (SARIF's default).
        let columnKind = "unicodeCodePoints"
    }
    struct Tool: Encodable { let driver: Driver }
    struct Driver: Encodable {
        let name = "caseflow"
        let informationUri = "https://github.com/caseflow/caseflow"
        let rules: [RuleDescriptor]
    }
    struct RuleDescriptor: Encodable { let id: String; let name: String }
    struct Result: Encodable {
        let ruleId: String
        let level: String
        let message: Message
        let locations: [Location]
        let relatedLocations: [Location]?
    }
    struct Message: Encodable { let text: String }
    struct Location: Encodable {
        let physicalLocation: PhysicalLocation
        let message: Message?
    }
    struct PhysicalLocation: Encodable { let artifactLocation: Artifact; let region: Region }
    struct Artifact: Encodable { let uri: String }
    struct Region: Encodable { let startLine: Int; let startColumn: Int }

    /// A relative URI reference for a path: percent-encoded, forward slashes.
    static func uri(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }

    static func render(_ diagnostics: [Diagnostic]) -> String {
        func location(_ l: SourceLocation, _ message: String?) -> Location {
            Location(physicalLocation: PhysicalLocation(artifactLocation: Artifact(uri: uri(l.file)),
                                                        region: Region(startLine: l.line, startColumn: l.column)),
                     message: message.map(Message.init))
        }
        let results = diagnostics.map { d in
            Result(ruleId: d.code.id, level: d.severity == .error ? "error" : "warning",
                   message: Message(text: d.fullMessage), locations: [location(d.location, nil)],
                   relatedLocations: d.notes.isEmpty ? nil : d.notes.map { location($0.location, $0.message) })
        }
        let rules = DiagnosticCode.all.map { RuleDescriptor(id: $0.id, name: $0.name) }
        return JSONRenderer.encode(Log(runs: [Run(tool: Tool(driver: Driver(rules: rules)), results: results)]))
    }
}
