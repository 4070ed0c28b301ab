import CaseflowEngine
import CaseflowJSON
import CaseflowExpr
import Foundation
import GRDB

/// Reads: cases, history, tasks, and what the scheduler must do next.
extension SQLiteStore {
    public func definitions() async throws(StoreError) -> [StoredDefinition] {
        let stored = try await read { db in
            try Row.fetchAll(db, sql: "SELECT workflow, version, hash, source FROM definitions ORDER BY workflow, version").map {
                StoredDefinition(workflow: $0["workflow"], version: $0["version"], hash: $0["hash"], source: $0["source"])
            }
        }
        for d in stored { dictionaries.learn(d) }
        return stored
    }

    public func definitionCount() async throws(StoreError) -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM definitions") ?? 0 }
    }

    public func loadCase(_ id: String) async throws(StoreError) -> CaseState? {
        try storedCase(id, reader: pool)
    }

    /// The case's last committed snapshot, decoded. One SELECT sees one committed state by
    /// itself, so no transaction is opened around it; decoding happens after the connection is
    /// handed back.
    func storedCase(_ id: String, reader: some DatabaseReader) throws(StoreError) -> CaseState? {
        let snapshot: Data?
        do {
            snapshot = try reader.unsafeRead { db in
                try Data.fetchOne(db.cachedStatement(sql: "SELECT snapshot FROM cases WHERE id = ?"), arguments: [id])
            }
        } catch {
            throw .readFailed(error)
        }
        guard let snapshot else { return nil }
        return try StoredForms.caseState(Array(snapshot), caseID: id)
    }

    public func closedCases(workflow: String, updatedBefore cutoff: Timestamp, limit: Int) async throws(StoreError) -> [String] {
        try await read { db in
            try String.fetchAll(db, sql: """
                SELECT id FROM cases WHERE workflow = ? AND closed = 1 AND updated_at < ?
                AND NOT EXISTS (SELECT 1 FROM scheduled_children s WHERE s.parent_id = cases.id)
                ORDER BY updated_at LIMIT ?
                """, arguments: [workflow, cutoff.rfc3339, limit])
        }
    }

    public func history(_ id: String) async throws(StoreError) -> [HistoryEntry] {
        try await read { db in
            let dictionary = try self.dictionary(ofCase: id, db)
            return try Row.fetchAll(db, sql: "SELECT step, event_id, request_kind, audit FROM history WHERE case_id = ? ORDER BY step", arguments: [id]).map { row in
                let eventID: String? = row["event_id"]
                return HistoryEntry(step: row["step"], eventID: eventID,
                                    requestKind: eventID == nil ? nil : (row["request_kind"] as String?).flatMap(RequestKey.Kind.init(rawValue:)),
                                    audit: try StoredForms.audit(Array(row["audit"] as Data), dictionary: dictionary, caseID: id, step: row["step"]))
            }
        }
    }

    /// The audit dictionary of the version a case runs on, made from its stored bundle when
    /// this store has not seen it yet (another daemon stored it).
    func dictionary(ofCase id: String, _ db: Database) throws -> AuditDictionary? {
        guard let hash = try String.fetchOne(db, sql: "SELECT hash FROM cases WHERE id = ?", arguments: [id]) else { return nil }
        if let known = dictionaries[hash: hash] { return known }
        if let row = try Row.fetchOne(db, sql: "SELECT workflow, version, hash, source FROM definitions WHERE hash = ?", arguments: [hash]) {
            dictionaries.learn(StoredDefinition(workflow: row["workflow"], version: row["version"], hash: row["hash"], source: row["source"]))
        }
        return dictionaries[hash: hash]
    }

    public func cases(workflow: String?, state: String?, after cursor: Int64?, limit: Int) async throws(StoreError) -> Page<CaseState> {
        try await read { db in
            let (sql, arguments) = Self.casesQuery(workflow: workflow, state: state, after: cursor, limit: limit + 1)
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            return Page(items: try rows.prefix(limit).map { row throws(StoreError) in
                try StoredForms.caseState(Array(row["snapshot"] as Data), caseID: row["id"]) },
                        next: rows.count > limit ? rows[limit - 1]["rowid"] : nil)
        }
    }

    public func tasks(_ filter: TaskFilter, after position: ListPosition?, limit: Int) async throws(StoreError) -> Page<StoredTask> {
        let (sql, arguments) = Self.tasksQuery(filter, after: position, limit: limit + 1)
        return try await read { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            guard rows.count > limit else { return Page(items: try rows.map(Self.storedTask), next: nil) }
            let last = rows[limit - 1]
            return Page(items: try rows.prefix(limit).map(Self.storedTask), next: last["rowid"], nextKey: last["sort_key"])
        }
    }

    /// The SQL of a task listing. Open tasks are asked for with the literal `'open'`: SQLite
    /// uses the index of open tasks only when it can see that the query implies its condition.
    /// The query of a page of cases: each filter, alone or with the other, has an index in
    /// rowid order, so a page reads its rows and no more.
    static func casesQuery(workflow: String?, state: String?, after cursor: Int64? = nil, limit: Int) -> (String, StatementArguments) {
        var sql = "SELECT rowid, id, snapshot FROM cases WHERE 1 = 1"
        var arguments: StatementArguments = []
        if let cursor { sql += " AND rowid > ?"; arguments += [cursor] }
        if let workflow { sql += " AND workflow = ?"; arguments += [workflow] }
        if let state { sql += " AND state = ?"; arguments += [state] }
        sql += " ORDER BY rowid LIMIT ?"
        arguments += [limit]
        return (sql, arguments)
    }

    static func tasksQuery(queue: String?, status: String?, after cursor: Int64? = nil, limit: Int) -> (String, StatementArguments) {
        tasksQuery(TaskFilter(queue: queue, status: status), after: cursor.map { ListPosition(key: nil, position: $0) }, limit: limit)
    }

    /// A page in the filter's order: by rowid, or by a sort key column and then rowid, which
    /// the indexes of open tasks by due time and priority (rowid last in every index) hold in
    /// that order, so a page reads its rows and no more.
    static func tasksQuery(_ filter: TaskFilter, after position: ListPosition?, limit: Int) -> (String, StatementArguments) {
        let key: String? = switch filter.order {
        case .opened: nil
        case .due: "due_key"
        case .priority: "priority_key"
        }
        // All open tasks by a sort key: SQLite's planner would rather find them by status and
        // sort them; the partial index of open tasks by that key reads them in order.
        let index = key != nil && filter.status == "open" && filter.queue == nil && filter.assignee == nil
            ? " INDEXED BY open_tasks_by_\(filter.order == .due ? "due" : "priority")" : ""
        var sql = "SELECT rowid, id, case_id, body, status, outcome, closed_at, \(key ?? "0") AS sort_key FROM tasks\(index) WHERE 1 = 1"
        var arguments: StatementArguments = []
        if let position {
            if let key {
                sql += " AND (\(key), rowid) > (?, ?)"; arguments += [position.key ?? Int64.min, position.position]
            } else {
                sql += " AND rowid > ?"; arguments += [position.position]
            }
        }
        if let queue = filter.queue { sql += " AND queue = ?"; arguments += [queue] }
        if filter.status == "open" { sql += " AND status = 'open'" } else if let status = filter.status { sql += " AND status = ?"; arguments += [status] }
        if let assignee = filter.assignee { sql += " AND assignee = ?"; arguments += [assignee] }
        if let before = filter.dueBefore { sql += " AND due_key < ?"; arguments += [before.seconds] }
        sql += key.map { " ORDER BY \($0), rowid" } ?? " ORDER BY rowid"
        sql += " LIMIT ?"
        arguments += [limit]
        return (sql, arguments)
    }

    public func task(_ id: String) async throws(StoreError) -> StoredTask? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT id, case_id, body, status, outcome, closed_at FROM tasks WHERE id = ?", arguments: [id]).map(Self.storedTask)
        }
    }

    public func leaseTask(queue: String, worker: String, token: String, until: Int64, now: Int64,
                          eligible: @escaping @Sendable (TaskInstance) -> Bool) async throws(StoreError) -> StoredTask? {
        // In the one writer's transaction: no other lease can take the same task in between.
        try await write { db in
            var after: Int64 = 0
            while true {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT rowid, id, case_id, body, status, outcome, closed_at, lease_until FROM tasks
                    WHERE queue = ? AND status = 'open' AND assignee IS NULL AND lease_until <= ? AND rowid > ? ORDER BY rowid LIMIT 50
                    """, arguments: [queue, now, after])
                guard let last = rows.last else { return nil }
                for row in rows {
                    let stored = try Self.storedTask(row)
                    guard eligible(stored.task) else { continue }
                    try db.execute(sql: "UPDATE tasks SET lease_owner = ?, lease_token = ?, lease_until = ? WHERE id = ?",
                                   arguments: [worker, token, until, stored.task.id])
                    return stored
                }
                after = last["rowid"]
            }
        }
    }

    public func renewLease(_ lease: TaskLease, until: Int64) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE tasks SET lease_until = ? WHERE id = ? AND lease_token = ? AND lease_until > ? AND status = 'open'",
                           arguments: [until, lease.taskID, lease.token, lease.now])
            return db.changesCount == 1
        }
    }

    public func children(of parentID: String) async throws(StoreError) -> [ChildLink] {
        try await read { db in
            var found = try Row.fetchAll(db, sql: "SELECT id, workflow, state, closed FROM cases WHERE parent_id = ? ORDER BY rowid", arguments: [parentID])
                .map { ChildLink(id: $0["id"], workflow: $0["workflow"], state: $0["state"], closed: $0["closed"], startsAt: nil) }
            for row in try Row.fetchAll(db, sql: "SELECT id, start_seconds, start_nanos, request FROM scheduled_children WHERE parent_id = ? ORDER BY start_seconds, start_nanos, id",
                                        arguments: [parentID]) {
                let request = try StoredForms.childRequest(Array(row["request"] as Data), id: row["id"])
                found.append(ChildLink(id: row["id"], workflow: request.workflow, state: nil, closed: false,
                                          startsAt: Timestamp(seconds: row["start_seconds"], nanos: row["start_nanos"])))
            }
            return found
        }
    }

    static func storedTask(_ row: Row) throws -> StoredTask {
        let closed: String? = row["closed_at"]
        return StoredTask(task: try StoredForms.task(Array(row["body"] as Data), id: row["id"], caseID: row["case_id"]), status: row["status"], outcome: row["outcome"],
                          closedAt: closed.flatMap { Timestamp(rfc3339: $0) })
    }

    public func claimDueTimers(upTo now: Timestamp, limit: Int, lease: Int64) async throws(StoreError) -> [DueTimer] {
        try await write { db in
            try Row.fetchAll(db, sql: """
                UPDATE timers SET lease_until = CASE WHEN ? > 0 THEN ? ELSE lease_until END WHERE id IN (
                    SELECT id FROM timers
                    WHERE (due_seconds < ? OR (due_seconds = ? AND due_nanos <= ?)) AND lease_until <= ?
                    ORDER BY due_seconds, due_nanos, id LIMIT ?)
                RETURNING id, case_id, due_seconds, due_nanos
                """, arguments: [lease, now.seconds + lease, now.seconds, now.seconds, now.nanos, now.seconds, limit])
            .map(Self.dueTimer)
            .sorted { ($0.due, $0.timerID) < ($1.due, $1.timerID) }
        }
    }

    static func dueTimer(_ row: Row) throws -> DueTimer {
        let seconds: Int64 = row["due_seconds"], nanos: Int64 = row["due_nanos"]
        guard let due = Timestamp(seconds: seconds, nanos: nanos) else {
            throw StoreError(.database, "timer '\(row["id"] as String)' has a due time out of range; stop the daemon and restore the database from a backup")
        }
        return DueTimer(caseID: row["case_id"], timerID: row["id"], due: due)
    }

    public func countDueTimers(upTo time: Timestamp) async throws(StoreError) -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM timers WHERE due_seconds < ? OR (due_seconds = ? AND due_nanos <= ?)",
                             arguments: [time.seconds, time.seconds, time.nanos]) ?? 0
        }
    }

    public func claimDueChildren(upTo now: Timestamp, limit: Int, lease: Int64) async throws(StoreError) -> [ScheduledChild] {
        try await write { db in
            try Row.fetchAll(db, sql: """
                UPDATE scheduled_children SET lease_until = CASE WHEN ? > 0 THEN ? ELSE lease_until END WHERE id IN (
                    SELECT id FROM scheduled_children
                    WHERE (start_seconds < ? OR (start_seconds = ? AND start_nanos <= ?)) AND lease_until <= ?
                    ORDER BY start_seconds, start_nanos, id LIMIT ?)
                RETURNING id, request, start_seconds, start_nanos
                """, arguments: [lease, now.seconds + lease, now.seconds, now.seconds, now.nanos, now.seconds, limit])
            .map { row in
                (row["start_seconds"] as Int64, row["start_nanos"] as Int64,
                 ScheduledChild(id: row["id"], request: try StoredForms.childRequest(Array(row["request"] as Data), id: row["id"])))
            }
            .sorted { ($0.0, $0.1, $0.2.id) < ($1.0, $1.1, $1.2.id) }
            .map(\.2)
        }
    }

    public func openTasksByQueue(everyQueue: Bool) async throws(StoreError) -> [String: Int] {
        // The counters steps keep (one row per queue), not the tasks.
        let sql = everyQueue ? "SELECT queue, open FROM queue_counts" : "SELECT queue, open FROM queue_counts WHERE open > 0"
        return try await read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: sql) { counts[row["queue"]] = row["open"] }
            return counts
        }
    }
}
