import CaseflowEngine
import CaseflowExpr
import CaseflowJSON
import CaseflowStore
import Foundation
import Logging

/// Retention: how old a closed case of each workflow may get before it leaves the live
/// database for an archive file (`--archive-after WORKFLOW=AGE`, `--archive-dir`). Off unless a
/// workflow is named.
public struct RetentionPolicy: Sendable {
    /// Where archive files are written: one JSON-lines file per day of archiving.
    public var directory: String
    /// The age, since its last step, at which a closed case of a workflow is archived.
    public var ages: [String: Duration]

    public init(directory: String, ages: [String: Duration]) {
        self.directory = directory
        self.ages = ages
    }
}

/// Moves closed cases past their workflow's age into an archive file, a batch at a time: each
/// case is one line, `{"id", "case", "history"}`, in the API's forms (what `GET /v1/cases/{id}`
/// and its history answer), written and synced to disk before the case is removed, so a crash
/// in between leaves the case archived twice (the later line wins), never lost.
struct CaseArchive {
    let store: any CaseStore
    let policy: RetentionPolicy
    let clock: any CaseflowClock
    let logger: Logger
    struct FileError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Cases per transaction: small, so live steps never wait long behind one.
    static let batch = 100

    /// Archives every case due now; returns how many.
    func sweep() async throws -> Int {
        let now = clock.now()
        var archived = 0
        for (workflow, age) in policy.ages.sorted(by: { $0.key < $1.key }) {
            let cutoff = Timestamp(clamping: now.seconds - age.components.seconds)
            while !Task.isCancelled {
                let ids = try await store.closedCases(workflow: workflow, updatedBefore: cutoff, limit: Self.batch)
                if ids.isEmpty { break }
                var lines: [UInt8] = [], archivedSteps: [String: Int] = [:]
                for id in ids {
                    guard let c = try await store.loadCase(id) else { continue }
                    lines += Self.line(c, history: try await store.history(id))
                    archivedSteps[id] = c.step
                }
                try append(lines, at: now)
                // Only cases still as archived go: one that took a step since (an erasure) stays
                // for the next pass, which archives it as it is then.
                let removed = try await store.removeClosedCases(archivedSteps)
                archived += removed.count
                if ids.count < Self.batch { break }
                await Task.yield()
            }
        }
        return archived
    }

    /// One case as an archive line.
    static func line(_ c: CaseState, history: [HistoryEntry]) -> [UInt8] {
        Array(#"{"id":"#.utf8) + Routes.encode(c.id) + Array(#","case":"#.utf8) + JSONWriter.response(c)
            + Array(#","history":"#.utf8) + Routes.encode(history.map(HistoryJSON.init)) + Array("}\n".utf8)
    }

    /// The file of the day of archiving (UTC): `caseflow-archive-2026-12-03.jsonl`.
    static func fileName(_ at: Timestamp) -> String {
        "caseflow-archive-\(at.rfc3339.prefix(10)).jsonl"
    }

    private func append(_ lines: [UInt8], at: Timestamp) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: policy.directory, withIntermediateDirectories: true)
        let path = (policy.directory as NSString).appendingPathComponent(Self.fileName(at))
        if !manager.fileExists(atPath: path) { _ = manager.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw FileError(message: "cannot write the archive file \(path); check that --archive-dir is writable")
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lines))
        // On disk before the cases are removed from the database.
        try handle.synchronize()
    }
}
