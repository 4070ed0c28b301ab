import Foundation

/// Where the package's own files are, found from this source file's path so the tests need no
/// bundle resources: the fixture corpus and the shipped `workflows/` and `rules/`.
enum PackagePaths {
    /// The folder holding `Package.swift`.
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/", !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url
    }()

    /// `Tests/CaseflowModelTests/Fixtures`: one folder per broken-definition fixture.
    static let fixtures = root.appendingPathComponent("Tests/CaseflowModelTests/Fixtures", isDirectory: true)
}
