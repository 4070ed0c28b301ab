import Foundation
import GRDB

/// The feed and the deliveries of notifications (see ``Outbox``).
extension SQLiteStore {
    public func feed(after position: Int64, limit: Int) async throws(StoreError) -> [FeedEntry] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT position, body FROM notifications WHERE position > ? ORDER BY position LIMIT ?",
                             arguments: [position, limit])
                .map { FeedEntry(position: $0["position"], body: Array($0["body"] as Data)) }
        }
    }

    public func claimDeliveries(_ scope: DeliveryScope, nowMS: Int64, limit: Int, leaseMS: Int64,
                                finishing results: [DeliveryResult]) async throws(StoreError) -> [Delivery] {
        try await write { db in
            try self.finish(results, in: db)
            guard limit > 0 else { return [] }
            var sql = "SELECT \(Self.deliveryColumns) FROM deliveries d WHERE d.status = 'pending' AND d.ready = 1"
            var arguments: [any DatabaseValueConvertible] = []
            switch scope {
            case .subscription(let name):
                sql += " AND d.subscription = ?"
                arguments.append(name)
            case .except(let names):
                if !names.isEmpty {
                    sql += " AND d.subscription NOT IN (\(names.map { _ in "?" }.joined(separator: ",")))"
                    arguments += names.sorted() as [any DatabaseValueConvertible]
                }
            }
            sql += " AND d.next_ms <= ? AND d.lease_ms <= ? ORDER BY d.next_ms, d.id LIMIT ?"
            arguments += [nowMS, nowMS, limit] as [any DatabaseValueConvertible]
            var claimed = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(Self.delivery)
            for i in claimed.indices {
                claimed[i].leaseMS = nowMS + leaseMS
                try db.execute(sql: "UPDATE deliveries SET lease_ms = ? WHERE id = ?", arguments: [nowMS + leaseMS, claimed[i].id])
            }
            return claimed
        }
    }

    /// Records attempts; when one is done with (delivered or given up), the next pending
    /// delivery of its case to its subscription becomes ready.
    func finish(_ results: [DeliveryResult], in db: Database) throws {
        for result in results {
            let done: Row?
            let (id, lease) = (result.id, result.lease)
            switch result.outcome {
            case .delivered:
                done = try Row.fetchOne(db, sql: "DELETE FROM deliveries WHERE id = ? AND lease_ms = ? RETURNING subscription, case_id",
                                        arguments: [id, lease])
            case .retry(let at, let error):
                try db.execute(sql: """
                    UPDATE deliveries SET attempts = attempts + 1, next_ms = ?, lease_ms = 0, last_error = ? WHERE id = ? AND status = 'pending' AND lease_ms = ?
                    """, arguments: [at, error, id, lease])
                done = nil
            case .dead(let at, let error):
                done = try Row.fetchOne(db, sql: """
                    UPDATE deliveries SET attempts = attempts + 1, status = 'dead', ready = 0, next_ms = ?, lease_ms = 0, last_error = ?
                    WHERE id = ? AND status = 'pending' AND lease_ms = ? RETURNING subscription, case_id
                    """, arguments: [at, error, id, lease])
            }
            if let done {
                try db.execute(sql: """
                    UPDATE deliveries SET ready = 1 WHERE id = (
                        SELECT id FROM deliveries WHERE status = 'pending' AND subscription = ? AND case_id = ? ORDER BY position LIMIT 1)
                    """, arguments: [done["subscription"] as String, done["case_id"] as String])
            }
        }
    }

    public func deliveries(status: DeliveryStatus, subscription: String?, after: Int64?, limit: Int) async throws(StoreError) -> Page<Delivery> {
        try await read { db in
            var sql = "SELECT \(Self.deliveryColumns) FROM deliveries d WHERE d.status = ? AND d.id > ?"
            var arguments: [any DatabaseValueConvertible] = [status.rawValue, after ?? 0]
            if let subscription { sql += " AND d.subscription = ?"; arguments.append(subscription) }
            sql += " ORDER BY d.id LIMIT ?"
            arguments.append(limit + 1)
            let found = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(Self.delivery)
            let items = Array(found.prefix(limit))
            return Page(items: items, next: found.count > limit ? items.last?.id : nil)
        }
    }

    public func redeliver(_ id: Int64, nowMS: Int64) async throws(StoreError) -> Delivery? {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT subscription, case_id FROM deliveries WHERE id = ? AND status = 'dead'", arguments: [id]) else {
                return nil
            }
            try db.execute(sql: "UPDATE deliveries SET status = 'pending', attempts = 0, next_ms = ?, lease_ms = 0, created_ms = ? WHERE id = ?",
                           arguments: [nowMS, nowMS, id])
            // The earliest pending one of its case is the one to go, unless one of them is being
            // sent now: then that one's finish makes the earliest ready.
            let (subscription, caseID): (String, String) = (row["subscription"], row["case_id"])
            let sending = try Bool.fetchOne(db, sql: "SELECT 1 FROM deliveries WHERE status = 'pending' AND subscription = ? AND case_id = ? AND lease_ms > ?",
                                            arguments: [subscription, caseID, nowMS]) ?? false
            if !sending {
                try db.execute(sql: "UPDATE deliveries SET ready = 0 WHERE status = 'pending' AND subscription = ? AND case_id = ?", arguments: [subscription, caseID])
                try db.execute(sql: """
                    UPDATE deliveries SET ready = 1 WHERE id = (
                        SELECT id FROM deliveries WHERE status = 'pending' AND subscription = ? AND case_id = ? ORDER BY position LIMIT 1)
                    """, arguments: [subscription, caseID])
            }
            return try Row.fetchOne(db, sql: "SELECT \(Self.deliveryColumns) FROM deliveries d WHERE d.id = ?", arguments: [id]).map(Self.delivery)
        }
    }

    public func deliveryCounts() async throws(StoreError) -> [String: DeliveryCounts] {
        try await read { db in
            var counts: [String: DeliveryCounts] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT subscription, status, COUNT(*) AS n FROM deliveries GROUP BY subscription, status") {
                let name: String = row["subscription"], n: Int = row["n"]
                var c = counts[name] ?? DeliveryCounts(pending: 0, dead: 0)
                if (row["status"] as String) == DeliveryStatus.dead.rawValue { c.dead = n } else { c.pending = n }
                counts[name] = c
            }
            return counts
        }
    }

    public func forgetNotifications(before cutoffMS: Int64, limit: Int) async throws(StoreError) -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM notifications WHERE position IN (SELECT position FROM notifications WHERE created_ms < ? ORDER BY position LIMIT ?)",
                           arguments: [cutoffMS, limit])
            return db.changesCount
        }
    }

    /// The feed positions of a case's notifications, and the last position looked at: read on a
    /// reader connection before an erasure, since the feed has no index by case and a scan of it
    /// inside the write transaction would hold up every step meanwhile.
    func notificationPositions(of caseID: String) async throws(StoreError) -> (positions: [Int64], upTo: Int64) {
        try await read { db in
            let upTo = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(position), 0) FROM notifications") ?? 0
            let positions = try Int64.fetchAll(db, sql: "SELECT position FROM notifications WHERE case_id = ? AND position <= ?", arguments: [caseID, upTo])
            return (positions, upTo)
        }
    }

    /// Marks personal fields erased in the notifications and deliveries of a case: those found
    /// beforehand (`known`), and those written since (a range of the key, so quick).
    func eraseNotifications(caseID: String, fields: Set<String>, known: (positions: [Int64], upTo: Int64), in db: Database) throws {
        var rows: [(table: String, key: String, id: Int64, body: Data)] = []
        for position in known.positions {
            if let body = try Data.fetchOne(db, sql: "SELECT body FROM notifications WHERE position = ?", arguments: [position]) {
                rows.append(("notifications", "position", position, body))
            }
        }
        for row in try Row.fetchAll(db, sql: "SELECT position, body FROM notifications WHERE position > ? AND case_id = ?", arguments: [known.upTo, caseID]) {
            rows.append(("notifications", "position", row["position"], row["body"]))
        }
        // Deliveries are only those waiting or given up: few.
        for row in try Row.fetchAll(db, sql: "SELECT id, body FROM deliveries WHERE case_id = ?", arguments: [caseID]) {
            rows.append(("deliveries", "id", row["id"], row["body"]))
        }
        for row in rows {
            if let body = StoredErasure.notification(Array(row.body), fields: fields) {
                try db.execute(sql: "UPDATE \(row.table) SET body = ? WHERE \(row.key) = ?", arguments: [Data(body), row.id])
            }
        }
    }

    static let deliveryColumns = "d.id, d.position, d.subscription, d.notification_id, d.case_id, d.kind, d.body, d.status, d.attempts, d.created_ms, d.next_ms, d.last_error, d.lease_ms"

    static func delivery(_ row: Row) -> Delivery {
        Delivery(id: row["id"], position: row["position"], subscription: row["subscription"], notificationID: row["notification_id"],
                 caseID: row["case_id"], kind: row["kind"], body: Array(row["body"] as Data),
                 status: DeliveryStatus(rawValue: row["status"]) ?? .pending, attempts: row["attempts"], createdMS: row["created_ms"],
                 nextMS: row["next_ms"], lastError: row["last_error"], leaseMS: row["lease_ms"])
    }
}
