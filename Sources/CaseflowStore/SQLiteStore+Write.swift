import CaseflowEngine
import CaseflowExpr
import CaseflowJSON
import Foundation
import GRDB

/// Writes: a batch of steps in one transaction; each step writes everything it changed, or
/// (when refused) nothing.
extension SQLiteStore {
    public func saveDefinition(_ d: StoredDefinition) throws(StoreError) {
        try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO definitions (workflow, version, hash, source) VALUES (?, ?, ?, ?)",
                           arguments: [d.workflow, d.version, d.hash, d.source])
        }
    }

    public func commit(_ writes: [StoreWrite]) throws(StoreError) -> [Result<ApplyOutcome, StoreError>] {
        let (results, written): ([Result<ApplyOutcome, StoreError>], [String: CaseState])
        do {
            (results, written) = try pool.write { db in try self.run(writes, in: db, savepoints: false) }
        } catch is PartialWrite {
            // A write failed after it had begun writing; the whole transaction was rolled back,
            // so run the batch again with each write in a savepoint of its own.
            (results, written) = try write { db in try self.run(writes, in: db, savepoints: true) }
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
    /// refused (not found, rejected, conflict) before it writes anything, so refusals need no
    /// rollback; a failure while writing aborts the batch with ``PartialWrite`` unless each
    /// write runs in a savepoint, which costs a copy of every page it touches and so is kept
    /// for that rare second attempt.
    func run(_ writes: [StoreWrite], in db: Database, savepoints: Bool) throws
        -> ([Result<ApplyOutcome, StoreError>], [String: CaseState]) {
        // Cases written earlier in this batch, so a second event on one case needs no decoding.
        var written: [String: CaseState] = [:]
        var results: [Result<ApplyOutcome, StoreError>] = []
        results.reserveCapacity(writes.count)
        for w in writes {
            var outcome: ApplyOutcome?
            do {
                if savepoints {
                    try db.inSavepoint {
                        outcome = try self.perform(w, in: db, written: written, careful: true)
                        return .commit
                    }
                } else {
                    outcome = try perform(w, in: db, written: written, careful: false)
                }
            } catch let error as StoreError where error.kind != .database {
                results.append(.failure(error))
                continue
            } catch {
                if savepoints {
                    results.append(.failure(error as? StoreError
                        ?? StoreError(.database, "case '\(w.caseID)' could not be written: \(error)")))
                    continue
                }
                throw PartialWrite()
            }
            guard let outcome else { throw StoreError(.database, "a write produced no outcome") }
            if case .applied(let applied) = outcome { written[applied.step.after.id] = applied.step.after }
            results.append(.success(outcome))
        }
        return (results, written)
    }

    /// Runs one write. Not `careful`, a prepared step is written before looking for its event
    /// id: a repeat then breaks the history's unique index, which aborts the batch, and the
    /// batch runs again carefully (each write in a savepoint, the event id looked up first).
    /// Repeats are rare; the look-up on every event is not free.
    func perform(_ w: StoreWrite, in db: Database, written: [String: CaseState], careful: Bool) throws -> ApplyOutcome {
        switch w.kind {
        case .create(let step, let response):
            let exists = try Bool.fetchOne(statements(.caseExists, db), arguments: [step.after.id]) ?? false
            if exists { throw StoreError(.conflict, "case '\(step.after.id)' exists already; choose another id or send events to it") }
            let encoded = w.prepared ?? EncodedStep(step, response: response)
            try persist(encoded, request: nil, in: db)
            return .applied(encoded)
        case .startChild(let scheduleID, let step):
            try db.cachedStatement(sql: "DELETE FROM scheduled_children WHERE id = ?").execute(arguments: [scheduleID])
            if try Bool.fetchOne(statements(.caseExists, db), arguments: [step.after.id]) ?? false {
                return .duplicate([])
            }
            let encoded = w.prepared ?? EncodedStep(step, response: [])
            try persist(encoded, request: nil, in: db)
            return .applied(encoded)
        case .apply(let caseID, let request, let body, let response):
            // The step prepared ahead is written if the row is still at the step it started
            // from (the UPDATE checks that, and writes nothing otherwise).
            if !careful, let prepared = w.prepared, prepared.step.before != nil, try persist(prepared, request: request, in: db) {
                return .applied(prepared)
            }
            if let request, let row = try Row.fetchOne(
                statements(.findEvent, db),
                arguments: [caseID, request.kind.rawValue, request.scope, request.id]) {
                let step: Int = row["step"]
                let digest: Data? = row["request_digest"]
                if let digest, let fingerprint = request.fingerprint, Array(digest) != fingerprint {
                    throw StoreError(.conflict, "\(request.described) was used before on case '\(caseID)' (step \(step)) for a different request; send a new id for a new request, or repeat the first request unchanged")
                }
                if let stored: Data = row["response"] { return .duplicate(Array(stored)) }
                // Only a database edited by hand lacks the answer; say so rather than apply twice.
                return .duplicate(Array(#"{"duplicate":true,"step":\#(step),"note":"this request id was applied before, as step \#(step) of the case; its answer was not kept"}"#.utf8))
            }
            if careful, let prepared = w.prepared, prepared.step.before != nil, try persist(prepared, request: request, in: db) {
                return .applied(prepared)
            }
            guard let stepNumber = try Int.fetchOne(statements(.caseStep, db), arguments: [caseID]) else {
                throw StoreError(.notFound, "no case '\(caseID)'; check the id (GET /v1/cases lists cases)")
            }
            let current = try currentCase(caseID, step: stepNumber, in: db, written: written)
            let step: Step
            do throws(EngineError) { step = try body(current) } catch {
                throw StoreError(.rejected, error.message, engine: EngineErrorBox(error))
            }
            let encoded = EncodedStep(step, response: response(step))
            guard try persist(encoded, request: request, in: db) else {
                throw StoreError(.database, "case '\(caseID)': its stored snapshot (step \(current.step)) does not match its row (step \(stepNumber)); the database was changed outside Caseflow")
            }
            return .applied(encoded)
        }
    }

    /// Runs the engine and the encoding ahead of the transaction, on the last committed state
    /// of the case: the cached one, or else the snapshot read on a reader connection (which
    /// runs beside the writer). An event the engine refuses, or a case that cannot be read, is
    /// left to the transaction, which alone decides (a repeated event id must get its first
    /// answer).
    public func prepare(_ w: StoreWrite) -> StoreWrite {
        let caseID: String, body: @Sendable (CaseState) throws(EngineError) -> Step, response: @Sendable (Step) -> [UInt8]
        switch w.kind {
        case .create(let step, let response): return StoreWrite(kind: w.kind, prepared: EncodedStep(step, response: response))
        case .startChild(_, let step): return StoreWrite(kind: w.kind, prepared: EncodedStep(step, response: []))
        case .apply(let id, _, let b, let r): (caseID, body, response) = (id, b, r)
        }
        guard let current = snapshots.lookup(caseID) ?? (try? storedCase(caseID, reader: snapshotReader)) ?? nil,
              let step = try? body(current) else { return w }
        return StoreWrite(kind: w.kind, prepared: EncodedStep(step, response: response(step)))
    }

    /// The stored case at `step`: from this batch or the cache when its step matches the row,
    /// otherwise decoded from the snapshot (after a restart, or when another process wrote it).
    func currentCase(_ id: String, step: Int, in db: Database, written: [String: CaseState]) throws -> CaseState {
        if let c = written[id] ?? snapshots.lookup(id), c.step == step { return c }
        guard let snapshot = try Data.fetchOne(db.cachedStatement(sql: "SELECT snapshot FROM cases WHERE id = ?"), arguments: [id]) else {
            throw StoreError(.notFound, "no case '\(id)'; check the id (GET /v1/cases lists cases)")
        }
        do {
            return try decodeCase(snapshot)
        } catch {
            throw StoreError(.database, "case '\(id)': its stored snapshot cannot be read (\(error)); stop the daemon and restore the database from a backup")
        }
    }

    /// Removes the timer as a step of its own, so the history says why it never fired and
    /// every change of a snapshot comes with a new step number (which the cache relies on).
    public func discardTimer(caseID: String, timerID: String, at time: Timestamp, reason: String) throws(StoreError) {
        let after = try write { db -> CaseState? in
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
            guard try self.persist(EncodedStep(step, response: []), request: nil, in: db) else {
                throw StoreError(.database, "case '\(caseID)': its stored snapshot (step \(current.step)) does not match its row (step \(stepNumber)); the database was changed outside Caseflow")
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
                }
        } else {
            try statements(.updateCase, db).run {
                $0.text(c.state); $0.bool(c.isClosed); $0.int(c.step); $0.blob(snapshot); $0.text(encoded.updatedAt); $0.text(c.id); $0.int(c.step - 1)
            }
            if db.changesCount != 1 { return false }
        }
        try statements(.insertHistory, db).run {
            $0.text(c.id); $0.int(c.step); $0.text(step.audit.event); $0.text(request?.id)
            $0.text(request?.kind.rawValue ?? RequestKey.Kind.event.rawValue); $0.text(request?.scope ?? ""); $0.blob(request?.fingerprint)
            $0.text(at); $0.text(step.audit.from); $0.text(c.state)
            $0.blob(encoded.audit); $0.blob(request == nil ? nil : encoded.response)
        }
        for (task, body) in zip(step.openedTasks, encoded.tasks) {
            try statements(.insertTask, db).run {
                $0.text(task.id); $0.text(c.id); $0.text(task.queue); $0.blob(body)
            }
        }
        for task in step.cancelledTasks {
            try statements(.cancelTask, db).run { $0.text(at); $0.text(task.id) }
        }
        if let done = step.completedTask {
            try statements(.completeTask, db).run {
                $0.text(step.audit.event); $0.text(at); $0.text(done.id)
            }
        }
        try mirrorTimers(before: previous?.timers ?? [], after: c, in: db)
        for (index, child) in step.children.enumerated() {
            try db.execute(sql: "INSERT OR IGNORE INTO scheduled_children (id, parent_id, start_seconds, start_nanos, request) VALUES (?, ?, ?, ?, ?)",
                           arguments: ["\(c.id)-\(child.workflow)-\(c.step)-\(index + 1)", c.id, child.startAt.seconds, child.startAt.nanos,
                                       try encode(child)])
        }
        return true
    }

    /// The timers table mirrors the snapshot's timers (the snapshot is the truth) so the
    /// scheduler can find what is due: rows of timers the step removed go, new ones come.
    func mirrorTimers(before: [TimerInstance], after c: CaseState, in db: Database) throws {
        let insert = try statements(.insertTimer, db)
        for t in before where !c.timers.contains(t) {
            try statements(.deleteTimer, db).execute(arguments: [t.id])
        }
        for t in c.timers where !before.contains(t) {
            try insert.execute(arguments: [t.id, c.id, t.event, t.due.seconds, t.due.nanos, t.due.rfc3339])
        }
    }
}

/// A write failed after it had begun writing (without a savepoint to undo it alone).
struct PartialWrite: Error {}

