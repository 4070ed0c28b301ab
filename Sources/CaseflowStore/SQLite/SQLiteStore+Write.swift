import CaseflowEngine
import CaseflowExpr
import CaseflowJSON
import Foundation
import GRDB

/// Writes: a batch of steps in one transaction; each step writes everything it changed, or
/// (when refused) nothing.
extension SQLiteStore {
    public func saveDefinition(_ d: StoredDefinition) async throws(StoreError) {
        let stored = try await write { db -> StoredDefinition? in
            try db.execute(sql: "INSERT INTO definitions (workflow, version, hash, source) VALUES (?, ?, ?, ?) ON CONFLICT (workflow, version) DO NOTHING",
                           arguments: [d.workflow, d.version, d.hash, d.source])
            return try Row.fetchOne(db, sql: "SELECT hash, source FROM definitions WHERE workflow = ? AND version = ?", arguments: [d.workflow, d.version])
                .map { StoredDefinition(workflow: d.workflow, version: d.version, hash: $0["hash"], source: $0["source"]) }
        }
        guard let stored else { return }
        if stored.hash != d.hash { throw .versionChanged(d) }
        dictionaries.learn(stored)
    }

    public func forgetAnswers(storedBefore cutoff: Int64, limit: Int) async throws(StoreError) -> Int {
        try await write { db in
            try db.execute(sql: """
                UPDATE history SET response = NULL WHERE rowid IN (
                    SELECT rowid FROM history WHERE response IS NOT NULL AND answered_at < ? LIMIT ?)
                """, arguments: [cutoff, limit])
            return db.changesCount
        }
    }

    public func removeClosedCases(_ cases: [String: Int]) async throws(StoreError) -> [String] {
        try await write { db in
            var removed: [String] = []
            for (id, step) in cases.sorted(by: { $0.key < $1.key }) {
                guard try Bool.fetchOne(db, sql: """
                    SELECT 1 FROM cases WHERE id = ? AND closed = 1 AND step = ?
                    AND NOT EXISTS (SELECT 1 FROM scheduled_children s WHERE s.parent_id = cases.id)
                    """, arguments: [id, step]) == true else { continue }
                // Task ids are the case's id and '-task-N': a range of the primary key, so no
                // index by case is needed (nor kept up on every step) for this rare delete.
                let (low, high) = (id + "-task-", id + "-task.")
                for row in try Row.fetchAll(db, sql: "SELECT COALESCE(queue, '') AS q, COUNT(*) AS n FROM tasks WHERE id >= ? AND id < ? AND case_id = ? AND status = 'open' GROUP BY q",
                                            arguments: [low, high, id]) {
                    try db.execute(sql: "UPDATE queue_counts SET open = open - ? WHERE queue = ?", arguments: [row["n"] as Int, row["q"] as String])
                }
                try db.execute(sql: "DELETE FROM tasks WHERE id >= ? AND id < ? AND case_id = ?", arguments: [low, high, id])
                try db.execute(sql: "DELETE FROM history WHERE case_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM timers WHERE case_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM case_keys WHERE case_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM cases WHERE id = ?", arguments: [id])
                removed.append(id)
            }
            // Deliveries still waiting or given up go with their cases (one pass for the batch;
            // the feed keeps its rows for --keep-feed).
            if !removed.isEmpty {
                try db.execute(sql: "DELETE FROM deliveries WHERE case_id IN (\(removed.map { _ in "?" }.joined(separator: ",")))",
                               arguments: StatementArguments(removed))
            }
            return removed
        }
    }

    public func commit(_ writes: [StoreWrite]) async throws(StoreError) -> [Result<ApplyOutcome, StoreError>] {
        let (results, written): ([Result<ApplyOutcome, StoreError>], [String: CaseState])
        do {
            (results, written) = try await pool.write { db in try self.run(writes, in: db) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .writeFailed(error)
        }
        // Only committed states are cached: a step number then names one state of a case, and
        // a cached copy at the row's step is that state.
        snapshots.remember(written.values)
        return results
    }

    /// Runs each write of a batch, and returns the results and the cases written. A write is
    /// refused (not found, rejected, a request id seen before) before it writes anything, so a
    /// refusal needs no rollback; a failure while writing aborts the whole transaction, and the
    /// group committer tries each write again alone.
    func run(_ writes: [StoreWrite], in db: Database) throws -> ([Result<ApplyOutcome, StoreError>], [String: CaseState]) {
        // Cases written earlier in this batch, so a second event on one case needs no decoding.
        var written: [String: CaseState] = [:]
        var results: [Result<ApplyOutcome, StoreError>] = []
        results.reserveCapacity(writes.count)
        for w in writes {
            let outcome: ApplyOutcome
            do {
                outcome = try perform(w, in: db, written: written)
            } catch let error as StoreError where error.kind != .database && error.kind != .unavailable {
                results.append(.failure(error))
                continue
            } catch {
                statements.clearErrors()
                throw error
            }
            if case .applied(let applied) = outcome {
                written[applied.step.after.id] = applied.step.after
                try followUp(applied.step, w, in: db, written: &written)
            }
            results.append(.success(outcome))
        }
        return (results, written)
    }

    /// What a step sets off in other cases, in this transaction: a finished child's report to
    /// its parent, a parent's cancel to its open children, and what those steps set off in turn
    /// (64 steps at most).
    func followUp(_ first: Step, _ w: StoreWrite, in db: Database, written: inout [String: CaseState]) throws {
        var queue = [first]
        var budget = 64
        while !queue.isEmpty, budget > 0 {
            budget -= 1
            let step = queue.removeFirst()
            if let done = step.childDone, let hook = w.onChildDone, let parent = try reportBack(done, hook, in: db, written: &written) {
                queue.append(parent)
            }
            if let event = step.cancelChildren, let hook = w.onCancelChild {
                queue += try cancelChildren(of: step.after.id, event: event, hook, in: db, written: &written)
            }
        }
    }

    /// A finished child's event to its parent, written as the parent's step in this transaction;
    /// the parent's own finish reports to its parent in turn, 16 levels at most. A parent no
    /// longer stored (archived) is not told.
    func reportBack(_ done: ChildDone, _ hook: @Sendable (ChildDone, CaseState) -> Step?, in db: Database,
                    written: inout [String: CaseState]) throws -> Step? {
        guard let stepNumber = try Int.fetchOne(statements(.caseStep, db), arguments: [done.parentID]) else { return nil }
        let parent = try currentCase(done.parentID, step: stepNumber, in: db, written: written)
        guard let step = hook(done, parent) else { return nil }
        guard try persist(EncodedStep(step, response: [], dictionaries: dictionaries, outbox: outbox), request: nil, in: db) else {
            throw StoreError.changedOutside(done.parentID, snapshot: parent.step, row: stepNumber)
        }
        written[done.parentID] = step.after
        return step
    }

    /// Sends `event` to every open child of `parent` as the child's step, in this transaction,
    /// and drops the children not started yet. A child a cancelled child reports back to its
    /// parent as any other does.
    func cancelChildren(of parent: String, event: String, _ hook: @Sendable (String, CaseState) -> Step?,
                        in db: Database, written: inout [String: CaseState]) throws -> [Step] {
        try db.execute(sql: "DELETE FROM scheduled_children WHERE parent_id = ?", arguments: [parent])
        var steps: [Step] = []
        for row in try Row.fetchAll(db, sql: "SELECT id, step FROM cases WHERE parent_id = ? AND closed = 0 ORDER BY rowid", arguments: [parent]) {
            let id: String = row["id"], stepNumber: Int = row["step"]
            let child = try currentCase(id, step: stepNumber, in: db, written: written)
            guard let step = hook(event, child) else { continue }
            guard try persist(EncodedStep(step, response: [], dictionaries: dictionaries, outbox: outbox), request: nil, in: db) else {
                throw StoreError.changedOutside(id, snapshot: child.step, row: stepNumber)
            }
            written[id] = step.after
            steps.append(step)
        }
        return steps
    }

    /// Runs one write. The request id is looked up first (one probe of the index the history
    /// row goes into anyway); the step prepared ahead is written if the case's row is still at
    /// the step it started from (the UPDATE checks that and writes nothing otherwise), else the
    /// engine runs again on the stored case.
    func perform(_ w: StoreWrite, in db: Database, written: [String: CaseState]) throws -> ApplyOutcome {
        switch w.kind {
        case .create(let step, let response):
            let exists = try Bool.fetchOne(statements(.caseExists, db), arguments: [step.after.id]) ?? false
            if exists { throw StoreError.caseExists(step.after.id) }
            let encoded = w.prepared ?? EncodedStep(step, response: response, dictionaries: dictionaries, outbox: outbox)
            try persist(encoded, request: nil, in: db)
            return .applied(encoded)
        case .startChild(let scheduleID, let step):
            try db.cachedStatement(sql: "DELETE FROM scheduled_children WHERE id = ?").execute(arguments: [scheduleID])
            // Gone already: started by another daemon, or dropped by its parent's cancel_children.
            if db.changesCount == 0 { return .duplicate([]) }
            if try Bool.fetchOne(statements(.caseExists, db), arguments: [step.after.id]) ?? false {
                return .duplicate([])
            }
            let encoded = w.prepared ?? EncodedStep(step, response: [], dictionaries: dictionaries, outbox: outbox)
            try persist(encoded, request: nil, in: db)
            return .applied(encoded)
        case .apply(let caseID, let request, let body, let response):
            if let request, let row = try Row.fetchOne(
                statements(.findEvent, db),
                arguments: [caseID, request.kind.rawValue, request.scope, request.id]) {
                let digest: Data? = row["request_digest"], stored: Data? = row["response"]
                return try StoredRequest(step: row["step"], response: stored.map(Array.init), digest: digest.map(Array.init))
                    .outcome(repeating: request, caseID: caseID)
            }
            if let lease = w.lease {
                let held = try Bool.fetchOne(db, sql: "SELECT 1 FROM tasks WHERE id = ? AND lease_token = ? AND lease_until > ? AND status = 'open'",
                                             arguments: [lease.taskID, lease.token, lease.now]) ?? false
                if !held { throw lease.lost }
            }
            if let prepared = w.prepared, prepared.step.before != nil, try persist(prepared, request: request, in: db) {
                return .applied(prepared)
            }
            guard let stepNumber = try Int.fetchOne(statements(.caseStep, db), arguments: [caseID]) else {
                throw StoreError.noCase(caseID)
            }
            let current = try currentCase(caseID, step: stepNumber, in: db, written: written)
            let encoded = try StepPlan.step(caseID: caseID, current: current, prepared: nil, body: body, response: response, dictionaries: dictionaries, outbox: outbox)
            guard try persist(encoded, request: request, in: db) else {
                throw StoreError.changedOutside(caseID, snapshot: current.step, row: stepNumber)
            }
            return .applied(encoded)
        }
    }

    /// Runs the engine and the encoding ahead of the transaction, on the last committed state
    /// of the case: the cached one, or else the snapshot read on a reader connection (which
    /// runs beside the writer). An event the engine refuses, or a case that cannot be read, is
    /// left to the transaction, which alone decides (a repeated event id must get its first
    /// answer).
    public func prepare(_ w: StoreWrite) async -> StoreWrite {
        let caseID: String, body: @Sendable (CaseState) throws(EngineError) -> Step, response: @Sendable (Step) -> [UInt8]
        switch w.kind {
        case .create(let step, let response): return w.preparing(EncodedStep(step, response: response, dictionaries: dictionaries, outbox: outbox))
        case .startChild(_, let step): return w.preparing(EncodedStep(step, response: [], dictionaries: dictionaries, outbox: outbox))
        case .apply(let id, _, let b, let r): (caseID, body, response) = (id, b, r)
        }
        guard let current = snapshots.lookup(caseID) ?? (try? storedCase(caseID, reader: snapshotReader)) ?? nil,
              let step = try? body(current) else { return w }
        return w.preparing(EncodedStep(step, response: response(step), dictionaries: dictionaries, outbox: outbox))
    }

    /// The stored case at `step`: from this batch or the cache when its step matches the row,
    /// otherwise decoded from the snapshot (after a restart, or when another process wrote it).
    func currentCase(_ id: String, step: Int, in db: Database, written: [String: CaseState]) throws -> CaseState {
        if let c = written[id] ?? snapshots.lookup(id), c.step == step { return c }
        guard let snapshot = try Data.fetchOne(db.cachedStatement(sql: "SELECT snapshot FROM cases WHERE id = ?"), arguments: [id]) else {
            throw StoreError.noCase(id)
        }
        return try StoredForms.caseState(Array(snapshot), caseID: id)
    }

    /// Removes the timer as a step of its own, so the history says why it never fired and
    /// every change of a snapshot comes with a new step number (which the cache relies on).
    public func discardTimer(caseID: String, timerID: String, at time: Timestamp, reason: String) async throws(StoreError) {
        let after = try await write { db -> CaseState? in
            guard let stepNumber = try Int.fetchOne(db, sql: "SELECT step FROM cases WHERE id = ?", arguments: [caseID]) else {
                // A timer of a case that is gone: only its row is left to remove.
                try db.execute(sql: "DELETE FROM timers WHERE id = ?", arguments: [timerID])
                return nil
            }
            let current = try self.currentCase(caseID, step: stepNumber, in: db, written: [:])
            guard current.timers.contains(where: { $0.id == timerID }) else {
                try db.execute(sql: "DELETE FROM timers WHERE id = ?", arguments: [timerID])
                return nil
            }
            let step = Engine.discard(timer: timerID, at: time, reason: reason, in: current)
            guard try self.persist(EncodedStep(step, response: [], dictionaries: self.dictionaries, outbox: self.outbox), request: nil, in: db) else {
                throw StoreError.changedOutside(caseID, snapshot: current.step, row: stepNumber)
            }
            return step.after
        }
        if let after { snapshots.remember([after]) }
    }

    /// Writes a step's snapshot, history, tasks, timers, children and request key.
    /// Returns false, having written nothing, when the case's row is no longer at the step the
    /// step was computed from (`step.before`; a new case has none).
    @discardableResult
    func persist(_ encoded: EncodedStep, request: RequestKey?, in db: Database) throws -> Bool {
        let previous = encoded.step.before
        let isNew = previous == nil
        let step = encoded.step, c = step.after
        let snapshot = encoded.snapshot, at = encoded.at
        if isNew {
            try statements(.insertCase, db).run {
                    $0.text(c.id); $0.text(c.workflow); $0.int(c.version); $0.text(c.definitionHash); $0.text(c.state)
                    $0.bool(c.isClosed); $0.int(c.step); $0.blob(snapshot); $0.text(c.createdAt.rfc3339); $0.text(encoded.updatedAt)
                    $0.text(StoredForms.customerID(of: c)); $0.text(c.parentID); $0.int(c.createdAt.seconds)
                }
        } else {
            try statements(.updateCase, db).run {
                $0.text(c.state); $0.bool(c.isClosed); $0.int(c.step); $0.blob(snapshot); $0.text(encoded.updatedAt); $0.text(c.id); $0.int(c.step - 1)
            }
            if db.changesCount != 1 { return false }
            // The customer column (and its index) is written only when the customer changed.
            let customer = StoredForms.customerID(of: c)
            if let previous, StoredForms.customerID(of: previous) != customer {
                try statements(.updateCustomer, db).run { $0.text(customer); $0.text(c.id) }
            }
        }
        let keys = searchKeys.changes(before: previous, after: c)
        for key in keys.removed {
            try db.execute(sql: "DELETE FROM case_keys WHERE name = ? AND value = ? AND case_id = ?", arguments: [key.name, key.value, c.id])
        }
        for key in keys.added {
            try db.execute(sql: "INSERT OR IGNORE INTO case_keys (name, value, case_id) VALUES (?, ?, ?)", arguments: [key.name, key.value, c.id])
        }
        try statements(.insertHistory, db).run {
            $0.text(c.id); $0.int(c.step); $0.text(request?.id)
            $0.text(request?.kind.rawValue ?? RequestKey.Kind.event.rawValue); $0.text(request?.scope ?? ""); $0.blob(request?.fingerprint)
            $0.blob(encoded.audit); $0.blob(request == nil ? nil : encoded.response)
            if request == nil { $0.null() } else { $0.int(Int(Date().timeIntervalSince1970)) }
        }
        var counts = QueueCounts()
        for (task, body) in zip(step.openedTasks, encoded.tasks) {
            try statements(.insertTask, db).run {
                $0.text(task.id); $0.text(c.id); $0.text(task.queue); $0.blob(body)
                $0.int(TaskSortKey.due(task)); $0.int(TaskSortKey.priority(task))
            }
            counts.opened(task)
        }
        for (task, body) in zip(step.updatedTasks, encoded.updatedTasks) {
            try statements(.updateTask, db).run { $0.blob(body); $0.text(task.assignee); $0.text(task.id) }
        }
        for task in step.cancelledTasks {
            try statements(.cancelTask, db).run { $0.text(at); $0.text(task.id) }
            if db.changesCount == 1 { counts.closed(task) }
        }
        if let done = step.completedTask {
            try statements(.completeTask, db).run {
                $0.text(step.audit.event); $0.text(at); $0.text(done.id)
            }
            if db.changesCount == 1 { counts.closed(done) }
        }
        for (queue, change) in counts.changes {
            try statements(.countQueue, db).run { $0.text(queue); $0.int(change) }
        }
        let timers = StoredForms.timerChanges(before: previous?.timers ?? [], after: c)
        for t in timers.removed {
            try statements(.deleteTimer, db).execute(arguments: [t.id])
        }
        for t in timers.added {
            try statements(.insertTimer, db).execute(arguments: [t.id, c.id, t.event, t.due.seconds, t.due.nanos, t.due.rfc3339])
        }
        for entry in encoded.outbox {
            try statements(.insertNotification, db).run {
                $0.text(entry.id); $0.text(entry.caseID); $0.text(entry.kind.rawValue); $0.int(entry.createdMS); $0.blob(entry.body)
            }
            let position = db.lastInsertedRowID
            for d in entry.deliveries {
                try statements(.insertDelivery, db).run {
                    $0.int(position); $0.text(d.subscription); $0.text(entry.caseID); $0.text(entry.id); $0.text(entry.kind.rawValue)
                    $0.blob(d.body); $0.int(entry.createdMS); $0.int(entry.createdMS)
                }
            }
        }
        if let row = encoded.kpi.row { try statements(.putKPICase, db).run { KPIColumns.bind(row, &$0) } }
        for outcome in encoded.kpi.slaOutcomes {
            try statements(.putKPISLA, db).run { $0.text(outcome.caseID); $0.text(outcome.sla); $0.bool(outcome.met); $0.int(outcome.at.milliseconds) }
        }
        for (index, child) in step.children.enumerated() {
            try db.execute(sql: "INSERT OR IGNORE INTO scheduled_children (id, parent_id, start_seconds, start_nanos, request) VALUES (?, ?, ?, ?, ?)",
                           arguments: [StoredForms.childID(of: c, child, index: index), c.id, child.startAt.seconds, child.startAt.nanos,
                                       Data(StoredForms.encode(child))])
        }
        return true
    }
}

