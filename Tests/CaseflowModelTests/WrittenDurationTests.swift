import CaseflowModel
import Testing

/// Durations in workflow files are whole units, largest first, each once, never negative;
/// each mistake gets a CF104 at the value that says how to write it.
@Suite("Durations written in workflow files")
struct WrittenDurationTests {
    static func workflow(delay: String) -> String {
        """
        workflow: repair
        version: 1
        events:
          fixed: {}
        initial: open
        states:
          open:
            on:
              fixed: done
            after:
              - delay: \(delay)
                target: done
          done: {final: true}
        sla:
          fix:
            target: "duration('8h')"
            start: open
            stop: done
            warn_before: 1h
        """
    }

    @Test(arguments: [
        ("-5h", "negative"),
        ("1h30m30m", "more than once"),
        ("30m1h", "largest unit first"),
        ("2w", "unknown unit 'w'"),
        ("1.5h", "fraction"),
        ("h", "not a duration"),
    ])
    func refused(_ delay: String, _ says: String) throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write("repair.yaml", Self.workflow(delay: delay))
        let problems = directory.check().diagnostics.filter { $0.code == .badDuration }
        let problem = try #require(problems.first, "'\(delay)' was accepted")
        #expect(problems.count == 1)
        #expect(problem.message.contains(says), "\(problem.message)")
        #expect((problem.location.line, problem.location.column) == (11, 16))
    }

    @Test(arguments: ["48h", "1h30m", "3d", "1d12h", "90m", "0", "1d2h3m4s"])
    func accepted(_ delay: String) throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write("repair.yaml", Self.workflow(delay: delay))
        #expect(directory.check().diagnostics.filter { $0.severity == .error }.map(\.message) == [])
    }
}
