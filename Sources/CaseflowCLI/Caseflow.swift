import ArgumentParser

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
        subcommands: [ServeCommand.self, Validate.self, TestCommand.self, SimulateCommand.self, GraphCommand.self, RulesCommand.self, CasesCommand.self, TasksCommand.self]
    )
}
