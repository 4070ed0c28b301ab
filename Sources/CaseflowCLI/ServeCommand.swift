import ArgumentParser
import CaseflowExpr
import CaseflowServer
import CaseflowStore
import Foundation
import Logging

/// `caseflow serve`: the daemon — durable cases on SQLite or PostgreSQL, the HTTP API, timers and SLAs.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon: cases on an embedded SQLite file (or a shared PostgreSQL), an HTTP API, timers and SLAs.",
        discussion: """
            Loads workflows/ and rules/ (refusing to start if they do not validate), opens or creates the \
            database, and serves the API. SIGHUP or POST /v1/admin/reload re-reads the files; SIGTERM shuts \
            down after in-flight steps finish. With tokens (--tokens FILE, or --token / CASEFLOW_TOKEN for \
            one admin token), every call but /healthz needs 'Authorization: Bearer TOKEN' with a role that \
            allows it; tokens are read at start, so a revoked token takes a restart. Without tokens, \
            authentication is off. Several daemons may share one PostgreSQL database \
            (--database postgres://USER:PASSWORD@HOST:PORT/DB): each serves the same cases, timers fire once.
            """
    )

    @Option(help: "Address to listen on (loopback by default).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    @Option(help: "SQLite database file (created if missing), or postgres://USER:PASSWORD@HOST:PORT/DB for a database several daemons share (default: $CASEFLOW_DATABASE, else caseflow.sqlite).")
    var database: String?

    @Option(help: "Directory of workflow files.")
    var workflows = "workflows"

    @Option(help: "Directory of rule and calendar files.")
    var rules = "rules"

    @Option(help: "Webhook subscriptions: a file (or folder) of 'subscriptions:'; read if it exists, reloaded with the definitions.")
    var subscriptions = "subscriptions.yaml"

    @Option(help: "How long notifications stay in the feed (GET /v1/feed), e.g. 7d.")
    var keepFeed = "7d"

    @Option(help: "One admin bearer token (default: $CASEFLOW_TOKEN), added to the token file's.")
    var token: String?

    @Option(help: "Token file: NAME ROLE SHA256 per line, written by 'caseflow tokens add' (default: $CASEFLOW_TOKENS). Without it and --token, authentication is off.")
    var tokens: String?

    @Flag(help: "Let GET /metrics answer without a token (scrapers on a private network).")
    var openMetrics = false

    @Option(help: "Seconds a connection may stay open without sending a whole request head.")
    var idleTimeout = 30

    @Option(help: "Seconds a request body may take to arrive after its head.")
    var bodyTimeout = 30

    @Option(help: "Most connections at once; more wait in the kernel's queue.")
    var maxConnections = 1_000

    @Option(help: "How far back of the daemon's clock a request's 'at' may lie (e.g. 366d, 0 for no events in the past).")
    var atPast = "366d"

    @Option(help: "How far ahead of the daemon's clock a request's 'at' may lie.")
    var atFuture = "10m"

    @Option(help: "Seconds a timer or scheduled child case this daemon claimed stays its own; after a crash another daemon on the same PostgreSQL takes it over once they pass.")
    var claimLease = 30

    @Option(help: "The longest a worker's queue claim waits for a task (seconds, 0 to 60); a longer 'wait' is cut to it.")
    var maxPollWait = 60

    @Option(help: "How long the answer to a request id is kept, so a repeat gets it again (e.g. 24h, 7d); after that a repeat is still recognised, with a note that its answer was not kept.")
    var keepAnswers = "24h"

    @Option(help: "Archive closed cases of a workflow once their last step is this old, e.g. return=730d (repeat for several workflows); off unless given.")
    var archiveAfter: [String] = []

    @Option(help: "Where archived cases are written: one JSON-lines file per day (read them with 'caseflow cases show ID --archive FILE').")
    var archiveDir = "archive"

    /// `--archive-after` as ages by workflow.
    func archiveAges() throws -> [String: Duration] {
        var ages: [String: Duration] = [:]
        for entry in archiveAfter {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let d = CELDuration(text: parts[1]), d.seconds > 0 else {
                throw ValidationError("--archive-after '\(entry)' is not WORKFLOW=AGE with an age above zero; write e.g. return=730d")
            }
            ages[parts[0]] = .seconds(d.seconds)
        }
        return ages
    }

    func validate() throws {
        _ = try archiveAges()
        for (name, value) in [("--idle-timeout", idleTimeout), ("--body-timeout", bodyTimeout)] where !(1...86_400).contains(value) {
            throw ValidationError("\(name) must be from 1 to 86400 seconds, not \(value)")
        }
        guard (1...3_600).contains(claimLease) else { throw ValidationError("--claim-lease must be from 1 to 3600 seconds, not \(claimLease)") }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1, not \(maxConnections)") }
        for (name, text) in [("--at-past", atPast), ("--at-future", atFuture), ("--keep-answers", keepAnswers), ("--keep-feed", keepFeed)] {
            guard let d = CELDuration(text: text), d.seconds >= 0, d.nanos >= 0 else {
                throw ValidationError("\(name) '\(text)' is not a duration of zero or more; write e.g. 366d, 12h or 10m")
            }
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "caseflow")
        logger.logLevel = .info
        var config = DaemonConfiguration()
        config.host = host
        config.port = port
        config.database = database ?? ProcessInfo.processInfo.environment["CASEFLOW_DATABASE"].flatMap { $0.isEmpty ? nil : $0 } ?? "caseflow.sqlite"
        config.workflows = workflows
        config.rules = rules
        config.subscriptions = subscriptions
        config.keepFeed = .seconds(CELDuration(text: keepFeed)?.seconds ?? 7 * 86_400)
        config.token = token ?? ProcessInfo.processInfo.environment["CASEFLOW_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        config.tokensFile = tokens ?? ProcessInfo.processInfo.environment["CASEFLOW_TOKENS"].flatMap { $0.isEmpty ? nil : $0 }
        config.openMetrics = openMetrics
        config.claimLease = Int64(claimLease)
        guard (0...60).contains(maxPollWait) else { throw ValidationError("--max-poll-wait must be from 0 to 60 seconds, not \(maxPollWait)") }
        config.maxPollWait = .seconds(maxPollWait)
        config.connections.idleTimeout = .seconds(idleTimeout)
        config.connections.bodyTimeout = .seconds(bodyTimeout)
        config.connections.maxConnections = maxConnections
        config.atWindow.past = .seconds(CELDuration(text: atPast)?.seconds ?? 0)
        config.atWindow.future = .seconds(CELDuration(text: atFuture)?.seconds ?? 0)
        config.keepAnswers = .seconds(CELDuration(text: keepAnswers)?.seconds ?? 86_400)
        let ages = try archiveAges()
        config.retention = ages.isEmpty ? nil : RetentionPolicy(directory: archiveDir, ages: ages)
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
