import Foundation

/// How much a test matters to Caseflow, from the profile.
enum Tier: String, Sendable, CaseIterable {
    /// Must pass; a failure fails the run.
    case tier1
    /// uint, bytes and first-class type values: reported, never fails the run.
    case tier2
    /// Two-variable comprehensions: optional.
    case tier3
    /// Out of scope (protobuf messages, wrappers, containers): reported as skipped.
    case skip
}

/// `PROFILE.tsv`: a tab-separated table `test_id, tier, tags, expr` with a header line, saying
/// which tests are in scope. Only the first two columns are used.
struct Profile: Sendable {
    private var tiers: [String: Tier] = [:]

    /// The tier of a test id (`file/section/test`), or nil when the profile does not list it.
    func tier(of id: String) -> Tier? { tiers[id] }

    /// Reads a profile; errors name the file and line.
    static func load(path: String) throws(ProfileError) -> Profile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProfileError("\(path): cannot read the profile")
        }
        var profile = Profile()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let columns = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
            if index == 0 {
                guard columns.first == "test_id", columns.count >= 2, columns[1] == "tier" else {
                    throw ProfileError("\(path):1: expected the header 'test_id<TAB>tier<TAB>tags<TAB>expr'")
                }
                continue
            }
            if line.allSatisfy(\.isWhitespace) { continue }
            guard columns.count >= 2, !columns[0].isEmpty, let tier = Tier(rawValue: String(columns[1])) else {
                throw ProfileError("\(path):\(index + 1): expected a test id and a tier (tier1, tier2, tier3, skip)")
            }
            profile.tiers[String(columns[0])] = tier
        }
        return profile
    }
}

/// A profile that cannot be read or parsed.
struct ProfileError: Error, Sendable, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
