import CaseflowEngine
import CaseflowStore
import PostgresNIO

/// Erasure of personal data, and finding a customer's cases.
extension PostgresStore {
    public func cases(customer: String) async throws(StoreError) -> [String] {
        try await read("read") { c in
            var ids: [String] = []
            for try await id in try await c.query("SELECT id FROM cases WHERE customer_id = \(customer) ORDER BY seq", logger: self.logger).decode(String.self) {
                ids.append(id)
            }
            return ids
        }
    }

    public func erase(caseID: String, fields: Set<String>, step body: @escaping @Sendable (CaseState) -> Step) async throws(StoreError) -> Step? {
        // The dictionary first: reading it may take a connection of its own.
        var known: AuditDictionary?
        if let hash = try await loadCase(caseID)?.definitionHash { known = try await self.dictionary(hash) }
        let dictionary = known
        let step = try await transaction("write") { c -> Step? in
            guard let number = try await self.lockCases([caseID], on: c)[caseID],
                  let current = try await self.storedCases([caseID], on: c)[caseID], current.step == number else { return nil }
            let encoded = EncodedStep(body(current), response: [], dictionaries: self.dictionaries, outbox: nil)
            var rows = PostgresBatchRows()
            rows.searchKeys = self.searchKeys.current
            rows.add(encoded, request: nil)
            try await rows.write(on: c, logger: self.logger)
            var audits: [(Int, ByteBuffer)] = []
            let history = try await c.query("SELECT step, audit FROM history WHERE case_id = \(caseID) AND step < \(encoded.step.after.step)", logger: self.logger)
            for try await row in history.decode((Int, ByteBuffer).self) { audits.append(row) }
            for (step, audit) in audits {
                if let scrubbed = try StoredErasure.audit(audit.bytes, dictionary: dictionary, fields: fields, caseID: caseID, step: step) {
                    try await c.query("UPDATE history SET audit = \(ByteBuffer(bytes: scrubbed)) WHERE case_id = \(caseID) AND step = \(step)", logger: self.logger)
                }
            }
            // Answers repeat the case's data; the request ids and digests stay.
            try await c.query("UPDATE history SET response = NULL WHERE case_id = \(caseID) AND response IS NOT NULL", logger: self.logger)
            var tasks: [(String, ByteBuffer)] = []
            for try await row in try await c.query("SELECT id, body FROM tasks WHERE case_id = \(caseID)", logger: self.logger).decode((String, ByteBuffer).self) {
                tasks.append(row)
            }
            for (id, body) in tasks {
                if let scrubbed = try StoredErasure.task(body.bytes, id: id, caseID: caseID, fields: fields) {
                    try await c.query("UPDATE tasks SET body = \(ByteBuffer(bytes: scrubbed)) WHERE id = \(id)", logger: self.logger)
                }
            }
            var children: [(String, ByteBuffer)] = []
            for try await row in try await c.query("SELECT id, request FROM scheduled_children WHERE parent_id = \(caseID)", logger: self.logger).decode((String, ByteBuffer).self) {
                children.append(row)
            }
            for (id, request) in children {
                if let scrubbed = try StoredErasure.child(request.bytes, id: id, fields: fields) {
                    try await c.query("UPDATE scheduled_children SET request = \(ByteBuffer(bytes: scrubbed)) WHERE id = \(id)", logger: self.logger)
                }
            }
            try await self.eraseNotifications(caseID: caseID, fields: fields, on: c)
            return encoded.step
        }
        if let step { snapshots.remember([step.after]) }
        return step
    }
}
