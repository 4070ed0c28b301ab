import CaseflowSource
import Foundation

/// Reads a file's bytes up to a size limit, turning I/O failures into located ``YAMLError``s.
enum FileReader {
    static func read(_ path: String, maxBytes: Int) throws(YAMLError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw unreadable(path, reason: "it does not exist or cannot be opened")
        }
        defer { try? handle.close() }
        let data: Data?
        do {
            data = try handle.read(upToCount: max(0, min(maxBytes, Int.max - 1)) + 1)
        } catch {
            throw unreadable(path, reason: error.localizedDescription)
        }
        let bytes = data.map { [UInt8]($0) } ?? []
        guard bytes.count <= maxBytes else {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? bytes.count
            throw tooLarge(path, size: max(size, bytes.count), maxBytes: maxBytes)
        }
        return bytes
    }

    static func tooLarge(_ file: String, size: Int, maxBytes: Int) -> YAMLError {
        YAMLError(
            kind: .fileTooLarge, location: SourceLocation(file: file, line: 1, column: 1),
            message: "the file is \(size) bytes, more than the limit of \(maxBytes) bytes; split it into "
                + "smaller files (the limit is YAMLLimits.maxBytes)"
        )
    }

    private static func unreadable(_ path: String, reason: String) -> YAMLError {
        YAMLError(
            kind: .unreadableFile, location: SourceLocation(file: path, line: 1, column: 1),
            message: "cannot read the file: \(reason); check the path and its permissions"
        )
    }
}
