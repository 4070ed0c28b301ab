import ArgumentParser
import CaseflowExpr
import Foundation

/// `caseflow cases …`: work a case by hand against a running daemon.
struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "Create cases, send events, and look at cases in a running daemon.",
        subcommands: [Create.self, SendEvent.self, Show.self, History.self, List.self]
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open a case: caseflow cases create return --data case.json")
        @Argument(help: "The workflow id.") var workflow: String
        @Option(help: "Case data: a JSON or YAML file, or inline JSON.") var data: String?
        @Option(help: "The case id (default: generated).") var id: String?
        @OptionGroup var server: ServerOptions
        func run() throws {
            var body: [String: Value] = ["workflow": .string(workflow), "data": try dataArgument(data)]
            if let id { body["id"] = .string(id) }
            try server.call("POST", "/v1/cases", body: body)
        }
    }

    struct SendEvent: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "event", abstract: "Send an event: caseflow cases event R-1 goods_received --data '{\"received_at\": \"…\"}'")
        @Argument(help: "The case id.") var caseID: String
        @Argument(help: "The event name.") var type: String
        @Option(help: "The payload: a JSON or YAML file, or inline JSON.") var data: String?
        @Option(help: "An id for idempotency: sending the same id again changes nothing.") var id: String?
        @Option(help: "When it happened (RFC 3339; default: now).") var at: String?
        @OptionGroup var server: ServerOptions
        func run() throws {
            var body: [String: Value] = ["type": .string(type), "data": try dataArgument(data)]
            if let id { body["id"] = .string(id) }
            if let at { body["at"] = .string(at) }
            try server.call("POST", "/v1/cases/\(caseID)/events", body: body)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a case: its state, data and open tasks (or an archived case with its history).")
        @Argument(help: "The case id.") var caseID: String
        @Option(help: "Read the case from an archive file that retention wrote (serve --archive-after) instead of the daemon.")
        var archive: String?
        @OptionGroup var server: ServerOptions
        func run() throws {
            guard let archive else { return try server.show("/v1/cases/\(caseID)") { $0.caseDetail($1) } }
            let line = try ArchiveFile.line(of: caseID, in: archive)
            guard server.format == .text else { return standardOutput(ServerOptions.pretty(line) + "\n") }
            let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any]
            let people = PeopleOutput(workflows: nil)
            let detail = object?["case"] as? [String: Any]
            standardOutput(people.caseDetail(detail) + "\n" + people.history(object?["history"], workflow: detail?["workflow"]))
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show every step of a case with its reasons.")
        @Argument(help: "The case id.") var caseID: String
        @OptionGroup var server: ServerOptions
        func run() throws {
            let workflow = server.format == .text
                ? (try? JSONSerialization.jsonObject(with: server.fetch("GET", "/v1/cases/\(caseID)")) as? [String: Any])?["workflow"] : nil
            try server.show("/v1/cases/\(caseID)/history") { $0.history($1, workflow: workflow) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List cases: of a workflow, a state, a customer, an order or a unit, open or closed, created in a time range.")
        @Option(help: "Only cases of this workflow.") var workflow: String?
        @Option(help: "Only cases in this state.") var state: String?
        @Option(help: "Only cases of this customer (customer.id).") var customer: String?
        @Option(help: "Only cases of this order (order.id).") var order: String?
        @Option(help: "Only cases of this unit (product.serial).") var serial: String?
        @Flag(help: "Only open cases.") var open = false
        @Flag(help: "Only closed cases.") var closed = false
        @Option(help: "Only cases created at or after this time (RFC 3339 with a zone).") var createdAfter: String?
        @Option(help: "Only cases created before this time (RFC 3339 with a zone).") var createdBefore: String?
        @OptionGroup var server: ServerOptions
        func validate() throws {
            if open && closed { throw ValidationError("--open and --closed exclude each other; give one") }
        }
        func run() throws {
            let state: String? = open ? "true" : closed ? "false" : nil
            let query = [("workflow", workflow), ("state", self.state), ("customer", customer), ("order", order), ("serial", serial),
                         ("open", state), ("created_after", createdAfter), ("created_before", createdBefore)]
                .compactMap { name, value in value.map { "\(name)=\(queryValue($0))" } }
            try server.show("/v1/cases" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))) { $0.cases($1) }
        }
    }
}

/// `caseflow tasks …`: pull and complete work orders.
struct TasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List, claim, assign and complete tasks in a running daemon.",
        subcommands: [List.self, Claim.self, Unclaim.self, Assign.self, Complete.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tasks: by queue, status (open, completed, cancelled), holder and due time; sorted as opened, by due time or by priority.")
        @Option(help: "Only tasks of this queue.") var queue: String?
        @Option(help: "Only tasks with this status.") var status: String?
        @Option(help: "Only tasks this agent holds.") var assignee: String?
        @Option(help: "Only tasks due before this time (RFC 3339 with a zone); with --status open, the overdue ones.") var dueBefore: String?
        @Option(help: "opened (default), due or priority.") var sort: String?
        @OptionGroup var server: ServerOptions
        func run() throws {
            let query = [("queue", queue), ("status", status), ("assignee", assignee), ("due_before", dueBefore), ("sort", sort)]
                .compactMap { name, value in value.map { "\(name)=\(queryValue($0))" } }
            try server.show("/v1/tasks" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))) { $0.tasks($1) }
        }
    }

    struct Claim: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a task from its queue: it is yours to complete until you release it.")
        @Argument(help: "The task id.") var taskID: String
        @Option(help: "Who takes it (your login), when the token is shared; else the token's name.") var actor: String?
        @OptionGroup var server: ServerOptions
        func run() throws {
            try server.call("POST", "/v1/tasks/\(taskID)/claim", body: actor.map { ["actor": .string($0)] } ?? [:])
        }
    }

    struct Unclaim: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put a task you hold back in its queue (a supervisor may release anyone's).")
        @Argument(help: "The task id.") var taskID: String
        @Option(help: "Who releases it (your login), when the token is shared.") var actor: String?
        @OptionGroup var server: ServerOptions
        func run() throws {
            try server.call("POST", "/v1/tasks/\(taskID)/unclaim", body: actor.map { ["actor": .string($0)] } ?? [:])
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a task to an agent (supervisors): caseflow tasks assign TASK --to li.wei")
        @Argument(help: "The task id.") var taskID: String
        @Option(help: "The agent who takes it.") var to: String
        @OptionGroup var server: ServerOptions
        func run() throws {
            try server.call("POST", "/v1/tasks/\(taskID)/assign", body: ["to": .string(to)])
        }
    }

    struct Complete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Complete a task with one of its outcomes: caseflow tasks complete TASK approve")
        @Argument(help: "The task id.") var taskID: String
        @Argument(help: "The outcome.") var outcome: String
        @Option(help: "Data for the outcome: a JSON or YAML file, or inline JSON.") var data: String?
        @OptionGroup var server: ServerOptions
        func run() throws {
            try server.call("POST", "/v1/tasks/\(taskID)/complete", body: ["outcome": .string(outcome), "data": try dataArgument(data)])
        }
    }
}

/// A query parameter's value, percent-encoded (a time's `+08:00` would read as a space).
func queryValue(_ value: String) -> String {
    var allowed = CharacterSet.urlQueryAllowed
    allowed.remove(charactersIn: "+&=#")
    return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
}
