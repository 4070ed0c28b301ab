import CaseflowSource
import CaseflowYAML
import Foundation
import Testing

@Suite("Reading files")
struct FileTests {
    /// A fresh directory per test, removed afterwards.
    private static func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("caseflow-yaml-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    @Test func parsesAFileAndUsesItsPathInLocations() throws {
        try Self.withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("return.yaml")
            try Data("workflow: return\ntitle: 退货退款\n".utf8).write(to: url)
            let result = try YAML.parse(contentsOf: url.path)
            #expect(result.root?["title"]?.string == "退货退款")
            #expect(result.root?["title"]?.location == SourceLocation(file: url.path, line: 2, column: 8))
        }
    }

    @Test func fileLargerThanTheLimitIsRejected() throws {
        try Self.withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("big.yaml")
            try Data(String(repeating: "k: v\n", count: 1000).utf8).write(to: url)
            let error = #expect(throws: YAMLError.self) {
                try YAML.parse(contentsOf: url.path, limits: YAMLLimits(maxBytes: 4096))
            }
            #expect(error?.kind == .fileTooLarge)
            #expect(error?.location == SourceLocation(file: url.path, line: 1, column: 1))
            #expect(error?.message.contains("5000 bytes") == true)
            #expect(throws: Never.self) { try YAML.parse(contentsOf: url.path, limits: YAMLLimits(maxBytes: 5000)) }
        }
    }

    @Test func missingFileIsAnUnreadableFileError() {
        let error = #expect(throws: YAMLError.self) {
            try YAML.parse(contentsOf: "/nonexistent/caseflow/return.yaml")
        }
        #expect(error?.kind == .unreadableFile)
        #expect(error?.location.file == "/nonexistent/caseflow/return.yaml")
    }

    @Test func invalidUTF8IsASyntaxErrorAtTheBadByte() throws {
        try Self.withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("latin1.yaml")
            // "a: 1\nb: caf\u{E9}\n" in Latin-1: 0xE9 is not valid UTF-8 there.
            try Data([0x61, 0x3A, 0x20, 0x31, 0x0A, 0x62, 0x3A, 0x20, 0x63, 0x61, 0x66, 0xE9, 0x0A]).write(to: url)
            let error = #expect(throws: YAMLError.self) { try YAML.parse(contentsOf: url.path) }
            #expect(error?.kind == .syntax)
            #expect(error?.location == SourceLocation(file: url.path, line: 2, column: 7))
            #expect(error?.message.contains("UTF-8") == true)
        }
    }

    @Test func utf16FileIsRejected() throws {
        try Self.withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("utf16.yaml")
            try #require("a: 1\n".data(using: .utf16)).write(to: url)
            let error = #expect(throws: YAMLError.self) { try YAML.parse(contentsOf: url.path) }
            #expect(error?.kind == .syntax)
        }
    }
}
