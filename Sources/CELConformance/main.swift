// cel-conformance: runs cel-spec conformance files against CaseflowExpr.
// Exit status: 0 when no tier-1 test failed, 1 when one did, 2 on bad usage or unreadable input.
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

guard let options = Options(Array(CommandLine.arguments.dropFirst())) else { fail(Options.usage) }

let profile: Profile?
if let path = options.profilePath {
    do { profile = try Profile.load(path: path) } catch { fail(error.description) }
} else {
    profile = nil
}

// Read and parse every file before running anything, so bad input stops the run early.
var files: [ConformanceFile] = []
for path in options.files {
    guard let data = FileManager.default.contents(atPath: path) else { fail("\(path): cannot read the file") }
    var name = URL(fileURLWithPath: path).lastPathComponent
    if name.hasSuffix(".textproto") { name.removeLast(".textproto".count) }
    do {
        files.append(try TestFileDecoding.file(TextProtoParser.parse(Array(data)), name: name))
    } catch {
        fail("\(path):\(error.location.line):\(error.location.column): \(error.message)")
    }
}

/// Whether to run a test, and in which tier: unsupported tests and profile skips are skipped,
/// and a test the profile does not list is judged by its expression and counts as tier 1.
func plan(_ test: ConformanceTest, _ profile: Profile?) -> (Tier, skip: Bool) {
    let listed = profile?.tier(of: test.id)
    if test.unsupported != nil || listed == .skip { return (.skip, true) }
    if listed == nil, test.protoHint != nil { return (.skip, true) }
    return (listed ?? .tier1, false)
}

var tally = Tally()
for file in files {
    for section in file.sections {
        for test in section.tests {
            let (tier, skip) = plan(test, profile)
            let outcome = skip ? .skip(test.unsupported ?? test.protoHint ?? "profile") : Runner.run(test)
            tally.record(outcome, tier: tier)
            switch outcome {
            case .pass where !options.quiet: print("PASS \(test.id)")
            case .skip where !options.quiet: print("SKIP \(test.id)")
            case .fail(let reason): print("FAIL \(test.id) — \(reason.replacingOccurrences(of: "\n", with: " "))")
            default: break
            }
        }
    }
}
for line in tally.summaryLines(perTier: profile != nil) { print(line) }
exit(tally.hasTier1Failure ? 1 : 0)
