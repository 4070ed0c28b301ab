import ArgumentParser
import Foundation

/// The `caseflow` command: checks, tests and runs after-sales workflows.
@main
struct Caseflow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caseflow",
        abstract: "A rule-driven workflow engine for after-sales service: returns, repairs, complaints, revisits.",
        discussion: """
            Workflows live in workflows/*.yaml and policy rules and calendars in rules/**/*.yaml.
            Run 'caseflow validate' before every commit: it reports every mistake with its file, line and column.
            """,
        subcommands: [ServeCommand.self, Validate.self, TestCommand.self, SimulateCommand.self, GraphCommand.self, RulesCommand.self, CasesCommand.self, TasksCommand.self, CustomersCommand.self, ReportCommand.self, FeedCommand.self, DeliveriesCommand.self, TokensCommand.self]
    )

    /// Runs the command; usage mistakes exit with status 2 (not argument-parser's 64), so every
    /// caseflow command uses 0 for success, 1 for findings or refusals and 2 for bad usage or I/O.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var async = command as? AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error).rawValue == 64 {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
