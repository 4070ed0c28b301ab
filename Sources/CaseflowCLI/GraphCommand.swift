import ArgumentParser
import CaseflowModel

/// `caseflow graph WORKFLOW`: the state machine as a Mermaid or Graphviz diagram.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a workflow's state machine with its guards, timers, 'always' transitions and final states.",
        discussion: "Mermaid renders in GitHub and most editors; svg is a self-contained drawing for a browser or a README; pipe DOT into 'dot -Tsvg'."
    )

    @Argument(help: "The workflow id, e.g. return.")
    var workflow: String

    @Option(help: "Output format: mermaid, dot or svg (drawn here, no external tool).")
    var format: WorkflowGraph.Format = .mermaid

    @OptionGroup var definitions: DefinitionOptions

    func run() throws {
        let loaded = try definitions.load()
        guard let w = loaded.workflow(workflow) else {
            let known = loaded.workflows.map(\.id)
            throw ValidationError("unknown workflow '\(workflow)'; known: \(known.joined(separator: ", "))")
        }
        standardOutput(WorkflowGraph.render(w, as: format))
    }
}

extension WorkflowGraph.Format: ExpressibleByArgument {}
