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
        let step = try await write { db -> Step? in
            guard let number = try Int.fetchOne(self.statements(.caseStep, db), arguments: [caseID]) else { return nil }
            let current = try self.currentCase(caseID, step: number, in: db, written: [:])
            let encoded = EncodedStep(body(current), response: [], dictionaries: self.dictionaries)
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
            return encoded.step
        }
        if let step { snapshots.remember([step.after]) }
        return step
    }
}
