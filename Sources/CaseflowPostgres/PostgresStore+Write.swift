import CaseflowEngine
import CaseflowExpr
import CaseflowStore
import Foundation
import PostgresNIO

/// Writes: a batch of steps in one transaction that first locks every case it applies events
/// to, in id order (so two daemons' batches never wait on each other in a circle), and learns
/// their step numbers; each step then writes everything it changed, or (when refused) nothing.
extension PostgresStore {
    public func forgetAnswers(storedBefore cutoff: Int64, limit: Int) async throws(StoreError) -> Int {
        try await transaction("write") { c in
            var n = 0
            for try await _ in try await c.query("""
                UPDATE history SET response = NULL WHERE (case_id, step) IN (
                    SELECT case_id, step FROM history WHERE response IS NOT NULL AND answered_at < \(cutoff) LIMIT \(limit))
                RETURNING 1
                """, logger: self.logger) { n += 1 }
            return n
        }
    }

    public func removeClosedCases(_ cases: [String: Int]) async throws(StoreError) -> [String] {
        let ids = cases.keys.sorted()
        return try await transaction("write") { c in
            var removed: [String] = []
            let rows = try await c.query("""
                SELECT id, step FROM cases WHERE id = ANY(\(ids)) AND closed
                AND NOT EXISTS (SELECT 1 FROM scheduled_children s WHERE s.parent_id = cases.id)
                ORDER BY id FOR UPDATE
                """, logger: self.logger)
            for try await (id, step) in rows.decode((String, Int).self) where cases[id] == step { removed.append(id) }
            guard !removed.isEmpty else { return [] }
            let open = try await c.query("""
                SELECT COALESCE(queue, ''), count(*) FROM tasks WHERE case_id = ANY(\(removed)) AND status = 'open' GROUP BY 1 ORDER BY 1
                """, logger: self.logger)
            var counts: [(String, Int64)] = []
            for try await (queue, n) in open.decode((String, Int64).self) { counts.append((queue, n)) }
            for (queue, n) in counts {
                try await c.query("UPDATE queue_counts SET open = open - \(n) WHERE queue = \(queue)", logger: self.logger)
            }
            try await c.query("DELETE FROM tasks WHERE case_id = ANY(\(removed))", logger: self.logger)
            try await c.query("DELETE FROM history WHERE case_id = ANY(\(removed))", logger: self.logger)
            try await c.query("DELETE FROM timers WHERE case_id = ANY(\(removed))", logger: self.logger)
            try await c.query("DELETE FROM case_keys WHERE case_id = ANY(\(removed))", logger: self.logger)
            try await c.query("DELETE FROM deliveries WHERE case_id = ANY(\(removed))", logger: self.logger)
            try await c.query("DELETE FROM cases WHERE id = ANY(\(removed))", logger: self.logger)
            return removed
        }
    }

    public func commit(_ writes: [StoreWrite]) async throws(StoreError) -> [Result<ApplyOutcome, StoreError>] {
        let (results, written) = try await transaction("write") { c in try await self.run(writes, on: c) }
        // Only committed states are cached (see SnapshotCache).
        snapshots.remember(written.values)
        return results
    }

    /// The leases among `wanted` that are still the tasks', their rows locked until the batch
    /// commits so that no worker takes one over in between.
    func heldLeases(_ wanted: [TaskLease], on c: PostgresConnection) async throws -> [String: String] {
        guard !wanted.isEmpty else { return [:] }
        let ids = wanted.map(\.taskID), now = wanted.map(\.now).min() ?? 0
        var held: [String: String] = [:]
        let rows = try await c.query("""
            SELECT id, lease_token FROM tasks WHERE id = ANY(\(ids)) AND status = 'open' AND lease_until > \(now) AND lease_token IS NOT NULL
            ORDER BY id FOR UPDATE
            """, logger: logger)
        for try await (id, token) in rows.decode((String, String).self) { held[id] = token }
        return held
    }

    /// A request id as the history keys it.
    struct RequestRow: Hashable, Sendable {
        var caseID: String, kind: String, scope: String, id: String
        init(_ caseID: String, _ request: RequestKey) { (self.caseID, kind, scope, id) = (caseID, request.kind.rawValue, request.scope, request.id) }
    }

    /// Runs a batch in a few round trips whatever its size: the cases locked, the ids of new
    /// cases and the request ids looked up, the snapshots not cached read, all in one query
    /// each; then every step in memory, in order; then the rows written by table
    /// (``PostgresBatchRows``).
    func run(_ writes: [StoreWrite], on c: PostgresConnection) async throws -> ([Result<ApplyOutcome, StoreError>], [String: CaseState]) {
        var applied: [String] = [], created: [String] = [], keys: [RequestRow] = []
        for w in writes {
            switch w.kind {
            case .apply(let id, let request, _, _):
                applied.append(id)
                if let request { keys.append(RequestRow(id, request)) }
            case .create(let step, _), .startChild(_, let step): created.append(step.after.id)
            }
        }
        // The parents (and theirs) of the cases written are locked too: a child that finishes
        // reports to its parent in this transaction.
        let started = writes.compactMap { w -> String? in
            switch w.kind {
            case .create(let step, _), .startChild(_, let step): step.after.parentID
            case .apply: nil
            }
        }
        let ancestors = try await ancestors(of: applied, parents: started, on: c)
        // And the open children of all of those, which a step may cancel (`cancel_children`).
        let children = try await openChildren(of: applied + ancestors + started, on: c)
        let steps = try await lockCases(applied + ancestors + children.values.flatMap { $0 }, on: c)
        let existing = try await existingCases(created, on: c)
        let stored = try await findRequests(keys, on: c)
        let uncached = steps.filter { id, step in snapshots.lookup(id)?.step != step }.map(\.key)
        var loaded = try await storedCases(uncached, on: c)
        // The cached ones too, as they are now: the cache may drop them before the batch needs them.
        for (id, step) in steps where loaded[id] == nil {
            if let cached = snapshots.lookup(id), cached.step == step { loaded[id] = cached }
        }
        let leases = try await heldLeases(writes.compactMap(\.lease), on: c)
        let schedules = try await scheduledStill(writes.compactMap { w -> String? in
            if case .startChild(let id, _) = w.kind { return id } else { return nil }
        }, on: c)

        var batch = Batch(steps: steps, existing: existing, stored: stored, loaded: loaded, snapshots: snapshots, dictionaries: dictionaries,
                          outbox: outbox, leases: leases)
        batch.rows.searchKeys = searchKeys.current
        batch.childrenOf = children
        batch.schedules = schedules
        var results: [Result<ApplyOutcome, StoreError>] = []
        results.reserveCapacity(writes.count)
        for w in writes {
            do throws(StoreError) {
                let outcome = try batch.perform(w)
                if case .applied(let applied) = outcome { batch.followUp(applied.step, w) }
                results.append(.success(outcome))
            } catch {
                // A refusal writes nothing and leaves the rest of the batch; anything else ends it.
                if error.kind == .database || error.kind == .unavailable { throw error }
                results.append(.failure(error))
            }
        }
        let (rows, written) = (batch.rows, batch.written)
        try await rows.write(on: c, logger: logger)
        return (results, written)
    }

    /// A batch's steps as they are worked out in memory: the step of each case, the ids taken,
    /// the answers of request ids (stored, or given earlier in the batch), and the rows to write.
    struct Batch {
        var steps: [String: Int]
        var existing: Set<String>
        var stored: [RequestRow: StoredRequest]
        let loaded: [String: CaseState]
        let snapshots: SnapshotCache
        let dictionaries: AuditDictionaries
        let outbox: Outbox
        /// The workers' leases the batch's writes need that are still theirs (task id → token).
        let leases: [String: String]
        /// The open children of the cases written, locked with them.
        var childrenOf: [String: [String]] = [:]
        /// The schedules of children to start that are still there (locked).
        var schedules: Set<String> = []
        var rows = PostgresBatchRows()
        var written: [String: CaseState] = [:]

        mutating func perform(_ w: StoreWrite) throws(StoreError) -> ApplyOutcome {
            switch w.kind {
            case .create(let step, let response):
                if existing.contains(step.after.id) { throw StoreError.caseExists(step.after.id) }
                return .applied(add(w.prepared ?? EncodedStep(step, response: response, dictionaries: dictionaries, outbox: outbox), request: nil))
            case .startChild(let scheduleID, let step):
                // Gone already: started by another daemon, or dropped by its parent's cancel_children.
                guard schedules.contains(scheduleID) else { return .duplicate([]) }
                schedules.remove(scheduleID)
                rows.startedSchedules.append(scheduleID)
                // Started before (by a daemon that died before removing its schedule, or another).
                if existing.contains(step.after.id) { return .duplicate([]) }
                return .applied(add(w.prepared ?? EncodedStep(step, response: [], dictionaries: dictionaries, outbox: outbox), request: nil))
            case .apply(let caseID, let request, let body, let response):
                if let request, let first = stored[RequestRow(caseID, request)] {
                    return try first.outcome(repeating: request, caseID: caseID)
                }
                if let lease = w.lease, leases[lease.taskID] != lease.token { throw lease.lost }
                guard let stepNumber = steps[caseID] else { throw StoreError.noCase(caseID) }
                let current: CaseState
                if let c = written[caseID] ?? snapshots.lookup(caseID), c.step == stepNumber {
                    current = c
                } else if let c = loaded[caseID] {
                    current = c
                } else {
                    throw StoreError.noCase(caseID)
                }
                let encoded = try StepPlan.step(caseID: caseID, current: current, prepared: w.prepared, body: body, response: response, dictionaries: dictionaries, outbox: outbox)
                if let request {
                    stored[RequestRow(caseID, request)] = StoredRequest(step: encoded.after.step, response: encoded.response, digest: request.fingerprint)
                }
                return .applied(add(encoded, request: request))
            }
        }

        /// What a step sets off in other cases (all locked with the batch): a finished child's
        /// report to its parent, a parent's cancel to its open children, and what those steps set
        /// off in turn (64 steps at most). A case not locked with the batch is not reached.
        mutating func followUp(_ first: Step, _ w: StoreWrite) {
            var queue = [first]
            var budget = 64
            while !queue.isEmpty, budget > 0 {
                budget -= 1
                let step = queue.removeFirst()
                if let done = step.childDone, let hook = w.onChildDone, let parent = current(done.parentID), let answer = hook(done, parent) {
                    _ = add(EncodedStep(answer, response: [], dictionaries: dictionaries, outbox: outbox), request: nil)
                    queue.append(answer)
                }
                if let event = step.cancelChildren, let hook = w.onCancelChild {
                    rows.droppedSchedulesOf.append(step.after.id)
                    for id in childrenOf[step.after.id] ?? [] {
                        guard let child = current(id), !child.isClosed, let answer = hook(event, child) else { continue }
                        _ = add(EncodedStep(answer, response: [], dictionaries: dictionaries, outbox: outbox), request: nil)
                        queue.append(answer)
                    }
                }
            }
        }

        /// A locked case as it stands in the batch.
        private func current(_ id: String) -> CaseState? {
            guard let stepNumber = steps[id] else { return nil }
            if let c = written[id] ?? snapshots.lookup(id), c.step == stepNumber { return c }
            return loaded[id]
        }

        private mutating func add(_ encoded: EncodedStep, request: RequestKey?) -> EncodedStep {
            let c = encoded.after
            rows.add(encoded, request: request)
            existing.insert(c.id)
            steps[c.id] = c.step
            written[c.id] = c
            return encoded
        }
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

    /// The parents of the cases `ids` and the cases `parents`, and their parents in turn (16
    /// levels at most): the cases a finished child may report to.
    func ancestors(of ids: [String], parents: [String], on c: PostgresConnection) async throws -> [String] {
        guard !ids.isEmpty || !parents.isEmpty else { return [] }
        var found: [String] = []
        let rows = try await c.query("""
            WITH RECURSIVE up(id, depth) AS (
                SELECT parent_id, 1 FROM cases WHERE id = ANY(\(ids)) AND parent_id IS NOT NULL
                UNION SELECT p, 1 FROM unnest(\(parents)::text[]) AS p
                UNION SELECT cases.parent_id, up.depth + 1 FROM cases JOIN up ON cases.id = up.id
                    WHERE cases.parent_id IS NOT NULL AND up.depth < 16)
            SELECT DISTINCT id FROM up
            """, logger: logger)
        for try await id in rows.decode(String.self) { found.append(id) }
        return found
    }

    /// The schedules among `ids` still stored, locked until the batch commits.
    func scheduledStill(_ ids: [String], on c: PostgresConnection) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        var found: Set<String> = []
        let rows = try await c.query("SELECT id FROM scheduled_children WHERE id = ANY(\(ids)) ORDER BY id FOR UPDATE", logger: logger)
        for try await id in rows.decode(String.self) { found.insert(id) }
        return found
    }

    /// The open child cases of `ids`, by parent.
    func openChildren(of ids: [String], on c: PostgresConnection) async throws -> [String: [String]] {
        guard !ids.isEmpty else { return [:] }
        var found: [String: [String]] = [:]
        let rows = try await c.query("SELECT id, parent_id FROM cases WHERE parent_id = ANY(\(ids)) AND NOT closed ORDER BY seq", logger: logger)
        for try await (id, parent) in rows.decode((String, String).self) { found[parent, default: []].append(id) }
        return found
    }

    /// Which of the ids are cases already.
    func existingCases(_ ids: [String], on c: PostgresConnection) async throws -> Set<String> {
        var found: Set<String> = []
        guard !ids.isEmpty else { return found }
        for try await id in try await c.query("SELECT id FROM cases WHERE id = ANY(\(ids))", logger: logger).decode(String.self) { found.insert(id) }
        return found
    }

    /// The stored answers of the request ids among `keys`.
    func findRequests(_ keys: [RequestRow], on c: PostgresConnection) async throws -> [RequestRow: StoredRequest] {
        var found: [RequestRow: StoredRequest] = [:]
        guard !keys.isEmpty else { return found }
        let rows = try await c.query("""
            SELECT h.case_id, h.request_kind, h.request_scope, h.event_id, h.step, h.response, h.request_digest
            FROM history h JOIN unnest(\(keys.map(\.caseID))::text[], \(keys.map(\.kind))::text[], \(keys.map(\.scope))::text[], \(keys.map(\.id))::text[])
                 AS k(case_id, kind, scope, id)
              ON h.case_id = k.case_id AND h.request_kind = k.kind AND h.request_scope = k.scope AND h.event_id = k.id
            """, logger: logger)
        for try await (caseID, kind, scope, id, step, response, digest) in rows.decode((String, String, String, String, Int, ByteBuffer?, ByteBuffer?).self) {
            var key = RequestRow(caseID, RequestKey(.event, id: id))
            key.kind = kind
            key.scope = scope
            found[key] = StoredRequest(step: step, response: response?.bytes, digest: digest?.bytes)
        }
        return found
    }

    /// The stored states of the cases, decoded.
    func storedCases(_ ids: [String], on c: PostgresConnection) async throws -> [String: CaseState] {
        var found: [String: CaseState] = [:]
        guard !ids.isEmpty else { return found }
        for try await (id, snapshot) in try await c.query("SELECT id, snapshot FROM cases WHERE id = ANY(\(ids))", logger: logger).decode((String, ByteBuffer).self) {
            found[id] = try StoredForms.caseState(snapshot.bytes, caseID: id)
        }
        return found
    }

    /// Prepares like SQLite: the engine runs on the cached state of the case (or its snapshot),
    /// outside the transaction; the transaction uses the result if the case is still there.
    public func prepare(_ w: StoreWrite) async -> StoreWrite {
        switch w.kind {
        case .create(let step, let response): return w.preparing(EncodedStep(step, response: response, dictionaries: dictionaries, outbox: outbox))
        case .startChild(_, let step): return w.preparing(EncodedStep(step, response: [], dictionaries: dictionaries, outbox: outbox))
        case .apply(let caseID, _, let body, let response):
            // Only a cached case: reading a snapshot here would cost a round trip the
            // transaction may make anyway.
            guard let current = snapshots.lookup(caseID), let step = try? body(current) else { return w }
            return w.preparing(EncodedStep(step, response: response(step), dictionaries: dictionaries, outbox: outbox))
        }
    }

    public func discardTimer(caseID: String, timerID: String, at time: Timestamp, reason: String) async throws(StoreError) {
        let after = try await transaction("write") { c -> CaseState? in
            guard let stepNumber = try await self.lockCases([caseID], on: c)[caseID] else {
                // A timer of a case that is gone: only its row is left to remove.
                try await c.query("DELETE FROM timers WHERE id = \(timerID)", logger: self.logger)
                return nil
            }
            let cached = self.snapshots.lookup(caseID)
            guard let current = cached?.step == stepNumber ? cached : try await self.storedCases([caseID], on: c)[caseID] else {
                throw StoreError.noCase(caseID)
            }
            guard current.timers.contains(where: { $0.id == timerID }) else {
                try await c.query("DELETE FROM timers WHERE id = \(timerID)", logger: self.logger)
                return nil
            }
            var rows = PostgresBatchRows()
            let encoded = EncodedStep(Engine.discard(timer: timerID, at: time, reason: reason, in: current), response: [], dictionaries: self.dictionaries, outbox: self.outbox)
            rows.add(encoded, request: nil)
            try await rows.write(on: c, logger: self.logger)
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
            var rows = PostgresBatchRows()
            for encoded in steps { rows.add(encoded, request: nil) }
            try await rows.write(on: c, logger: self.logger)
        }
    }
}
