import ArgumentParser
import CaseflowServer
import CaseflowStore
import Foundation
import Logging

/// `caseflow serve`: the daemon — durable cases on SQLite, the HTTP API, timers and SLAs.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon: cases on an embedded SQLite file, an HTTP API, timers and SLAs.",
        discussion: """
            Loads workflows/ and rules/ (refusing to start if they do not validate), opens or creates the \
            database, and serves the API. SIGHUP or POST /v1/admin/reload re-reads the files; SIGTERM shuts \
            down after in-flight steps finish. Mutating calls need 'Authorization: Bearer TOKEN' when a token \
            is given (--token or CASEFLOW_TOKEN).
            """
    )

    @Option(help: "Address to listen on (loopback by default).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    @Option(help: "SQLite database file (created if missing).")
    var database = "caseflow.sqlite"

    @Option(help: "Directory of workflow files.")
    var workflows = "workflows"

    @Option(help: "Directory of rule and calendar files.")
    var rules = "rules"

    @Option(help: "Bearer token for mutating calls (default: $CASEFLOW_TOKEN; none turns authentication off).")
    var token: String?

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "caseflow")
        logger.logLevel = .info
        var config = DaemonConfiguration()
        config.host = host
        config.port = port
        config.database = database
        config.workflows = workflows
        config.rules = rules
        config.token = token ?? ProcessInfo.processInfo.environment["CASEFLOW_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            try await Daemon.run(config, logger: logger)
        } catch let error as ServiceError {
            standardError("caseflow serve: \(error.message)\n")
            throw ExitCode(1)
        } catch let error as StoreError {
            standardError("caseflow serve: \(error.message)\n")
            throw ExitCode(1)
        }
    }
}
