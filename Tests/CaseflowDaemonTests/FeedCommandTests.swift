import Foundation
import Testing

/// `caseflow feed`: one JSON line per notification, resumable from a cursor file.
@Suite struct FeedCommandTests {
    @Test func printsTheFeedAndResumesFromItsCursorFile() throws {
        let directory = try Scratch()
        let daemon = try DaemonProcess(database: directory.path + "/feed.sqlite", port: try #require(freePort()))
        defer { daemon.stop() }
        let data = #"{"customer": {"id": "C-1"}, "order": {"id": "SO-1", "channel": "store", "delivered_at": "2026-11-30T10:00:00+08:00"}, "product": {"category": "phone"}, "request": {"condition": "used", "submitted_at": "2026-12-01T09:59:00+08:00"}}"#
        #expect(try runCaseflow(["cases", "create", "return", "--id", "R-1", "--data", data], url: daemon.baseURL).status == 0)
        let cursorFile = directory.path + "/cursor"
        let first = try runCaseflow(["feed", "--cursor-file", cursorFile, "--limit", "2"], url: daemon.baseURL)
        #expect(first.status == 0)
        let lines = first.output.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count >= 2)
        #expect(lines.first??["cursor"] as? String == "1")
        #expect((lines.first??["notification"] as? [String: Any])?["kind"] as? String == "case.created")
        let saved = try String(contentsOfFile: cursorFile, encoding: .utf8)
        #expect(saved == (lines.last??["cursor"] as? String))
        // Nothing new: nothing printed, the cursor kept.
        #expect(try runCaseflow(["feed", "--cursor-file", cursorFile], url: daemon.baseURL).output.isEmpty)
        #expect(try runCaseflow(["cases", "create", "return", "--id", "R-2", "--data", data], url: daemon.baseURL).status == 0)
        let next = try runCaseflow(["feed", "--cursor-file", cursorFile], url: daemon.baseURL)
        let cases = Set(next.output.split(separator: "\n").compactMap {
            ((try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["notification"] as? [String: Any])?["case"] as? String
        })
        #expect(cases == ["R-2"])
        #expect(try runCaseflow(["feed", "--after", "-3"], url: daemon.baseURL, errors: true).status != 0)
    }
}
