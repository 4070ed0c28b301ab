import CaseflowEngine
import CaseflowExpr
import CaseflowStore
import Foundation
import PostgresNIO

/// Writes: a batch of steps in one transaction that first locks every case it applies events
/// to, in id order (so two daemons' batches never wait on each other in a circle), and learns
/// their step numbers; each step then writes everything it changed, or (when refused) nothing.
extension PostgresStore {
    public func commit(_ writes: [StoreWrite]) async throws(StoreError) -> [Result<ApplyOutcome, StoreError>] {
        let (results, written) = try await transaction("write") { c in try await self.run(writes, on: c) }
        // Only committed states are cached (see SnapshotCache).
        snapshots.remember(written.values)
        return results
    }

    /// A batch's results and the cases it wrote.
    struct BatchResult: Sendable {
        var results: [Result<ApplyOutcome, StoreError>] = []
        var written: [String: CaseState] = [:]
    }

    func run(_ writes: [StoreWrite], on c: PostgresConnection) async throws -> ([Result<ApplyOutcome, StoreError>], [String: CaseState]) {
        var steps = try await lockCases(writes.compactMap { w -> String? in
            if case .apply(let id, _, _, _) = w.kind { return id }
            return nil
        }, on: c)
        var batch = BatchResult()
        batch.results.reserveCapacity(writes.count)
        for w in writes {
            let outcome: ApplyOutcome
            do {
                outcome = try await perform(w, on: c, steps: steps, written: batch.written)
            } catch let error as StoreError where error.kind != .database && error.kind != .unavailable {
                batch.results.append(.failure(error))
                continue
            }
            if case .applied(let applied) = outcome {
                batch.written[applied.step.after.id] = applied.step.after
                steps[applied.step.after.id] = applied.step.after.step
            }
            batch.results.append(.success(outcome))
        }
        return (batch.results, batch.written)
    }

    /// Locks the cases' rows until the transaction ends and returns their step numbers (cases
    /// that do not exist are missing).
    func lockCases(_ ids: [String], on c: PostgresConnection) async throws -> [String: Int] {
        var steps: [String: Int] = [:]
        guard !ids.isEmpty else { return steps }
        let sorted = Array(Set(ids)).sorted()
        let rows = try await c.query("SELECT id, step FROM cases WHERE id = ANY(\(sorted)) ORDER BY id FOR UPDATE", logger: logger)
        for try await (id, step) in rows.decode((String, Int).self) { steps[id] = step }
        return steps
    }

    func perform(_ w: StoreWrite, on c: PostgresConnection, steps: [String: Int], written: [String: CaseState]) async throws -> ApplyOutcome {
        switch w.kind {
        case .create(let step, let response):
            let encoded = w.prepared ?? EncodedStep(step, response: response)
            guard try await insertCase(encoded, on: c) else { throw StoreError.caseExists(step.after.id) }
            try await persistRest(encoded, request: nil, on: c)
            return .applied(encoded)
        case .startChild(let scheduleID, let step):
            try await c.query("DELETE FROM scheduled_children WHERE id = \(scheduleID)", logger: logger)
            let encoded = w.prepared ?? EncodedStep(step, response: [])
            // Started before (by a daemon that died before removing its schedule, or another).
            guard try await insertCase(encoded, on: c) else { return .duplicate([]) }
            try await persistRest(encoded, request: nil, on: c)
            return .applied(encoded)
        case .apply(let caseID, let request, let body, let response):
            if let request, let stored = try await findRequest(request, caseID: caseID, on: c) {
                return try stored.outcome(repeating: request, caseID: caseID)
            }
            guard let stepNumber = steps[caseID] else { throw StoreError.noCase(caseID) }
            let current = try await currentCase(caseID, step: stepNumber, on: c, written: written)
            let encoded = try StepPlan.step(caseID: caseID, current: current, prepared: w.prepared, body: body, response: response)
            guard try await updateCase(encoded, on: c) else {
                throw StoreError.changedOutside(caseID, snapshot: current.step, row: stepNumber)
            }
            try await persistRest(encoded, request: request, on: c)
            return .applied(encoded)
        }
    }

    func findRequest(_ request: RequestKey, caseID: String, on c: PostgresConnection) async throws -> StoredRequest? {
        let rows = try await c.query("""
            SELECT step, response, request_digest FROM history
            WHERE case_id = \(caseID) AND request_kind = \(request.kind.rawValue) AND request_scope = \(request.scope) AND event_id = \(request.id)
            """, logger: logger)
        for try await (step, response, digest) in rows.decode((Int, ByteBuffer?, ByteBuffer?).self) {
            return StoredRequest(step: step, response: response?.bytes, digest: digest?.bytes)
        }
        return nil
    }

    /// The stored case at `step`: from this batch or the cache when its step matches the row,
    /// otherwise decoded from the snapshot.
    func currentCase(_ id: String, step: Int, on c: PostgresConnection, written: [String: CaseState]) async throws -> CaseState {
        if let cached = written[id] ?? snapshots.lookup(id), cached.step == step { return cached }
        let rows = try await c.query("SELECT snapshot FROM cases WHERE id = \(id)", logger: logger)
        for try await snapshot in rows.decode(ByteBuffer.self) {
            return try StoredForms.caseState(snapshot.bytes, caseID: id)
        }
        throw StoreError.noCase(id)
    }

    /// Inserts a new case's row; false (writing nothing) when the id is taken.
    func insertCase(_ encoded: EncodedStep, on c: PostgresConnection) async throws -> Bool {
        let s = encoded.after
        let rows = try await c.query("""
            INSERT INTO cases (id, workflow, version, hash, state, closed, step, snapshot, created_at, updated_at)
            VALUES (\(s.id), \(s.workflow), \(s.version), \(s.definitionHash), \(s.state), \(s.isClosed), \(s.step),
                    \(encoded.snapshot.bytea), \(s.createdAt.rfc3339), \(encoded.updatedAt))
            ON CONFLICT (id) DO NOTHING RETURNING 1
            """, logger: logger)
        for try await _ in rows.decode(Int.self) { return true }
        return false
    }

    /// Moves a case's row from the step the step started at to its new one; false when the row
    /// is elsewhere (which the lock rules out, unless the database is changed by hand).
    func updateCase(_ encoded: EncodedStep, on c: PostgresConnection) async throws -> Bool {
        let s = encoded.after
        let rows = try await c.query("""
            UPDATE cases SET state = \(s.state), closed = \(s.isClosed), step = \(s.step), snapshot = \(encoded.snapshot.bytea),
                updated_at = \(encoded.updatedAt)
            WHERE id = \(s.id) AND step = \(s.step - 1) RETURNING 1
            """, logger: logger)
        for try await _ in rows.decode(Int.self) { return true }
        return false
    }

    /// Writes a step's history row, tasks, timers and children (the case row is written).
    func persistRest(_ encoded: EncodedStep, request: RequestKey?, on c: PostgresConnection) async throws {
        let step = encoded.step, s = step.after, at = encoded.at
        let kind = request?.kind.rawValue ?? RequestKey.Kind.event.rawValue
        let history = try await c.query("""
            INSERT INTO history (case_id, step, event, event_id, request_kind, request_scope, request_digest, at, from_state, to_state, audit, response)
            VALUES (\(s.id), \(s.step), \(step.audit.event), \(request?.id), \(kind), \(request?.scope ?? ""),
                    \(request?.fingerprint?.bytea), \(at), \(step.audit.from), \(s.state), \(encoded.audit.bytea),
                    \(request == nil ? nil : encoded.response.bytea))
            ON CONFLICT DO NOTHING RETURNING 1
            """, logger: logger)
        var inserted = false
        for try await _ in history.decode(Int.self) { inserted = true }
        // The case is locked and its request id was looked up under the lock: a clash here
        // means the rows were changed by hand. Abort the transaction rather than lose a step.
        guard inserted else { throw StoreError(.database, "case '\(s.id)': step \(s.step) or its request id is stored already; the database was changed outside Caseflow") }
        for (task, body) in zip(step.openedTasks, encoded.tasks) {
            try await c.query("INSERT INTO tasks (id, case_id, queue, status, body) VALUES (\(task.id), \(s.id), \(task.queue), 'open', \(body.bytea))",
                              logger: logger)
        }
        for task in step.cancelledTasks {
            try await c.query("UPDATE tasks SET status = 'cancelled', closed_at = \(at) WHERE id = \(task.id)", logger: logger)
        }
        if let done = step.completedTask {
            try await c.query("UPDATE tasks SET status = 'completed', outcome = \(step.audit.event), closed_at = \(at) WHERE id = \(done.id)",
                              logger: logger)
        }
        let timers = StoredForms.timerChanges(before: step.before?.timers ?? [], after: s)
        if !timers.removed.isEmpty {
            try await c.query("DELETE FROM timers WHERE id = ANY(\(timers.removed.map(\.id)))", logger: logger)
        }
        for t in timers.added {
            try await c.query("""
                INSERT INTO timers (id, case_id, event, due_seconds, due_nanos, due)
                VALUES (\(t.id), \(s.id), \(t.event), \(t.due.seconds), \(Int64(t.due.nanos)), \(t.due.rfc3339))
                """, logger: logger)
        }
        for (index, child) in step.children.enumerated() {
            try await c.query("""
                INSERT INTO scheduled_children (id, parent_id, start_seconds, start_nanos, request)
                VALUES (\(StoredForms.childID(of: s, child, index: index)), \(s.id), \(child.startAt.seconds), \(Int64(child.startAt.nanos)),
                        \(StoredForms.encode(child).bytea))
                ON CONFLICT (id) DO NOTHING
                """, logger: logger)
        }
    }

    /// Prepares like SQLite: the engine runs on the cached state of the case (or its snapshot),
    /// outside the transaction; the transaction uses the result if the case is still there.
    public func prepare(_ w: StoreWrite) async -> StoreWrite {
        switch w.kind {
        case .create(let step, let response): return StoreWrite(kind: w.kind, prepared: EncodedStep(step, response: response))
        case .startChild(_, let step): return StoreWrite(kind: w.kind, prepared: EncodedStep(step, response: []))
        case .apply(let caseID, _, let body, let response):
            // Only a cached case: reading a snapshot here would cost a round trip the
            // transaction may make anyway.
            guard let current = snapshots.lookup(caseID), let step = try? body(current) else { return w }
            return StoreWrite(kind: w.kind, prepared: EncodedStep(step, response: response(step)))
        }
    }

    public func discardTimer(caseID: String, timerID: String, at time: Timestamp, reason: String) async throws(StoreError) {
        let after = try await transaction("write") { c -> CaseState? in
            guard let stepNumber = try await self.lockCases([caseID], on: c)[caseID] else {
                // A timer of a case that is gone: only its row is left to remove.
                try await c.query("DELETE FROM timers WHERE id = \(timerID)", logger: self.logger)
                return nil
            }
            let current = try await self.currentCase(caseID, step: stepNumber, on: c, written: [:])
            guard current.timers.contains(where: { $0.id == timerID }) else {
                try await c.query("DELETE FROM timers WHERE id = \(timerID)", logger: self.logger)
                return nil
            }
            let encoded = EncodedStep(Engine.discard(timer: timerID, at: time, reason: reason, in: current), response: [])
            guard try await self.updateCase(encoded, on: c) else {
                throw StoreError.changedOutside(caseID, snapshot: current.step, row: stepNumber)
            }
            try await self.persistRest(encoded, request: nil, on: c)
            return encoded.after
        }
        if let after { snapshots.remember([after]) }
    }
}

extension EncodedStep {
    var after: CaseState { step.after }
}

extension PostgresStore {
    /// Writes steps computed and encoded beforehand, in one transaction, exactly as `commit`
    /// writes them (the case rows locked, each step's rows), with no engine, encoding, request
    /// look-up or cache: the limit the benchmark measures the store against.
    public func writeEncoded(_ steps: [EncodedStep]) async throws(StoreError) {
        try await transaction("write") { c in
            _ = try await self.lockCases(steps.map(\.after.id), on: c)
            for encoded in steps {
                guard try await self.updateCase(encoded, on: c) else { throw StoreError(.database, "case '\(encoded.after.id)' is not at the step before") }
                try await self.persistRest(encoded, request: nil, on: c)
            }
        }
    }
}
