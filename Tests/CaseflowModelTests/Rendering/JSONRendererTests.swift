import CaseflowSource
import CaseflowModel
import CaseflowYAML
import Foundation
import Testing

/// Guards the JSON format: one document that `JSONSerialization` parses, with every diagnostic's
/// code, name, severity, place, message, suggestion and notes, and the totals.
@Suite("JSON output")
struct JSONRendererTests {
    @Test("parses and carries every field")
    func fields() throws {
        let directory = try TemporaryDirectory()
        let (output, path) = try RenderSample.render(.json, in: directory)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(document["errors"] as? Int == 1)
        #expect(document["warnings"] as? Int == 1)
        #expect(document["files"] as? Int == 1)
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        try #require(diagnostics.count == 2)

        let warning = diagnostics[0]
        #expect(warning["code"] as? String == "CF209")
        #expect(warning["name"] as? String == "shadowed-transition")
        #expect(warning["severity"] as? String == "warning")
        #expect(warning["file"] as? String == path)
        #expect(warning["line"] as? Int == 14)
        #expect(warning["column"] as? Int == 11)
        #expect((warning["message"] as? String)?.hasPrefix("this transition of 'approve'") == true)
        let note = try #require((warning["notes"] as? [[String: Any]])?.first)
        #expect(note["file"] as? String == path)
        #expect(note["line"] as? Int == 13)
        #expect(note["column"] as? Int == 11)
        #expect(note["message"] as? String == "the unconditional transition")

        let error = diagnostics[1]
        #expect(error["code"] as? String == "CF201")
        #expect(error["severity"] as? String == "error")
        #expect(error["line"] as? Int == 16)
        #expect(error["column"] as? Int == 13)
        #expect(error["message"] as? String == "transition to unknown state 'deniedd'")
        #expect(error["suggestion"] as? String == "denied")
        #expect((error["notes"] as? [Any])?.isEmpty == true)
    }

    @Test("Chinese text in a message survives the round trip")
    func chineseMessage() throws {
        let location = SourceLocation(file: "退货/return.yaml", line: 3, column: 7)
        let output = DiagnosticFormat.json.render([Diagnostic(.badValue, at: location, "default '标准' is not one of standard, vip")],
                                                  files: [:], fileCount: 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let first = try #require((document["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["message"] as? String == "default '标准' is not one of standard, vip")
        #expect(first["file"] as? String == "退货/return.yaml")
    }
}
