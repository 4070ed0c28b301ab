import CaseflowPostgres
import CaseflowStore
import Dispatch
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// How `caseflow serve` runs: where it listens, its database and definition folders, its token.
public struct DaemonConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// A SQLite file, or a `postgres://` URL of a database several daemons share.
    public var database = "caseflow.sqlite"
    public var workflows = "workflows"
    public var rules = "rules"
    /// The webhook subscriptions file (or folder); read when it exists.
    public var subscriptions = "subscriptions.yaml"
    /// How long notifications stay in the feed (`--keep-feed`).
    public var keepFeed: Duration = .seconds(7 * 86_400)
    /// One admin token (`--token`), added to those of the token file.
    public var token: String?
    /// The token file (`--tokens`): names, roles and SHA-256 hashes. With neither a file nor a
    /// token, authentication is off (local use only).
    public var tokensFile: String?
    /// Whether `GET /metrics` answers without a token.
    public var openMetrics = false
    /// How often the scheduler looks for due timers.
    public var tick: Duration = .milliseconds(250)
    /// How long a timer or child case this daemon claimed stays its own (s): after a crash,
    /// another daemon on the same database takes it over once this has passed.
    public var claimLease: Int64 = 30
    /// Timeouts and the connection limit of the HTTP listener.
    public var connections = ConnectionLimits()
    /// How far from the daemon's clock a request's `at` may lie.
    public var atWindow = AtWindow()
    /// The longest a queue claim waits for a task (`--max-poll-wait`).
    public var maxPollWait: Duration = .seconds(60)
    /// How long the answers to request ids are kept for repeats (`--keep-answers`); after
    /// that only the id and a digest of the request stay.
    public var keepAnswers: Duration = .seconds(86_400)
    /// Retention of closed cases (`--archive-after`, `--archive-dir`); nil: cases stay.
    public var retention: RetentionPolicy?

    public init() {}
}

/// The daemon: the HTTP API and the scheduler over one store, with reload on SIGHUP and a
/// graceful shutdown on SIGTERM that lets in-flight steps finish.
public enum Daemon {
    /// The token file's entries plus the `--token` admin; off when there are none.
    static func access(_ config: DaemonConfiguration) throws(ServiceError) -> AccessControl {
        var entries: [TokenFile.Entry] = []
        if let path = config.tokensFile {
            do { entries = try TokenFile.load(path).entries } catch {
                throw ServiceError(.badRequest, "token file: \(error.description)")
            }
        }
        if let path = config.tokensFile, entries.isEmpty {
            throw ServiceError(.badRequest, "token file: \(path) holds no tokens, so no call but /healthz could be made; add one with 'caseflow tokens add NAME --role admin --file \(path)'")
        }
        if let token = config.token {
            guard !entries.contains(where: { $0.name == "admin" }) else {
                throw ServiceError(.badRequest, "token file: it has a token named 'admin', the name --token takes as well; rename one, since names are recorded as the actor of each step")
            }
            entries.append(.init(name: "admin", role: .admin, hash: TokenFile.hash(token)))
        }
        guard config.tokensFile != nil || config.token != nil else { return AccessControl(tokens: nil, openMetrics: true) }
        return AccessControl(tokens: TokenFile(entries: entries), openMetrics: config.openMetrics)
    }

    /// Opens the store `database` names: a PostgreSQL URL, or else a SQLite file.
    public static func openStore(_ database: String, logger: Logger) async throws(StoreError) -> any CaseStore {
        if PostgresURL.isPostgres(database) {
            return try await PostgresStore.connect(try PostgresURL(parsing: database), logger: logger)
        }
        return try SQLiteStore(path: database)
    }

    /// Whether `database` names a PostgreSQL database rather than a SQLite file.
    public static func isPostgres(_ database: String) -> Bool { PostgresURL.isPostgres(database) }

    /// The database as logged: a PostgreSQL URL without its password.
    static func described(_ database: String) -> String {
        guard PostgresURL.isPostgres(database) else { return database }
        return (try? PostgresURL(parsing: database))?.description ?? "a PostgreSQL database"
    }

    public static func run(_ config: DaemonConfiguration, logger: Logger, onRunning: (@Sendable (Int) async -> Void)? = nil) async throws {
        // Check the token file and the definitions' folder before creating a database file for nothing.
        _ = try access(config)
        try DefinitionSet.requireFolder(config.workflows)
        let store = try await openStore(config.database, logger: logger)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let service: CaseService
        do {
            service = try await CaseService(store: store, clock: SystemClock(), workflows: config.workflows, rules: config.rules, logger: logger,
                                            claimLease: config.claimLease, subscriptions: config.subscriptions)
        } catch {
            try? await store.close()
            throw error
        }
        let access = try Self.access(config)
        if access.tokens == nil {
            logger.warning("NO TOKENS: authentication is off — anyone who can reach \(config.host):\(config.port) can read and change cases. Pass --tokens FILE (caseflow tokens add NAME --role ROLE) or --token.")
        }
        let router = Routes.router(service: service, store: store, access: access, registry: registry, atWindow: config.atWindow,
                                   maxPollWait: config.maxPollWait)
        if !store.outbox.subscriptions.isEmpty {
            logger.info("webhooks: \(store.outbox.subscriptions.map { "\($0.name) → \($0.url)" }.joined(separator: ", "))")
        }
        let descriptors = DescriptorLimit.raise()
        let maxConnections = DescriptorLimit.connections(config.connections.maxConnections, limit: descriptors)
        if maxConnections < config.connections.maxConnections {
            logger.warning("the open-file limit is \(descriptors ?? 0); serving at most \(maxConnections) connections at once instead of \(config.connections.maxConnections) (raise 'ulimit -n' or LimitNOFILE= for more)")
        }
        let app = Application(
            router: router, server: config.connections.server,
            configuration: .init(address: .hostname(config.host, port: config.port), backlog: 1_024,
                                 availableConnectionsDelegate: MaximumAvailableConnections(maxConnections)),
            onServerRunning: { channel in await onRunning?(channel.localAddress?.port ?? config.port) },
            logger: logger)
        let reload = DispatchSource.makeSignalSource(signal: SIGHUP)
        signal(SIGHUP, SIG_IGN)
        reload.setEventHandler {
            Task {
                // A refusal is logged by the service, as for the API's reload.
                _ = try? await service.reload()
            }
        }
        reload.resume()
        let group = ServiceGroup(configuration: .init(
            services: [app, SchedulerService(service: service, interval: config.tick),
                       HousekeepingService(store: store, clock: SystemClock(), keepAnswers: config.keepAnswers, keepFeed: config.keepFeed, logger: logger,
                                           archive: config.retention.map { CaseArchive(store: store, policy: $0, clock: SystemClock(), logger: logger) }),
                       DeliveryService(store: store, commits: service.commits, logger: logger)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info("caseflow serving on http://\(config.host):\(config.port) with database \(described(config.database))")
        try await group.run()
        reload.cancel()
        // Every step has finished; leave the database file complete on its own (SQLite), or
        // close the connections (PostgreSQL).
        do { try await store.close() } catch {
            logger.warning("the database was not closed cleanly: \(error.message); the next start recovers it (SQLite replays its log)")
        }
    }
}
