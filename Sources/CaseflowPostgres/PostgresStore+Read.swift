import CaseflowEngine
import CaseflowJSON
import CaseflowExpr
import CaseflowStore
import Foundation
import PostgresNIO

/// Reads: cases, history, tasks, and the scheduler's claims.
extension PostgresStore {
    public func loadCase(_ id: String) async throws(StoreError) -> CaseState? {
        let snapshot = try await read("read") { c -> ByteBuffer? in
            try await c.query("SELECT snapshot FROM cases WHERE id = \(id)", logger: self.logger).decode(ByteBuffer.self).first { _ in true }
        }
        guard let snapshot else { return nil }
        return try StoredForms.caseState(snapshot.bytes, caseID: id)
    }

    public func closedCases(workflow: String, updatedBefore cutoff: Timestamp, limit: Int) async throws(StoreError) -> [String] {
        try await read("read") { c in
            var ids: [String] = []
            let rows = try await c.query("""
                SELECT id FROM cases WHERE workflow = \(workflow) AND closed AND updated_at < \(cutoff.rfc3339)
                AND NOT EXISTS (SELECT 1 FROM scheduled_children s WHERE s.parent_id = cases.id)
                ORDER BY updated_at LIMIT \(limit)
                """, logger: self.logger)
            for try await id in rows.decode(String.self) { ids.append(id) }
            return ids
        }
    }

    public func history(_ id: String) async throws(StoreError) -> [HistoryEntry] {
        let (hash, rows) = try await read("read") { c -> (String?, [(Int, String?, String, ByteBuffer)]) in
            let hash = try await c.query("SELECT hash FROM cases WHERE id = \(id)", logger: self.logger).decode(String.self).first { _ in true }
            var rows: [(Int, String?, String, ByteBuffer)] = []
            let result = try await c.query("SELECT step, event_id, request_kind, audit FROM history WHERE case_id = \(id) ORDER BY step", logger: self.logger)
            for try await row in result.decode((Int, String?, String, ByteBuffer).self) { rows.append(row) }
            return (hash, rows)
        }
        var dictionary: AuditDictionary?
        if let hash { dictionary = try await self.dictionary(hash) }
        var entries: [HistoryEntry] = []
        for (step, eventID, kind, audit) in rows {
            entries.append(HistoryEntry(step: step, eventID: eventID, requestKind: eventID == nil ? nil : RequestKey.Kind(rawValue: kind),
                                        audit: try StoredForms.audit(audit.bytes, dictionary: dictionary, caseID: id, step: step)))
        }
        return entries
    }

    /// The audit dictionary of a version, made from its stored bundle when this daemon has not
    /// seen it yet (another daemon stored it).
    func dictionary(_ hash: String) async throws(StoreError) -> AuditDictionary? {
        if let known = dictionaries[hash: hash] { return known }
        let stored = try await read("read") { c -> StoredDefinition? in
            try await c.query("SELECT workflow, version, hash, source FROM definitions WHERE hash = \(hash) LIMIT 1", logger: self.logger)
                .decode((String, Int, String, String).self).first { _ in true }
                .map { StoredDefinition(workflow: $0.0, version: $0.1, hash: $0.2, source: $0.3) }
        }
        if let stored { dictionaries.learn(stored) }
        return dictionaries[hash: hash]
    }

    public func cases(workflow: String?, state: String?, after cursor: Int64?, limit: Int) async throws(StoreError) -> Page<CaseState> {
        // An absent filter is a NULL parameter; each query is planned with its values, so the
        // planner sees which conditions hold and picks the index for those that remain.
        let q: PostgresQuery = """
            SELECT seq, id, snapshot FROM cases
            WHERE seq > \(cursor ?? 0) AND (\(workflow)::text IS NULL OR workflow = \(workflow)) AND (\(state)::text IS NULL OR state = \(state))
            ORDER BY seq LIMIT \(limit + 1)
            """
        let rows = try await read("read") { c -> [(Int64, String, ByteBuffer)] in
            var rows: [(Int64, String, ByteBuffer)] = []
            for try await row in try await c.query(q, logger: self.logger).decode((Int64, String, ByteBuffer).self) { rows.append(row) }
            return rows
        }
        var items: [CaseState] = []
        for (_, id, snapshot) in rows.prefix(limit) { items.append(try StoredForms.caseState(snapshot.bytes, caseID: id)) }
        return Page(items: items, next: rows.count > limit ? rows[limit - 1].0 : nil)
    }

    public func tasks(_ filter: TaskFilter, after position: ListPosition?, limit: Int) async throws(StoreError) -> Page<StoredTask> {
        let q = Self.tasksQuery(filter, after: position, limit: limit + 1)
        let rows = try await read("read") { c -> [(TaskRow, Int64)] in
            var rows: [(TaskRow, Int64)] = []
            for try await row in try await c.query(q, logger: self.logger).decode((Int64, String, String, ByteBuffer, String, String?, String?, Int64).self) {
                rows.append((TaskRow((row.0, row.1, row.2, row.3, row.4, row.5, row.6)), row.7))
            }
            return rows
        }
        var items: [StoredTask] = []
        for row in rows.prefix(limit) { items.append(try row.0.stored()) }
        guard rows.count > limit else { return Page(items: items, next: nil) }
        return Page(items: items, next: rows[limit - 1].0.seq, nextKey: rows[limit - 1].1)
    }

    /// A page in the filter's order (by seq, or a sort key and then seq), written out with only
    /// the conditions asked for, so the planner picks the index that matches them.
    static func tasksQuery(_ filter: TaskFilter, after position: ListPosition?, limit: Int) -> PostgresQuery {
        let key: String? = switch filter.order {
        case .opened: nil
        case .due: "due_key"
        case .priority: "priority_key"
        }
        var binds = PostgresBindings()
        var sql = "SELECT seq, id, case_id, body, status, outcome, closed_at, \(key ?? "0::int8") FROM tasks WHERE true"
        func bind(_ value: some PostgresNonThrowingEncodable & Sendable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        if let position {
            if let key {
                sql += " AND (\(key), seq) > (\(bind(position.key ?? Int64.min)), \(bind(position.position)))"
            } else {
                sql += " AND seq > \(bind(position.position))"
            }
        }
        if let queue = filter.queue { sql += " AND queue = \(bind(queue))" }
        if filter.status == "open" { sql += " AND status = 'open'" } else if let status = filter.status { sql += " AND status = \(bind(status))" }
        if let assignee = filter.assignee { sql += " AND assignee = \(bind(assignee))" }
        if let before = filter.dueBefore { sql += " AND due_key < \(bind(before.seconds))" }
        sql += key.map { " ORDER BY \($0), seq" } ?? " ORDER BY seq"
        sql += " LIMIT \(bind(Int64(limit)))"
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    public func task(_ id: String) async throws(StoreError) -> StoredTask? {
        let row = try await read("read") { c -> TaskRow? in
            let rows = try await c.query("SELECT seq, id, case_id, body, status, outcome, closed_at FROM tasks WHERE id = \(id)", logger: self.logger)
            for try await row in rows.decode(TaskRow.Columns.self) { return TaskRow(row) }
            return nil
        }
        return try row?.stored()
    }

    /// A task's row as read.
    struct TaskRow: Sendable {
        typealias Columns = (Int64, String, String, ByteBuffer, String, String?, String?)
        var seq: Int64, id: String, caseID: String, body: ByteBuffer, status: String, outcome: String?, closedAt: String?

        init(_ c: Columns) { (seq, id, caseID, body, status, outcome, closedAt) = c }

        func stored() throws(StoreError) -> StoredTask {
            StoredTask(task: try StoredForms.task(body.bytes, id: id, caseID: caseID), status: status, outcome: outcome,
                       closedAt: closedAt.flatMap { Timestamp(rfc3339: $0) })
        }
    }

    public func leaseTask(queue: String, worker: String, token: String, until: Int64, now: Int64,
                          eligible: @escaping @Sendable (TaskInstance) -> Bool) async throws(StoreError) -> StoredTask? {
        try await transaction("lease") { c -> StoredTask? in
            var after: Int64 = 0
            while true {
                var rows: [TaskRow] = []
                for try await row in try await c.query("""
                    SELECT seq, id, case_id, body, status, outcome, closed_at FROM tasks
                    WHERE queue = \(queue) AND status = 'open' AND assignee IS NULL AND lease_until <= \(now) AND seq > \(after)
                    ORDER BY seq LIMIT 50
                    """, logger: self.logger).decode(TaskRow.Columns.self) { rows.append(TaskRow(row)) }
                guard let last = rows.last else { return nil }
                for row in rows {
                    let stored = try row.stored()
                    guard eligible(stored.task) else { continue }
                    // Taken only if still free: another daemon may have leased it meanwhile.
                    var taken = false
                    for try await _ in try await c.query("""
                        UPDATE tasks SET lease_owner = \(worker), lease_token = \(token), lease_until = \(until)
                        WHERE id = \(row.id) AND status = 'open' AND assignee IS NULL AND lease_until <= \(now) RETURNING id
                        """, logger: self.logger).decode(String.self) { taken = true }
                    if taken { return stored }
                }
                after = last.seq
            }
        }
    }

    public func children(of parentID: String) async throws(StoreError) -> [ChildLink] {
        try await read("read") { c -> [ChildLink] in
            var found: [ChildLink] = []
            for try await (id, workflow, state, closed) in try await c.query(
                "SELECT id, workflow, state, closed FROM cases WHERE parent_id = \(parentID) ORDER BY seq", logger: self.logger
            ).decode((String, String, String, Bool).self) {
                found.append(ChildLink(id: id, workflow: workflow, state: state, closed: closed, startsAt: nil))
            }
            for try await (id, seconds, nanos, request) in try await c.query("""
                SELECT id, start_seconds, start_nanos, request FROM scheduled_children WHERE parent_id = \(parentID) ORDER BY start_seconds, start_nanos, id
                """, logger: self.logger).decode((String, Int64, Int64, ByteBuffer).self) {
                let child = try StoredForms.childRequest(Array(buffer: request), id: id)
                found.append(ChildLink(id: id, workflow: child.workflow, state: nil, closed: false, startsAt: Timestamp(seconds: seconds, nanos: nanos)))
            }
            return found
        }
    }

    public func useSearchKeys(_ keys: [String: String]) async throws(StoreError) {
        searchKeys.set(keys)
        try await transaction("write") { c in
            try await c.query("LOCK TABLE search_keys IN EXCLUSIVE MODE", logger: self.logger)
            // Steps that write search values wait for a reindex, and it waits for those under way.
            try await c.query("LOCK TABLE case_keys IN SHARE ROW EXCLUSIVE MODE", logger: self.logger)
            var indexed: [String: String] = [:]
            for try await (name, field) in try await c.query("SELECT name, field FROM search_keys", logger: self.logger).decode((String, String).self) {
                indexed[name] = field
            }
            guard indexed != keys else { return }
            // Another set of search fields than the database was indexed with: index every case again.
            try await c.query("DELETE FROM case_keys", logger: self.logger)
            try await c.query("DELETE FROM search_keys", logger: self.logger)
            for (name, field) in keys { try await c.query("INSERT INTO search_keys (name, field) VALUES (\(name), \(field))", logger: self.logger) }
            var names: [String] = [], values: [String] = [], ids: [String] = []
            for try await (id, snapshot) in try await c.query("SELECT id, snapshot FROM cases", logger: self.logger).decode((String, ByteBuffer).self) {
                for key in SearchKeys.values(of: try StoredForms.caseState(Array(buffer: snapshot), caseID: id), keys: keys) {
                    names.append(key.name); values.append(key.value); ids.append(id)
                }
            }
            if !names.isEmpty {
                try await c.query("INSERT INTO case_keys (name, value, case_id) SELECT * FROM unnest(\(names)::text[], \(values)::text[], \(ids)::text[]) ON CONFLICT DO NOTHING",
                                  logger: self.logger)
            }
        }
    }

    public func cases(_ filter: CaseFilter, after position: Int64?, limit: Int) async throws(StoreError) -> Page<CaseState> {
        var binds = PostgresBindings()
        func bind(_ value: some PostgresNonThrowingEncodable & Sendable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        var sql = "SELECT c.seq, c.id, c.snapshot FROM cases c"
        for (i, key) in filter.keys.enumerated() {
            sql += " JOIN case_keys k\(i) ON k\(i).case_id = c.id AND k\(i).name = \(bind(key.name)) AND k\(i).value = \(bind(key.value))"
        }
        sql += " WHERE true"
        if let position { sql += " AND c.seq > \(bind(position))" }
        if let workflow = filter.workflow { sql += " AND c.workflow = \(bind(workflow))" }
        if let state = filter.state { sql += " AND c.state = \(bind(state))" }
        if let open = filter.open { sql += open ? " AND NOT c.closed" : " AND c.closed" }
        if let after = filter.createdAfter { sql += " AND c.created_seconds >= \(bind(after.seconds))" }
        if let before = filter.createdBefore { sql += " AND c.created_seconds < \(bind(before.seconds))" }
        sql += " ORDER BY c.seq LIMIT \(bind(Int64(limit + 1)))"
        let query = PostgresQuery(unsafeSQL: sql, binds: binds)
        let rows = try await read("read") { c -> [(Int64, String, ByteBuffer)] in
            var rows: [(Int64, String, ByteBuffer)] = []
            for try await row in try await c.query(query, logger: self.logger).decode((Int64, String, ByteBuffer).self) { rows.append(row) }
            return rows
        }
        var items: [CaseState] = []
        for (_, id, snapshot) in rows.prefix(limit) { items.append(try StoredForms.caseState(Array(buffer: snapshot), caseID: id)) }
        return Page(items: items, next: rows.count > limit ? rows[limit - 1].0 : nil)
    }

    public func renewLease(_ lease: TaskLease, until: Int64) async throws(StoreError) -> Bool {
        try await transaction("lease") { c -> Bool in
            let rows = try await c.query("""
                UPDATE tasks SET lease_until = \(until)
                WHERE id = \(lease.taskID) AND lease_token = \(lease.token) AND lease_until > \(lease.now) AND status = 'open' RETURNING id
                """, logger: self.logger)
            var changed = false
            for try await _ in rows.decode(String.self) { changed = true }
            return changed
        }
    }

    public func claimDueTimers(upTo now: Timestamp, limit: Int, lease: Int64) async throws(StoreError) -> [DueTimer] {
        let rows = try await transaction("claim") { c -> [(String, String, Int64, Int64)] in
            var rows: [(String, String, Int64, Int64)] = []
            let result = try await c.query("""
                UPDATE timers SET lease_until = CASE WHEN \(lease) > 0 THEN \(now.seconds + lease) ELSE lease_until END WHERE id IN (
                    SELECT id FROM timers
                    WHERE (due_seconds < \(now.seconds) OR (due_seconds = \(now.seconds) AND due_nanos <= \(Int64(now.nanos))))
                      AND lease_until <= \(now.seconds)
                    ORDER BY due_seconds, due_nanos, id LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED)
                RETURNING id, case_id, due_seconds, due_nanos
                """, logger: self.logger)
            for try await row in result.decode((String, String, Int64, Int64).self) { rows.append(row) }
            return rows
        }
        var timers: [DueTimer] = []
        for (id, caseID, seconds, nanos) in rows {
            guard let due = Timestamp(seconds: seconds, nanos: nanos) else {
                throw StoreError(.database, "timer '\(id)' has a due time out of range; stop the daemon and restore the database from a backup")
            }
            timers.append(DueTimer(caseID: caseID, timerID: id, due: due))
        }
        return timers.sorted { ($0.due, $0.timerID) < ($1.due, $1.timerID) }
    }

    public func countDueTimers(upTo time: Timestamp) async throws(StoreError) -> Int {
        try await read("read") { c in
            try await c.query("""
                SELECT count(*) FROM timers WHERE due_seconds < \(time.seconds) OR (due_seconds = \(time.seconds) AND due_nanos <= \(Int64(time.nanos)))
                """, logger: self.logger).decode(Int.self).first { _ in true } ?? 0
        }
    }

    public func claimDueChildren(upTo now: Timestamp, limit: Int, lease: Int64) async throws(StoreError) -> [ScheduledChild] {
        let rows = try await transaction("claim") { c -> [(String, ByteBuffer, Int64, Int64)] in
            var rows: [(String, ByteBuffer, Int64, Int64)] = []
            let result = try await c.query("""
                UPDATE scheduled_children SET lease_until = CASE WHEN \(lease) > 0 THEN \(now.seconds + lease) ELSE lease_until END WHERE id IN (
                    SELECT id FROM scheduled_children
                    WHERE (start_seconds < \(now.seconds) OR (start_seconds = \(now.seconds) AND start_nanos <= \(Int64(now.nanos))))
                      AND lease_until <= \(now.seconds)
                    ORDER BY start_seconds, start_nanos, id LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED)
                RETURNING id, request, start_seconds, start_nanos
                """, logger: self.logger)
            for try await row in result.decode((String, ByteBuffer, Int64, Int64).self) { rows.append(row) }
            return rows
        }
        var children: [(Int64, Int64, ScheduledChild)] = []
        for (id, request, seconds, nanos) in rows {
            children.append((seconds, nanos, ScheduledChild(id: id, request: try StoredForms.childRequest(request.bytes, id: id))))
        }
        return children.sorted { ($0.0, $0.1, $0.2.id) < ($1.0, $1.1, $1.2.id) }.map(\.2)
    }

    public func openTasksByQueue(everyQueue: Bool) async throws(StoreError) -> [String: Int] {
        // The counters steps keep (one row per queue), not the tasks.
        let query: PostgresQuery = everyQueue
            ? "SELECT queue, open::int8 FROM queue_counts"
            : "SELECT queue, open::int8 FROM queue_counts WHERE open > 0"
        return try await read("read") { c in
            var counts: [String: Int] = [:]
            for try await (queue, n) in try await c.query(query, logger: self.logger).decode((String, Int).self) { counts[queue] = n }
            return counts
        }
    }
}
