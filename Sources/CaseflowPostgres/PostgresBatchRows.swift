import CaseflowEngine
import CaseflowExpr
import CaseflowStore
import Foundation
import Logging
import PostgresNIO

/// The rows of a batch of steps, gathered by table and written with one statement per table
/// (arrays unnested on the server), so a transaction of 30 steps makes about ten round trips to
/// the server instead of two hundred. Each statement on the path of a step is a round trip, and
/// postgres-nio sends one at a time on a connection: round trips, not the server, bound the rate.
///
/// A case stepped several times in one batch gets one row written, in its last state; its timers
/// change from those before its first step to those after its last.
struct PostgresBatchRows {
    /// Per case: its step number in the database before the batch (nil: new), and its last step.
    private var cases: [String: (before: Int?, timersBefore: [TimerInstance], keysBefore: Set<SearchValue>, last: EncodedStep)] = [:]
    /// The search fields (name → case field) whose values are written with each case.
    var searchKeys: [String: String] = [:]
    private var order: [String] = []
    private var history = HistoryColumns()
    private var opened = TaskColumns()
    private var counts = QueueCounts()
    private var cancelled: (ids: [String], at: [String]) = ([], [])
    private var updated: (ids: [String], bodies: [ByteBuffer], assignees: [String], held: [Bool]) = ([], [], [], [])
    private var completed: (ids: [String], outcomes: [String], at: [String]) = ([], [], [])
    private var children = ChildColumns()
    private var notifications: [OutboxEntry] = []
    /// Report rows by case (the last of the batch's steps) and SLA results by case and SLA.
    private var kpiRows: [String: KPIRow] = [:]
    private var slaOutcomes: [String: SLAOutcome] = [:]
    /// Schedule entries of child cases started in the batch.
    var startedSchedules: [String] = []
    /// Parents whose children not started yet are dropped (`cancel_children`).
    var droppedSchedulesOf: [String] = []

    var isEmpty: Bool { order.isEmpty && startedSchedules.isEmpty }

    /// Adds a step; `request` is the id it was sent with.
    mutating func add(_ encoded: EncodedStep, request: RequestKey?) {
        let step = encoded.step, c = step.after
        if let known = cases[c.id] {
            cases[c.id] = (known.before, known.timersBefore, known.keysBefore, encoded)
        } else {
            let keysBefore = step.before.map { SearchKeys.values(of: $0, keys: searchKeys) } ?? []
            cases[c.id] = (step.before?.step, step.before?.timers ?? [], keysBefore, encoded)
            order.append(c.id)
        }
        history.add(encoded, request: request)
        for (task, body) in zip(step.openedTasks, encoded.tasks) {
            opened.add(task, caseID: c.id, body: body)
            counts.opened(task)
        }
        for (task, body) in zip(step.updatedTasks, encoded.updatedTasks) {
            updated.ids.append(task.id); updated.bodies.append(ByteBuffer(bytes: body))
            updated.assignees.append(task.assignee ?? ""); updated.held.append(task.assignee != nil)
        }
        for task in step.cancelledTasks {
            cancelled.ids.append(task.id)
            cancelled.at.append(encoded.at)
        }
        if let done = step.completedTask {
            completed.ids.append(done.id)
            completed.outcomes.append(step.audit.event)
            completed.at.append(encoded.at)
        }
        for (index, child) in step.children.enumerated() { children.add(child, id: StoredForms.childID(of: c, child, index: index), parent: c.id) }
        notifications += encoded.outbox
        if let row = encoded.kpi.row { kpiRows[row.caseID] = row }
        // An SLA is settled once: a breach stays where it was counted, whatever the clock says later.
        for outcome in encoded.kpi.slaOutcomes where slaOutcomes[outcome.caseID + "\u{1F}" + outcome.sla] == nil {
            slaOutcomes[outcome.caseID + "\u{1F}" + outcome.sla] = outcome
        }
    }

    /// Writes everything. Throws (so the transaction rolls back) when a row is not where the
    /// batch found it: a new case's id taken or a case moved on meanwhile, which the row locks
    /// rule out unless the database is changed by hand or another daemon created the same id.
    func write(on c: PostgresConnection, logger: Logger) async throws {
        var counts = counts
        var new = CaseColumns(), moved = CaseColumns()
        var timersGone: [String] = []
        var timersNew = TimerColumns()
        var keysGone: (names: [String], values: [String], cases: [String]) = ([], [], [])
        var keysNew: (names: [String], values: [String], cases: [String]) = ([], [], [])
        for id in order {
            guard let entry = cases[id] else { continue }
            let keysAfter = SearchKeys.values(of: entry.last.after, keys: searchKeys)
            for key in entry.keysBefore.subtracting(keysAfter) { keysGone.names.append(key.name); keysGone.values.append(key.value); keysGone.cases.append(id) }
            for key in keysAfter.subtracting(entry.keysBefore) { keysNew.names.append(key.name); keysNew.values.append(key.value); keysNew.cases.append(id) }
            if let before = entry.before { moved.add(entry.last, from: before) } else { new.add(entry.last, from: 0) }
            let changes = StoredForms.timerChanges(before: entry.timersBefore, after: entry.last.after)
            timersGone += changes.removed.map(\.id)
            for t in changes.added { timersNew.add(t) }
        }
        if !startedSchedules.isEmpty {
            try await c.query("DELETE FROM scheduled_children WHERE id = ANY(\(startedSchedules))", logger: logger)
        }
        if !droppedSchedulesOf.isEmpty {
            try await c.query("DELETE FROM scheduled_children WHERE parent_id = ANY(\(droppedSchedulesOf))", logger: logger)
        }
        if !new.ids.isEmpty {
            let inserted = try await count(c.query("""
                INSERT INTO cases (id, workflow, version, hash, state, closed, step, snapshot, created_at, updated_at, customer_id, parent_id,
                                   created_seconds)
                SELECT id, workflow, version, hash, state, closed, step, snapshot, created_at, updated_at, CASE WHEN has_customer THEN customer END,
                       CASE WHEN has_parent THEN parent END, created_seconds
                FROM unnest(\(new.ids)::text[], \(new.workflows)::text[], \(new.versions)::int[], \(new.hashes)::text[],
                            \(new.states)::text[], \(new.closed)::bool[], \(new.steps)::int[], \(new.snapshots)::bytea[],
                            \(new.createdAt)::text[], \(new.updatedAt)::text[], \(new.customers)::text[], \(new.hasCustomer)::bool[],
                            \(new.parents)::text[], \(new.hasParent)::bool[], \(new.createdSeconds)::int8[])
                     AS u(id, workflow, version, hash, state, closed, step, snapshot, created_at, updated_at, customer, has_customer, parent, has_parent,
                          created_seconds)
                ON CONFLICT (id) DO NOTHING RETURNING 1
                """, logger: logger))
            guard inserted == new.ids.count else { throw StoreError(.database, "a new case's id was taken while the batch was written") }
        }
        if !moved.ids.isEmpty {
            let updated = try await count(c.query("""
                UPDATE cases SET state = u.state, closed = u.closed, step = u.step, snapshot = u.snapshot, updated_at = u.updated_at,
                                 customer_id = CASE WHEN u.has_customer THEN u.customer END
                FROM unnest(\(moved.ids)::text[], \(moved.states)::text[], \(moved.closed)::bool[], \(moved.steps)::int[],
                            \(moved.snapshots)::bytea[], \(moved.updatedAt)::text[], \(moved.from)::int[],
                            \(moved.customers)::text[], \(moved.hasCustomer)::bool[])
                     AS u(id, state, closed, step, snapshot, updated_at, from_step, customer, has_customer)
                WHERE cases.id = u.id AND cases.step = u.from_step RETURNING 1
                """, logger: logger))
            guard updated == moved.ids.count else { throw StoreError(.database, "a case moved on while the batch was written; the database was changed outside Caseflow") }
        }
        if !keysGone.names.isEmpty {
            try await c.query("""
                DELETE FROM case_keys k USING unnest(\(keysGone.names)::text[], \(keysGone.values)::text[], \(keysGone.cases)::text[]) AS u(name, value, case_id)
                WHERE k.name = u.name AND k.value = u.value AND k.case_id = u.case_id
                """, logger: logger)
        }
        if !keysNew.names.isEmpty {
            try await c.query("""
                INSERT INTO case_keys (name, value, case_id) SELECT * FROM unnest(\(keysNew.names)::text[], \(keysNew.values)::text[], \(keysNew.cases)::text[])
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        if !history.caseIDs.isEmpty {
            let h = history
            let inserted = try await count(c.query("""
                INSERT INTO history (case_id, step, event_id, request_kind, request_scope, request_digest, audit, response, answered_at)
                SELECT case_id, step, CASE WHEN has_id THEN event_id END, request_kind, request_scope,
                       CASE WHEN has_digest THEN digest END, audit,
                       CASE WHEN has_response THEN response END, CASE WHEN has_response THEN extract(epoch FROM now())::bigint END
                FROM unnest(\(h.caseIDs)::text[], \(h.steps)::int[], \(h.eventIDs)::text[], \(h.hasID)::bool[],
                            \(h.kinds)::text[], \(h.scopes)::text[], \(h.digests)::bytea[], \(h.hasDigest)::bool[],
                            \(h.audits)::bytea[], \(h.responses)::bytea[], \(h.hasResponse)::bool[])
                     AS u(case_id, step, event_id, has_id, request_kind, request_scope, digest, has_digest, audit, response, has_response)
                ON CONFLICT DO NOTHING RETURNING 1
                """, logger: logger))
            // The cases are locked and their request ids were looked up under the locks: a clash
            // means rows changed by hand. Abort rather than lose a step.
            guard inserted == h.caseIDs.count else { throw StoreError(.database, "a step or request id of the batch is stored already; the database was changed outside Caseflow") }
        }
        if !opened.ids.isEmpty {
            let t = opened
            try await c.query("""
                INSERT INTO tasks (id, case_id, queue, status, body, due_key, priority_key)
                SELECT id, case_id, CASE WHEN has_queue THEN queue END, 'open', body, due_key, priority_key
                FROM unnest(\(t.ids)::text[], \(t.caseIDs)::text[], \(t.queues)::text[], \(t.hasQueue)::bool[], \(t.bodies)::bytea[],
                            \(t.dueKeys)::int8[], \(t.priorityKeys)::int8[])
                     AS u(id, case_id, queue, has_queue, body, due_key, priority_key)
                """, logger: logger)
        }
        // A task claimed and completed in one batch: its update comes first, as its steps did.
        if !updated.ids.isEmpty {
            try await c.query("""
                UPDATE tasks SET body = u.body, assignee = CASE WHEN u.held THEN u.assignee END
                FROM unnest(\(updated.ids)::text[], \(updated.bodies)::bytea[], \(updated.assignees)::text[], \(updated.held)::bool[])
                     AS u(id, body, assignee, held)
                WHERE tasks.id = u.id AND tasks.status = 'open'
                """, logger: logger)
        }
        // Only tasks that were open count as closed (RETURNING names their queues).
        if !cancelled.ids.isEmpty {
            let rows = try await c.query("""
                UPDATE tasks SET status = 'cancelled', closed_at = u.at FROM unnest(\(cancelled.ids)::text[], \(cancelled.at)::text[]) AS u(id, at)
                WHERE tasks.id = u.id AND tasks.status = 'open' RETURNING tasks.queue
                """, logger: logger)
            for try await queue in rows.decode(String?.self) { counts.closed(queue: queue) }
        }
        if !completed.ids.isEmpty {
            let rows = try await c.query("""
                UPDATE tasks SET status = 'completed', outcome = u.outcome, closed_at = u.at
                FROM unnest(\(completed.ids)::text[], \(completed.outcomes)::text[], \(completed.at)::text[]) AS u(id, outcome, at)
                WHERE tasks.id = u.id AND tasks.status = 'open' RETURNING tasks.queue
                """, logger: logger)
            for try await queue in rows.decode(String?.self) { counts.closed(queue: queue) }
        }
        let changes = counts.changes
        if !changes.isEmpty {
            try await c.query("""
                INSERT INTO queue_counts (queue, open) SELECT * FROM unnest(\(changes.map(\.queue))::text[], \(changes.map { Int64($0.change) })::int8[])
                ON CONFLICT (queue) DO UPDATE SET open = queue_counts.open + excluded.open
                """, logger: logger)
        }
        if !timersGone.isEmpty {
            try await c.query("DELETE FROM timers WHERE id = ANY(\(timersGone))", logger: logger)
        }
        if !timersNew.ids.isEmpty {
            let t = timersNew
            try await c.query("""
                INSERT INTO timers (id, case_id, event, due_seconds, due_nanos, due)
                SELECT * FROM unnest(\(t.ids)::text[], \(t.caseIDs)::text[], \(t.events)::text[], \(t.seconds)::int8[], \(t.nanos)::int8[], \(t.due)::text[])
                """, logger: logger)
        }
        if !children.ids.isEmpty {
            let k = children
            try await c.query("""
                INSERT INTO scheduled_children (id, parent_id, start_seconds, start_nanos, request)
                SELECT * FROM unnest(\(k.ids)::text[], \(k.parents)::text[], \(k.seconds)::int8[], \(k.nanos)::int8[], \(k.requests)::bytea[])
                ON CONFLICT (id) DO NOTHING
                """, logger: logger)
        }
        try await writeKPI(on: c, logger: logger)
        try await writeNotifications(on: c, logger: logger)
    }

    /// The report rows and SLA results. Absent values travel as NULLIF sentinels: postgres-nio
    /// sends no arrays of optionals.
    private func writeKPI(on c: PostgresConnection, logger: Logger) async throws {
        if !kpiRows.isEmpty {
            let k = KPIColumns(kpiRows.values.sorted { $0.caseID < $1.caseID })
            let none = KPIColumns.none
            try await c.query("""
                INSERT INTO kpi_cases (case_id, workflow, opened_ms, closed_ms, queue, channel, tier, assignee, first_response_ms,
                                       first_response_business_s, resolved_ms, resolution_business_s, contacts, first_contact, reopens,
                                       confirmed, survey_of, csat, nps, answered_ms, recovered)
                SELECT id, workflow, opened, NULLIF(closed, \(none)), NULLIF(queue, ''), NULLIF(channel, ''), NULLIF(tier, ''), NULLIF(assignee, ''),
                       NULLIF(fr, \(none)), NULLIF(frb, \(none)), NULLIF(res, \(none)), NULLIF(resb, \(none)), contacts,
                       CASE fc WHEN 0 THEN NULL ELSE fc = 2 END, reopens, CASE confirmed WHEN 0 THEN NULL ELSE confirmed = 2 END, NULLIF(survey_of, ''), NULLIF(csat, \(none)),
                       NULLIF(nps, \(none)), NULLIF(answered, \(none)), recovered
                FROM unnest(\(k.ids)::text[], \(k.workflows)::text[], \(k.opened)::int8[], \(k.closed)::int8[], \(k.queues)::text[],
                            \(k.channels)::text[], \(k.tiers)::text[], \(k.assignees)::text[], \(k.firstResponse)::int8[],
                            \(k.firstResponseBusiness)::int8[], \(k.resolved)::int8[], \(k.resolutionBusiness)::int8[], \(k.contacts)::int8[],
                            \(k.firstContact)::int8[], \(k.reopens)::int8[], \(k.confirmed)::int8[], \(k.surveyOf)::text[], \(k.csat)::int8[],
                            \(k.nps)::int8[], \(k.answered)::int8[], \(k.recovered)::bool[])
                     AS u(id, workflow, opened, closed, queue, channel, tier, assignee, fr, frb, res, resb, contacts, fc, reopens, confirmed,
                          survey_of, csat, nps, answered, recovered)
                ON CONFLICT (case_id) DO UPDATE SET closed_ms = excluded.closed_ms, queue = excluded.queue, channel = excluded.channel,
                    tier = excluded.tier, assignee = excluded.assignee, first_response_ms = excluded.first_response_ms,
                    first_response_business_s = excluded.first_response_business_s, resolved_ms = excluded.resolved_ms,
                    resolution_business_s = excluded.resolution_business_s, contacts = excluded.contacts, first_contact = excluded.first_contact,
                    reopens = excluded.reopens, confirmed = excluded.confirmed, survey_of = excluded.survey_of, csat = excluded.csat,
                    nps = excluded.nps, answered_ms = excluded.answered_ms, recovered = excluded.recovered
                """, logger: logger)
        }
        if !slaOutcomes.isEmpty {
            let o = slaOutcomes.values.sorted { ($0.caseID, $0.sla) < ($1.caseID, $1.sla) }
            try await c.query("""
                INSERT INTO kpi_slas (case_id, sla, met, at_ms)
                SELECT * FROM unnest(\(o.map(\.caseID))::text[], \(o.map(\.sla))::text[], \(o.map(\.met))::bool[], \(o.map(\.at.milliseconds))::int8[])
                ON CONFLICT (case_id, sla) DO NOTHING
                """, logger: logger)
        }
    }

    /// The notifications and their deliveries, last of all: the counter row that hands out
    /// their positions stays locked until the commit, so positions are given in commit order.
    private func writeNotifications(on c: PostgresConnection, logger: Logger) async throws {
        guard !notifications.isEmpty else { return }
        var last: Int64 = 0
        for try await position in try await c.query("UPDATE notification_clock SET position = position + \(Int64(notifications.count)) RETURNING position",
                                                    logger: logger).decode(Int64.self) { last = position }
        var n = (positions: [Int64](), ids: [String](), cases: [String](), kinds: [String](), created: [Int64](), bodies: [ByteBuffer]())
        var d = (positions: [Int64](), subscriptions: [String](), cases: [String](), ids: [String](), kinds: [String](), bodies: [ByteBuffer](), created: [Int64]())
        for (offset, entry) in notifications.enumerated() {
            let position = last - Int64(notifications.count) + 1 + Int64(offset)
            n.positions.append(position); n.ids.append(entry.id); n.cases.append(entry.caseID); n.kinds.append(entry.kind.rawValue)
            n.created.append(entry.createdMS); n.bodies.append(ByteBuffer(bytes: entry.body))
            for delivery in entry.deliveries {
                d.positions.append(position); d.subscriptions.append(delivery.subscription); d.cases.append(entry.caseID); d.ids.append(entry.id)
                d.kinds.append(entry.kind.rawValue); d.bodies.append(ByteBuffer(bytes: delivery.body)); d.created.append(entry.createdMS)
            }
        }
        try await c.query("""
            INSERT INTO notifications (position, id, case_id, kind, created_ms, body)
            SELECT * FROM unnest(\(n.positions)::int8[], \(n.ids)::text[], \(n.cases)::text[], \(n.kinds)::text[], \(n.created)::int8[], \(n.bodies)::bytea[])
            """, logger: logger)
        if !d.positions.isEmpty {
            try await c.query("""
                INSERT INTO deliveries (position, subscription, case_id, notification_id, kind, body, created_ms, next_ms, ready)
                SELECT p, s, c, i, k, b, t, t,
                       row_number() OVER (PARTITION BY s, c ORDER BY p) = 1
                       AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.status = 'pending' AND e.subscription = u.s AND e.case_id = u.c)
                FROM unnest(\(d.positions)::int8[], \(d.subscriptions)::text[], \(d.cases)::text[], \(d.ids)::text[],
                            \(d.kinds)::text[], \(d.bodies)::bytea[], \(d.created)::int8[]) AS u(p, s, c, i, k, b, t)
                """, logger: logger)
        }
    }

    private func count(_ rows: PostgresRowSequence) async throws -> Int {
        var n = 0
        for try await _ in rows { n += 1 }
        return n
    }
}

/// Column arrays of rows of the `cases` table.
private struct CaseColumns {
    var ids: [String] = [], workflows: [String] = [], versions: [Int] = [], hashes: [String] = [], states: [String] = []
    var closed: [Bool] = [], steps: [Int] = [], snapshots: [ByteBuffer] = [], createdAt: [String] = [], updatedAt: [String] = []
    var from: [Int] = [], customers: [String] = [], hasCustomer: [Bool] = [], parents: [String] = [], hasParent: [Bool] = []
    var createdSeconds: [Int64] = []

    mutating func add(_ e: EncodedStep, from step: Int) {
        let customer = StoredForms.customerID(of: e.step.after)
        customers.append(customer ?? ""); hasCustomer.append(customer != nil)
        parents.append(e.step.after.parentID ?? ""); hasParent.append(e.step.after.parentID != nil)
        createdSeconds.append(e.step.after.createdAt.seconds)
        let c = e.step.after
        ids.append(c.id); workflows.append(c.workflow); versions.append(c.version); hashes.append(c.definitionHash)
        states.append(c.state); closed.append(c.isClosed); steps.append(c.step); snapshots.append(ByteBuffer(bytes: e.snapshot))
        createdAt.append(c.createdAt.rfc3339); updatedAt.append(e.updatedAt); from.append(step)
    }
}

/// Column arrays of `history` rows; a NULL is a flag beside a placeholder, since postgres-nio
/// sends no arrays with NULLs in them.
private struct HistoryColumns {
    var caseIDs: [String] = [], steps: [Int] = [], eventIDs: [String] = [], hasID: [Bool] = []
    var kinds: [String] = [], scopes: [String] = [], digests: [ByteBuffer] = [], hasDigest: [Bool] = []
    var audits: [ByteBuffer] = [], responses: [ByteBuffer] = [], hasResponse: [Bool] = []

    mutating func add(_ e: EncodedStep, request: RequestKey?) {
        let step = e.step, c = step.after
        caseIDs.append(c.id); steps.append(c.step)
        eventIDs.append(request?.id ?? ""); hasID.append(request != nil)
        kinds.append(request?.kind.rawValue ?? RequestKey.Kind.event.rawValue); scopes.append(request?.scope ?? "")
        digests.append(ByteBuffer(bytes: request?.fingerprint ?? [])); hasDigest.append(request?.fingerprint != nil)
        audits.append(ByteBuffer(bytes: e.audit))
        responses.append(ByteBuffer(bytes: request == nil ? [] : e.response)); hasResponse.append(request != nil)
    }
}

private struct TaskColumns {
    var ids: [String] = [], caseIDs: [String] = [], queues: [String] = [], hasQueue: [Bool] = [], bodies: [ByteBuffer] = []
    var dueKeys: [Int64] = [], priorityKeys: [Int64] = []

    mutating func add(_ task: TaskInstance, caseID: String, body: [UInt8]) {
        ids.append(task.id); caseIDs.append(caseID); queues.append(task.queue ?? ""); hasQueue.append(task.queue != nil)
        bodies.append(ByteBuffer(bytes: body))
        dueKeys.append(TaskSortKey.due(task)); priorityKeys.append(TaskSortKey.priority(task))
    }
}

private struct TimerColumns {
    var ids: [String] = [], caseIDs: [String] = [], events: [String] = [], seconds: [Int64] = [], nanos: [Int64] = [], due: [String] = []

    mutating func add(_ t: TimerInstance) {
        ids.append(t.id); caseIDs.append(t.caseID); events.append(t.event)
        seconds.append(t.due.seconds); nanos.append(Int64(t.due.nanos)); due.append(t.due.rfc3339)
    }
}

private struct ChildColumns {
    var ids: [String] = [], parents: [String] = [], seconds: [Int64] = [], nanos: [Int64] = [], requests: [ByteBuffer] = []

    mutating func add(_ child: ChildCaseRequest, id: String, parent: String) {
        ids.append(id); parents.append(parent); seconds.append(child.startAt.seconds); nanos.append(Int64(child.startAt.nanos))
        requests.append(ByteBuffer(bytes: StoredForms.encode(child)))
    }
}

/// Column arrays of report rows (``KPIRow``); an absent number is ``none``, an absent text ''.
struct KPIColumns {
    static let none = Int64.min
    var ids: [String] = [], workflows: [String] = [], opened: [Int64] = [], closed: [Int64] = []
    var queues: [String] = [], channels: [String] = [], tiers: [String] = [], assignees: [String] = []
    var firstResponse: [Int64] = [], firstResponseBusiness: [Int64] = [], resolved: [Int64] = [], resolutionBusiness: [Int64] = []
    var contacts: [Int64] = [], firstContact: [Int64] = [], reopens: [Int64] = [], confirmed: [Int64] = []
    var surveyOf: [String] = [], csat: [Int64] = [], nps: [Int64] = [], answered: [Int64] = [], recovered: [Bool] = []

    init(_ rows: [KPIRow]) {
        for r in rows {
            let m = r.measures
            ids.append(r.caseID); workflows.append(r.workflow); opened.append(r.openedAt.milliseconds)
            closed.append(m.closedAt?.milliseconds ?? Self.none)
            queues.append(m.queue ?? ""); channels.append(m.channel ?? ""); tiers.append(m.tier ?? ""); assignees.append(m.assignee ?? "")
            firstResponse.append(m.firstResponseAt?.milliseconds ?? Self.none); firstResponseBusiness.append(m.firstResponseBusiness ?? Self.none)
            resolved.append(m.resolvedAt?.milliseconds ?? Self.none); resolutionBusiness.append(m.resolutionBusiness ?? Self.none)
            contacts.append(Int64(m.contacts)); firstContact.append(m.firstContact.map { $0 ? 2 : 1 } ?? 0); reopens.append(Int64(m.reopens))
            confirmed.append(m.confirmed.map { $0 ? 2 : 1 } ?? 0); surveyOf.append(m.surveyOf ?? "")
            csat.append(m.csat.map(Int64.init) ?? Self.none); nps.append(m.nps.map(Int64.init) ?? Self.none)
            answered.append(m.answeredAt?.milliseconds ?? Self.none); recovered.append(m.recovered)
        }
    }
}
