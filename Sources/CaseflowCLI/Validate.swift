import ArgumentParser
import CaseflowCalendar
import CaseflowModel
import Foundation

/// `caseflow validate`: every problem in every workflow and rule file, located, in one run.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check workflows, rules and calendars before they ship.",
        discussion: """
            Reports YAML errors, unknown keys and names, unreachable states, unhandled events and task \
            outcomes, looping 'always' transitions, and type errors in expressions — each with a stable \
            code (CF…), its file:line:column and, where it helps, a suggestion.

            Exit status: 0 when clean, 1 when there are errors (or warnings, with --strict), 2 for usage \
            or I/O problems.
            """
    )

    @Argument(help: "Files or directories to check (default: workflows/ and rules/).")
    var paths: [String] = []

    @Option(help: "Output format: text, json, sarif or github.")
    var format: DiagnosticFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "The date (YYYY-MM-DD) whose year and the next every calendar's holidays must cover (default: today, UTC).")
    var asOf: String?

    func run() throws {
        let today: CivilDate
        if let asOf {
            guard let date = CivilDate(iso: asOf) else { throw ValidationError("--as-of '\(asOf)' is not a date; write YYYY-MM-DD") }
            today = date
        } else {
            today = CivilDate(daysSinceEpoch: Int64((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
        }
        let report = DefinitionCheck.run(paths: paths.isEmpty ? ["workflows", "rules"] : paths, today: today)
        FileHandle.standardOutput.write(Data(format.render(report.diagnostics, files: report.definitions.files,
                                                          fileCount: report.definitions.files.count).utf8))
        if report.diagnostics.contains(where: { $0.code == .unreadableFile }) { throw ExitCode(2) }
        let failing = report.diagnostics.contains { $0.severity == .error || (strict && $0.severity == .warning) }
        if failing { throw ExitCode(1) }
    }
}

extension DiagnosticFormat: ExpressibleByArgument {}
