import Foundation

/// A fresh directory under the system's temporary directory, removed when the value goes away.
///
/// Every test makes its own, so no two tests ever share a file on disk.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("caseflow-model-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A new directory holding a copy of every file in `source` (a fixture folder).
    convenience init(copying source: URL) throws {
        try self.init()
        let names = try FileManager.default.contentsOfDirectory(atPath: source.path)
        for name in names {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: url.appendingPathComponent(name))
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// The directory's path, as `caseflow validate` would be given it.
    var path: String { url.path }

    /// Writes a UTF-8 text file (creating folders on the way) and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Data(text.utf8))
    }

    /// Writes raw bytes, for files that are not valid UTF-8.
    @discardableResult
    func write(_ name: String, bytes: Data) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: file)
        return file.path
    }

    /// A path inside the directory written relative to it: `repair.yaml` for `/tmp/…/repair.yaml`.
    func relative(_ path: String) -> String {
        let prefix = self.path + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
