import CaseflowModel
import Foundation
import Testing

/// Guards the SARIF 2.1.0 log: version, one run by tool "caseflow" with a rule per code, and a
/// result per diagnostic with its ruleId, level, message and region; notes as related locations.
@Suite("SARIF output")
struct SARIFRendererTests {
    @Test("version 2.1.0, rules for every code, results with ruleId and region")
    func log() throws {
        let directory = try TemporaryDirectory()
        let (output, path) = try RenderSample.render(.sarif, in: directory)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "caseflow")
        let ruleIDs = (driver["rules"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(ruleIDs == DiagnosticCode.all.map(\.id))

        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.map { $0["ruleId"] as? String } == ["CF209", "CF201"])
        #expect(results.map { $0["level"] as? String } == ["warning", "error"])
        #expect(results.map { region($0["locations"]) } == [Region(path, 14, 11), Region(path, 16, 13)])
        #expect(results.map { ($0["message"] as? [String: Any])?["text"] as? String }.last
            == "transition to unknown state 'deniedd' (did you mean 'denied'?)")
        #expect(region(results[0]["relatedLocations"]) == Region(path, 13, 11))
        #expect(results[1]["relatedLocations"] == nil)
    }

    struct Region: Equatable {
        var uri: String, line: Int, column: Int
        init(_ uri: String, _ line: Int, _ column: Int) { (self.uri, self.line, self.column) = (uri, line, column) }
    }

    /// The first location's artifact and region, from a `locations` or `relatedLocations` array.
    func region(_ locations: Any?) -> Region? {
        guard let physical = (locations as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any],
              let uri = (physical["artifactLocation"] as? [String: Any])?["uri"] as? String,
              let region = physical["region"] as? [String: Any],
              let line = region["startLine"] as? Int, let column = region["startColumn"] as? Int else { return nil }
        return Region(uri, line, column)
    }
}
