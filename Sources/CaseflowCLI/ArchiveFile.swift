import ArgumentParser
import Foundation

/// An archive file of closed cases (JSON lines, `{"id", "case", "history"}`), as retention
/// writes it.
enum ArchiveFile {
    /// The line of a case: the last one, since a case archived twice (a crash between writing
    /// and removing it) was written again unchanged.
    static func line(of caseID: String, in path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read the archive file '\(path)'; check the path (archives are written to serve's --archive-dir)")
        }
        var found: Data?
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { continue }
            if object["id"] as? String == caseID { found = Data(line) }
        }
        guard let found else { throw ValidationError("no case '\(caseID)' in the archive file '\(path)'") }
        return found
    }
}
