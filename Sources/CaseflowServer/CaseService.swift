import CaseflowCalendar
import CaseflowEngine
import CaseflowExpr
import CaseflowJSON
import CaseflowModel
import CaseflowStore
import Foundation
import Logging

/// The daemon's core, free of HTTP: runs the engine against the store for each request, fires
/// timers and starts child cases when they fall due, and reloads definitions.
///
/// Steps from concurrent requests are committed together (``GroupCommitter``), each failing
/// or succeeding on its own; a request is answered once its step is durable. The engine is
/// swapped whole on reload, so a step runs on one consistent set of definitions.
public actor CaseService {
    let store: any CaseStore
    let committer: GroupCommitter
    let clock: any CaseflowClock
    let workflowsPath: String
    let rulesPath: String
    /// The subscriptions file (or folder), when the daemon has one.
    let subscriptionsPath: String?
    /// Beats after each commit, so deliveries and feed readers waiting for news wake at once.
    public let commits: Pulse
    let logger: Logger
    public let metrics: ServiceMetrics
    private(set) var engine: Engine
    /// Timers whose last attempt failed for a reason other than the engine's, and when to try
    /// them again.
    var timerRetries = TimerRetries()
    /// How long a claimed timer or child case is this daemon's before another may take it (s).
    public let claimLease: Int64
    /// How many workflow versions the store held when this daemon last looked; another daemon's
    /// reload shows as a change (``refreshDefinitions()``).
    private var storedVersions = 0

    /// Restores every stored workflow version, then loads the files (refusing to start if they
    /// do not validate) and records their versions.
    public init(store: any CaseStore, clock: any CaseflowClock, workflows: String, rules: String,
                logger: Logger, metrics: ServiceMetrics = ServiceMetrics(), claimLease: Int64 = 30,
                subscriptions: String? = nil) async throws(ServiceError) {
        self.store = store
        self.subscriptionsPath = subscriptions
        self.clock = clock
        self.workflowsPath = workflows
        self.rulesPath = rules
        self.logger = logger
        self.metrics = metrics
        self.claimLease = max(1, claimLease)
        let commits = Pulse()
        self.commits = commits
        committer = GroupCommitter(store: store) { size in
            metrics.committed(batch: size)
            commits.beat()
        }
        var engine = Engine(workflows: [])
        do {
            for stored in try await store.definitions() {
                if let compiled = DefinitionSet.restore(stored) { engine.add(compiled) }
            }
        } catch {
            throw ServiceError(error)
        }
        let loaded = try DefinitionSet.load(workflows: workflows, rules: rules, subscriptions: subscriptions, today: Self.today(clock))
        try await Self.record(loaded, in: store, into: &engine)
        self.engine = engine
        storedVersions = (try? await store.definitionCount()) ?? 0
        Self.report(loaded, logger: logger, metrics: metrics)
    }

    /// The clock's date (UTC) for the calendar check.
    private static func today(_ clock: any CaseflowClock) -> CivilDate {
        CivilDate(daysSinceEpoch: CivilTime.floorDiv(clock.now().seconds, 86_400))
    }

    /// Logs the date-dependent warnings (calendars missing this or next year's holidays) and
    /// sets the gauge that counts the missing years per calendar.
    private static func report(_ loaded: DefinitionSet.Loaded, logger: Logger, metrics: ServiceMetrics) {
        var missing = Dictionary(loaded.calendars.map { ($0, 0) }, uniquingKeysWith: { a, _ in a })
        for gap in loaded.calendarGaps {
            logger.warning("\(gap.diagnostic.description)")
            missing[gap.calendar] = gap.years.count
        }
        metrics.calendarYearsMissing(missing)
    }

    private static func record(_ loaded: DefinitionSet.Loaded, in store: any CaseStore, into engine: inout Engine) async throws(ServiceError) {
        for w in loaded.workflows {
            if let existing = engine.workflows[w.id]?.first(where: { $0.version == w.version }), existing.hash != w.hash {
                throw changedWithoutBump(w)
            }
        }
        for bundle in loaded.bundles {
            do { try await store.saveDefinition(bundle) } catch {
                // Another daemon on the database stored this version with other content.
                if error.kind == .conflict, let w = loaded.workflows.first(where: { $0.id == bundle.workflow && $0.version == bundle.version }) {
                    throw changedWithoutBump(w)
                }
                throw ServiceError(error)
            }
        }
        do { try await store.useSearchKeys(loaded.searchKeys) } catch { throw ServiceError(error) }
        store.outbox.use(loaded.subscriptions, feedFields: loaded.feedFields)
        for w in loaded.workflows { engine.add(w) }
    }

    /// The search names cases may be listed by (`customer`, `order`, `serial`), from the vocabulary.
    public nonisolated var searchNames: [String] { Array(store.searchKeys.current.keys).sorted() }

    private static func changedWithoutBump(_ w: CompiledWorkflow) -> ServiceError {
        ServiceError(.invalidDefinitions, "workflow '\(w.id)' version \(w.version) changed without a version bump; running cases are pinned to the old content — raise 'version:' in \(w.workflow.file)")
    }

    // MARK: Cases

    /// The definitions in force; reload swaps them whole. Requests take them once and do the
    /// rest (engine, encoding, the wait for the commit) off the actor, in parallel.
    func currentEngine() -> Engine { engine }

    /// Creates a case; `actor` is recorded in its first step's audit (nil: none known).
    public nonisolated func createCase(workflow: String, id: String?, data: [String: Value], at: Timestamp?,
                                       actor: Actor? = nil) async throws(ServiceError) -> [UInt8] {
        let engine = await currentEngine()
        let caseID = id ?? "\(workflow)-\(UUID().uuidString.lowercased().prefix(12))"
        let started = Date()
        var step: Step
        do { step = try engine.start(workflow: workflow, id: caseID, data: data, at: at ?? clock.now()) } catch {
            metrics.rejected()
            throw ServiceError(error)
        }
        step.audit.actor = Self.recorded(actor)
        step.after.updatedBy = step.audit.actor
        let response = JSONWriter.response(step.after)
        do { _ = try await committer.submit(.create(step, response: response)).get() } catch { throw ServiceError(error) }
        metrics.applied(seconds: Date().timeIntervalSince(started), step: step)
        return response
    }

    /// Erases a customer's personal data from every case of theirs (see ``Erasure``): each case
    /// gets a step of its own that records it. Returns the cases erased and the fields erased
    /// in them. A customer with no case (or erased before: the id goes too) is `.notFound`.
    public nonisolated func eraseCustomer(_ customer: String, actor: Actor?) async throws(ServiceError) -> (cases: [String], fields: [String]) {
        let engine = await currentEngine()
        let ids: [String]
        do { ids = try await store.cases(customer: customer) } catch { throw ServiceError(error) }
        if ids.isEmpty {
            throw ServiceError(.notFound, "no case of customer '\(customer)' (cases are found by their customer.id); check the id — a customer erased before has none left")
        }
        var erased: [String] = [], allFields: Set<String> = []
        let at = clock.now(), actor = Self.recorded(actor)
        for id in ids {
            let current: CaseState?
            do { current = try await store.loadCase(id) } catch { throw ServiceError(error) }
            guard let c = current else { continue }
            guard let compiled = try? engine.workflow(c.workflow, version: c.version) else {
                throw ServiceError(.conflict, "case '\(id)' runs workflow '\(c.workflow)' version \(c.version), which this daemon has not loaded, so it does not know its personal fields; reload (POST /v1/admin/reload) and erase again")
            }
            let fields = compiled.personalFields
            let step: Step?
            do { step = try await store.erase(caseID: id, fields: fields, step: { Erasure.step(fields: fields, at: at, actor: actor, in: $0) }) } catch {
                throw ServiceError(error)
            }
            guard step != nil else { continue }
            erased.append(id)
            allFields.formUnion(fields)
        }
        return (erased, allFields.sorted())
    }

    public nonisolated func applyEvent(caseID: String, name: String, eventID: String?, data: [String: Value], at: Timestamp?,
                                       actor: Actor? = nil) async throws(ServiceError) -> [UInt8] {
        let time = at ?? clock.now()
        let engine = await currentEngine()
        let request = RequestFingerprint.key(.event, id: eventID, name: name, data: data, at: at)
        return try await run(caseID: caseID, request: request) { (current: CaseState) throws(EngineError) -> Step in
            var step = try engine.apply(Event(name, data: data, at: time), to: current)
            step.audit.actor = Self.recorded(actor)
            step.after.updatedBy = step.audit.actor
            return step
        }
    }

    public nonisolated func completeTask(_ taskID: String, outcome: String, data: [String: Value], requestID: String?, at: Timestamp?,
                                         actor: Actor? = nil, override: Bool = false, lease: String? = nil) async throws(ServiceError) -> [UInt8] {
        let stored: StoredTask?
        do { stored = try await store.task(taskID) } catch { throw ServiceError(error) }
        guard let task = stored else { throw ServiceError(.notFound, "no task '\(taskID)'; GET /v1/tasks?status=open lists the open tasks") }
        let time = at ?? clock.now()
        let engine = await currentEngine()
        let request = RequestFingerprint.key(.completion, scope: taskID, id: requestID, name: outcome, data: data, at: at)
        let held = lease.map { TaskLease(taskID: taskID, token: $0, now: clock.now().seconds) }
        return try await run(caseID: task.task.caseID, request: request, lease: held) { (current: CaseState) throws(EngineError) -> Step in
            var step = try engine.complete(task: taskID, outcome: outcome, data: data, at: time,
                                           by: actor.flatMap { $0.person ?? $0.token }, override: override, in: current)
            step.audit.actor = Self.recorded(actor)
            step.after.updatedBy = step.audit.actor
            return step
        }
    }

    /// The actor as recorded: none when neither a token name nor a person is known.
    private static func recorded(_ actor: Actor?) -> Actor? {
        guard let actor, actor.token != nil || actor.person != nil else { return nil }
        return actor
    }

    /// Applies a step without a request id (claims and assignments, which are not repeated).
    nonisolated func runStep(caseID: String, _ body: @escaping @Sendable (CaseState) throws(EngineError) -> Step) async throws(ServiceError) -> [UInt8] {
        try await run(caseID: caseID, request: nil, body)
    }

    private nonisolated func run(caseID: String, request: RequestKey?, lease: TaskLease? = nil,
                                 _ body: @escaping @Sendable (CaseState) throws(EngineError) -> Step) async throws(ServiceError) -> [UInt8] {
        let started = Date()
        var write = StoreWrite.apply(caseID: caseID, request: request, step: body, response: JSONWriter.response)
        write.lease = lease
        let engine = await currentEngine()
        write.onChildDone = Self.reportBack(engine)
        write.onCancelChild = Self.cancelChild(engine, at: clock.now())
        let result = await committer.submit(write)
        return try answer(result, started: started)
    }

    /// The bytes to answer with, counting the step in the metrics.
    nonisolated func answer(_ result: Result<ApplyOutcome, StoreError>, started: Date) throws(ServiceError) -> [UInt8] {
        switch result {
        case .success(.applied(let applied)):
            let (step, bytes) = (applied.step, applied.response)
            metrics.applied(seconds: Date().timeIntervalSince(started), step: step)
            return bytes
        case .success(.duplicate(let bytes)):
            return bytes
        case .failure(let error):
            if error.kind == .rejected { metrics.rejected() }
            throw ServiceError(error)
        }
    }

    // MARK: Definitions

    /// Re-reads the files; keeps the old set (and says why) when they do not validate.
    /// A refusal is logged here, the same for SIGHUP and `POST /v1/admin/reload`.
    public func reload() async throws(ServiceError) -> [String] {
        let loaded: DefinitionSet.Loaded
        var next = engine
        do {
            loaded = try DefinitionSet.load(workflows: workflowsPath, rules: rulesPath, subscriptions: subscriptionsPath, today: Self.today(clock))
            try await Self.record(loaded, in: store, into: &next)
        } catch {
            logger.error("reload refused, keeping the old definitions: \(error)")
            throw error
        }
        engine = next
        Self.report(loaded, logger: logger, metrics: metrics)
        logger.info("reloaded definitions: \(loaded.workflows.map { "\($0.id) v\($0.version)" }.joined(separator: ", "))")
        return loaded.workflows.map { "\($0.id) v\($0.version)" }.sorted()
    }

    /// Takes up workflow versions another daemon on the same database stored (by its reload)
    /// since this one last looked: cases of those versions run here too, and new cases start on
    /// the newest version. One count of stored versions when nothing changed. Returns how many
    /// versions it added.
    @discardableResult
    public func refreshDefinitions() async -> Int {
        guard let count = try? await store.definitionCount(), count != storedVersions else { return 0 }
        guard let stored = try? await store.definitions() else { return 0 }
        var added = 0
        for d in stored where engine.workflows[d.workflow]?.contains(where: { $0.version == d.version }) != true {
            guard let compiled = DefinitionSet.restore(d) else {
                logger.error("workflow '\(d.workflow)' version \(d.version), stored by another daemon, does not compile here; its cases cannot run on this daemon until it is upgraded")
                continue
            }
            engine.add(compiled)
            added += 1
        }
        storedVersions = count
        if added > 0 {
            logger.info("took up \(added) workflow version(s) stored by another daemon: \(engine.workflows.keys.sorted().map { "\($0) v\(engine.workflows[$0]?.last?.version ?? 0)" }.joined(separator: ", "))")
        }
        return added
    }

    public func workflowVersions() -> [(id: String, versions: [Int], title: String?, timezone: String?)] {
        engine.workflows.keys.sorted().map { id in
            let versions = engine.workflows[id] ?? []
            return (id, versions.map(\.version), versions.last?.workflow.title, versions.last?.workflow.timezone)
        }
    }
}
