import CaseflowEngine
import Foundation
import GRDB

/// Erasure of personal data, and finding a customer's cases.
extension SQLiteStore {
    public func cases(customer: String) async throws(StoreError) -> [String] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT id FROM cases WHERE customer_id = ? ORDER BY rowid", arguments: [customer])
        }
    }

    public func erase(caseID: String, fields: Set<String>, step body: @escaping @Sendable (CaseState) -> Step) async throws(StoreError) -> Step? {
        let known = try await notificationPositions(of: caseID)
        let step = try await write { db -> Step? in
            guard let number = try Int.fetchOne(self.statements(.caseStep, db), arguments: [caseID]) else { return nil }
            let current = try self.currentCase(caseID, step: number, in: db, written: [:])
            let encoded = EncodedStep(body(current), response: [], dictionaries: self.dictionaries, outbox: nil)
            guard try self.persist(encoded, request: nil, in: db) else { throw StoreError.changedOutside(caseID, snapshot: current.step, row: number) }
            let dictionary = try self.dictionary(ofCase: caseID, db)
            for row in try Row.fetchAll(db, sql: "SELECT step, audit FROM history WHERE case_id = ? AND step < ?", arguments: [caseID, encoded.step.after.step]) {
                let stepNumber: Int = row["step"]
                if let audit = try StoredErasure.audit(Array(row["audit"] as Data), dictionary: dictionary, fields: fields, caseID: caseID, step: stepNumber) {
                    try db.execute(sql: "UPDATE history SET audit = ? WHERE case_id = ? AND step = ?", arguments: [Data(audit), caseID, stepNumber])
                }
            }
            // Answers repeat the case's data; the request ids and digests stay.
            try db.execute(sql: "UPDATE history SET response = NULL WHERE case_id = ? AND response IS NOT NULL", arguments: [caseID])
            let (low, high) = (caseID + "-task-", caseID + "-task.")
            for row in try Row.fetchAll(db, sql: "SELECT id, body FROM tasks WHERE id >= ? AND id < ? AND case_id = ?", arguments: [low, high, caseID]) {
                if let body = try StoredErasure.task(Array(row["body"] as Data), id: row["id"], caseID: caseID, fields: fields) {
                    try db.execute(sql: "UPDATE tasks SET body = ? WHERE id = ?", arguments: [Data(body), row["id"] as String])
                }
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, request FROM scheduled_children WHERE parent_id = ?", arguments: [caseID]) {
                if let request = try StoredErasure.child(Array(row["request"] as Data), id: row["id"], fields: fields) {
                    try db.execute(sql: "UPDATE scheduled_children SET request = ? WHERE id = ?", arguments: [Data(request), row["id"] as String])
                }
            }
            try self.eraseNotifications(caseID: caseID, fields: fields, known: known, in: db)
            return encoded.step
        }
        if let step { snapshots.remember([step.after]) }
        return step
    }

    public func useSearchKeys(_ keys: [String: String]) async throws(StoreError) {
        searchKeys.set(keys)
        try await write { db in
            var indexed: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, field FROM search_keys") { indexed[row["name"]] = row["field"] }
            guard indexed != keys else { return }
            // Another set of search fields than the database was indexed with: index every case again.
            try db.execute(sql: "DELETE FROM case_keys")
            try db.execute(sql: "DELETE FROM search_keys")
            for (name, field) in keys { try db.execute(sql: "INSERT INTO search_keys (name, field) VALUES (?, ?)", arguments: [name, field]) }
            for row in try Row.fetchAll(db, sql: "SELECT id, snapshot FROM cases") {
                let c = try StoredForms.caseState(Array(row["snapshot"] as Data), caseID: row["id"])
                for key in self.searchKeys.values(of: c) {
                    try db.execute(sql: "INSERT OR IGNORE INTO case_keys (name, value, case_id) VALUES (?, ?, ?)", arguments: [key.name, key.value, c.id])
                }
            }
        }
    }

    public func cases(_ filter: CaseFilter, after position: Int64?, limit: Int) async throws(StoreError) -> Page<CaseState> {
        let (sql, arguments) = Self.casesQuery(filter, after: position, limit: limit + 1)
        return try await read { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            return Page(items: try rows.prefix(limit).map { row throws(StoreError) in
                try StoredForms.caseState(Array(row["snapshot"] as Data), caseID: row["id"]) },
                        next: rows.count > limit ? rows[limit - 1]["rowid"] : nil)
        }
    }

    /// Cases by their search values (each an index probe) and the other filters, in the order
    /// created; without search values, by the index of the first other filter.
    static func casesQuery(_ filter: CaseFilter, after position: Int64?, limit: Int) -> (String, StatementArguments) {
        var sql = "SELECT c.rowid AS rowid, c.id AS id, c.snapshot AS snapshot FROM cases c"
        var arguments: StatementArguments = []
        for (i, key) in filter.keys.enumerated() {
            sql += " JOIN case_keys k\(i) ON k\(i).case_id = c.id AND k\(i).name = ? AND k\(i).value = ?"
            arguments += [key.name, key.value]
        }
        sql += " WHERE 1 = 1"
        if let position { sql += " AND c.rowid > ?"; arguments += [position] }
        if let workflow = filter.workflow { sql += " AND c.workflow = ?"; arguments += [workflow] }
        if let state = filter.state { sql += " AND c.state = ?"; arguments += [state] }
        if let open = filter.open { sql += open ? " AND c.closed = 0" : " AND c.closed = 1" }
        if let after = filter.createdAfter { sql += " AND c.created_seconds >= ?"; arguments += [after.seconds] }
        if let before = filter.createdBefore { sql += " AND c.created_seconds < ?"; arguments += [before.seconds] }
        sql += " ORDER BY c.rowid LIMIT ?"
        arguments += [limit]
        return (sql, arguments)
    }
}
