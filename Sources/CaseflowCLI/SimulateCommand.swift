import ArgumentParser
import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import CaseflowScenarios
import Foundation

/// `caseflow simulate`: runs a case through a workflow in memory and prints every step.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a case through a workflow in memory and print each step with its state, tasks and reasons.",
        discussion: """
            Each --event is NAME, NAME@TIME or NAME@TIME={JSON payload}; it is applied at TIME (default: \
            the previous step's time). When NAME is an outcome of an open task, that task is completed. \
            Timers that fall due before an event fire first, in due order, and child cases start when their time \
            comes and run too (a finished child reports back to its parent); WORKFLOW/NAME sends the event to the \
            latest open child case of that workflow.

            Example: caseflow simulate return --data case.json --at 2026-03-09T23:59:00+08:00 \\
                       --event 'goods_received@2026-03-11T10:00:00+08:00={"received_at":"2026-03-11T09:30:00+08:00"}'
            """
    )

    @Argument(help: "The workflow id.")
    var workflow: String

    @Option(help: "A JSON or YAML file with the case's fields.")
    var data: String

    @Option(help: "When the case starts (RFC 3339); default: now.")
    var at: String?

    @Option(name: .customLong("event"), help: "An event to apply: NAME[@TIME][=JSON]. Repeatable.")
    var events: [String] = []

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var definitions: DefinitionOptions

    func run() throws {
        let (loaded, engine) = try definitions.loadEngine()
        let zone = PeopleTime.zone(of: loaded.workflow(workflow), in: loaded)
        var time = try at.map { try timestamp($0, option: "--at") } ?? (try Self.wallClock())
        let caseData: [String: Value]
        do { caseData = try CaseData.load(path: data) } catch {
            standardError("\(error)\n")
            throw ExitCode(1)
        }
        var family: CaseFamily?
        do {
            family = CaseFamily(engine: engine, first: try engine.start(workflow: workflow, id: "simulated", data: caseData, at: time))
            for spec in events {
                let (target, name, when, payload) = try Self.parse(spec, default: time)
                time = when
                try family?.advance(to: time)
                guard let current = target.map({ family?.child($0, openOnly: true) }) ?? family?.main else {
                    throw ValidationError("--event \(spec): no open child case of workflow '\(target ?? "")'")
                }
                let step: Step
                if let task = current.openTasks.first(where: { $0.outcomes.contains(name) }) {
                    step = try engine.complete(task: task.id, outcome: name, data: payload, at: time, in: current)
                } else {
                    step = try engine.apply(Event(name, data: payload, at: time), to: current)
                }
                family?.apply(step)
            }
        } catch {
            standardOutput(StepText.render(family?.steps ?? [], as: format, zone: zone))
            standardError("error: \(error)\n")
            throw ExitCode(1)
        }
        standardOutput(StepText.render(family?.steps ?? [], as: format, zone: zone))
    }

    /// `[WORKFLOW/]NAME[@TIME][=JSON]`: the child workflow the event is for, if any.
    static func parse(_ spec: String, default time: Timestamp) throws -> (String?, String, Timestamp, [String: Value]) {
        var head = Substring(spec), payload: [String: Value] = [:]
        if let eq = spec.firstIndex(of: "=") {
            head = spec[..<eq]
            do { payload = try CaseData.parse(text: String(spec[spec.index(after: eq)...]), file: "--event \(head)") } catch {
                throw ValidationError("\(error)")
            }
        }
        let parts = head.split(separator: "@", maxSplits: 1)
        guard let name = parts.first, !name.isEmpty else { throw ValidationError("--event needs a name: NAME[@TIME][=JSON]") }
        let when = try parts.count > 1 ? timestamp(String(parts[1]), option: "--event \(name)") : time
        let target = name.split(separator: "/", maxSplits: 1)
        if target.count == 2 { return (String(target[0]), String(target[1]), when, payload) }
        return (nil, String(name), when, payload)
    }

    /// The CLI may read the clock; the engine never does.
    static func wallClock() throws -> Timestamp {
        guard let now = Timestamp(seconds: Int64(Date().timeIntervalSince1970)) else {
            throw ValidationError("the system clock is outside the years 1 to 9999; pass --at")
        }
        return now
    }
}
