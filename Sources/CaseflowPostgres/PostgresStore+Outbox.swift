import CaseflowStore
import Foundation
import PostgresNIO

/// The feed and the deliveries of notifications, shared by every daemon on the database: a
/// delivery is claimed for a while by one daemon (`FOR UPDATE SKIP LOCKED`), as timers are.
extension PostgresStore {
    typealias DeliveryRow = (Int64, Int64, String, String, String, String, ByteBuffer, String, Int, Int64, Int64, String?, Int64)

    static let deliveryColumns = "d.id, d.position, d.subscription, d.notification_id, d.case_id, d.kind, d.body, d.status, d.attempts, d.created_ms, d.next_ms, d.last_error, d.lease_ms"

    static func delivery(_ r: DeliveryRow) -> Delivery {
        Delivery(id: r.0, position: r.1, subscription: r.2, notificationID: r.3, caseID: r.4, kind: r.5, body: r.6.bytes,
                 status: DeliveryStatus(rawValue: r.7) ?? .pending, attempts: r.8, createdMS: r.9, nextMS: r.10, lastError: r.11, leaseMS: r.12)
    }

    public func feed(after position: Int64, limit: Int) async throws(StoreError) -> [FeedEntry] {
        try await read("read") { c in
            var found: [FeedEntry] = []
            let rows = try await c.query("SELECT position, body FROM notifications WHERE position > \(position) ORDER BY position LIMIT \(limit)",
                                         logger: self.logger)
            for try await (p, body) in rows.decode((Int64, ByteBuffer).self) { found.append(FeedEntry(position: p, body: body.bytes)) }
            return found
        }
    }

    public func claimDeliveries(_ scope: DeliveryScope, nowMS: Int64, limit: Int, leaseMS: Int64,
                                finishing results: [DeliveryResult]) async throws(StoreError) -> [Delivery] {
        if !results.isEmpty { try await finish(results) }
        guard limit > 0 else { return [] }
        let (only, except): (String?, [String]) = switch scope {
        case .subscription(let name): (name, [])
        case .except(let names): (nil, names.sorted())
        }
        return try await transaction("claim") { c in
            var found: [Delivery] = []
            let rows = try await c.query("""
                UPDATE deliveries d SET lease_ms = \(nowMS + leaseMS) WHERE d.id IN (
                    SELECT f.id FROM deliveries f
                    WHERE f.status = 'pending' AND f.ready AND (\(only)::text IS NULL OR f.subscription = \(only))
                      AND NOT (f.subscription = ANY(\(except)::text[])) AND f.next_ms <= \(nowMS) AND f.lease_ms <= \(nowMS)
                    ORDER BY f.next_ms, f.id LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED)
                RETURNING \(unescaped: Self.deliveryColumns)
                """, logger: self.logger)
            for try await row in rows.decode(DeliveryRow.self) { found.append(Self.delivery(row)) }
            return found.sorted { ($0.nextMS, $0.id) < ($1.nextMS, $1.id) }
        }
    }

    /// Records attempts; when one is done with (delivered or given up), the next pending
    /// delivery of its case to its subscription becomes ready. The cases' rows are locked first,
    /// as a step that writes deliveries of theirs locks them: so a step's new delivery and the
    /// finish of the one before it never miss each other.
    func finish(_ results: [DeliveryResult]) async throws(StoreError) {
        var done = (ids: [Int64](), leases: [Int64]())
        var failed = (ids: [Int64](), leases: [Int64](), at: [Int64](), errors: [String](), dead: [Bool]())
        for result in results {
            switch result.outcome {
            case .delivered: done.ids.append(result.id); done.leases.append(result.lease)
            case .retry(let at, let error), .dead(let at, let error):
                var dead = false
                if case .dead = result.outcome { dead = true }
                failed.ids.append(result.id); failed.leases.append(result.lease); failed.at.append(at); failed.errors.append(error); failed.dead.append(dead)
            }
        }
        let (failures, delivered, ids) = (failed, done, results.map(\.id))
        try await transaction("write") { c in
            var cases: [String] = []
            for try await caseID in try await c.query("SELECT DISTINCT case_id FROM deliveries WHERE id = ANY(\(ids))", logger: self.logger).decode(String.self) {
                cases.append(caseID)
            }
            _ = try await self.lockCases(cases, on: c)
            var finished = (subscriptions: [String](), cases: [String]())
            if !delivered.ids.isEmpty {
                for try await (s, caseID) in try await c.query("""
                    DELETE FROM deliveries d USING unnest(\(delivered.ids)::int8[], \(delivered.leases)::int8[]) AS u(id, lease)
                    WHERE d.id = u.id AND d.lease_ms = u.lease RETURNING d.subscription, d.case_id
                    """, logger: self.logger).decode((String, String).self) {
                    finished.subscriptions.append(s); finished.cases.append(caseID)
                }
            }
            if !failures.ids.isEmpty {
                let rows = try await c.query("""
                    UPDATE deliveries d SET attempts = d.attempts + 1, next_ms = u.at, lease_ms = 0, last_error = u.error,
                                            status = CASE WHEN u.dead THEN 'dead' ELSE 'pending' END, ready = d.ready AND NOT u.dead
                    FROM unnest(\(failures.ids)::int8[], \(failures.leases)::int8[], \(failures.at)::int8[], \(failures.errors)::text[],
                                \(failures.dead)::bool[]) AS u(id, lease, at, error, dead)
                    WHERE d.id = u.id AND d.status = 'pending' AND d.lease_ms = u.lease
                    RETURNING d.subscription, d.case_id, u.dead
                    """, logger: self.logger)
                for try await (s, caseID, dead) in rows.decode((String, String, Bool).self) where dead {
                    finished.subscriptions.append(s); finished.cases.append(caseID)
                }
            }
            if !finished.cases.isEmpty {
                try await c.query("""
                    UPDATE deliveries SET ready = true WHERE id IN (
                        SELECT (SELECT e.id FROM deliveries e WHERE e.status = 'pending' AND e.subscription = u.s AND e.case_id = u.c
                                ORDER BY e.position LIMIT 1)
                        FROM unnest(\(finished.subscriptions)::text[], \(finished.cases)::text[]) AS u(s, c))
                    """, logger: self.logger)
            }
        }
    }

    public func deliveries(status: DeliveryStatus, subscription: String?, after: Int64?, limit: Int) async throws(StoreError) -> Page<Delivery> {
        let found = try await read("read") { c in
            var found: [Delivery] = []
            let rows = try await c.query("""
                SELECT \(unescaped: Self.deliveryColumns) FROM deliveries d
                WHERE d.status = \(status.rawValue) AND d.id > \(after ?? 0) AND (\(subscription)::text IS NULL OR d.subscription = \(subscription))
                ORDER BY d.id LIMIT \(limit + 1)
                """, logger: self.logger)
            for try await row in rows.decode(DeliveryRow.self) { found.append(Self.delivery(row)) }
            return found
        }
        let items = Array(found.prefix(limit))
        return Page(items: items, next: found.count > limit ? items.last?.id : nil)
    }

    public func redeliver(_ id: Int64, nowMS: Int64) async throws(StoreError) -> Delivery? {
        try await transaction("write") { c in
            var owner: (String, String)?
            for try await row in try await c.query("SELECT subscription, case_id FROM deliveries WHERE id = \(id) AND status = 'dead'", logger: self.logger)
                .decode((String, String).self) { owner = row }
            guard let (subscription, caseID) = owner else { return nil }
            _ = try await self.lockCases([caseID], on: c)
            try await c.query("""
                UPDATE deliveries SET status = 'pending', attempts = 0, next_ms = \(nowMS), lease_ms = 0, created_ms = \(nowMS) WHERE id = \(id)
                """, logger: self.logger)
            // The earliest pending one of its case is the one to go, unless one of them is being
            // sent now: then that one's finish makes the earliest ready.
            var sending = false
            for try await _ in try await c.query("""
                SELECT 1 FROM deliveries WHERE status = 'pending' AND subscription = \(subscription) AND case_id = \(caseID) AND lease_ms > \(nowMS)
                """, logger: self.logger) { sending = true }
            if !sending {
                try await c.query("UPDATE deliveries SET ready = false WHERE status = 'pending' AND subscription = \(subscription) AND case_id = \(caseID)",
                                  logger: self.logger)
                try await c.query("""
                    UPDATE deliveries SET ready = true WHERE id = (
                        SELECT id FROM deliveries WHERE status = 'pending' AND subscription = \(subscription) AND case_id = \(caseID) ORDER BY position LIMIT 1)
                    """, logger: self.logger)
            }
            var found: Delivery?
            for try await row in try await c.query("SELECT \(unescaped: Self.deliveryColumns) FROM deliveries d WHERE d.id = \(id)", logger: self.logger)
                .decode(DeliveryRow.self) { found = Self.delivery(row) }
            return found
        }
    }

    public func deliveryCounts() async throws(StoreError) -> [String: DeliveryCounts] {
        try await read("read") { c in
            var counts: [String: DeliveryCounts] = [:]
            let rows = try await c.query("SELECT subscription, status, count(*) FROM deliveries GROUP BY subscription, status", logger: self.logger)
            for try await (name, status, n) in rows.decode((String, String, Int64).self) {
                var entry = counts[name] ?? DeliveryCounts(pending: 0, dead: 0)
                if status == DeliveryStatus.dead.rawValue { entry.dead = Int(n) } else { entry.pending = Int(n) }
                counts[name] = entry
            }
            return counts
        }
    }

    public func forgetNotifications(before cutoffMS: Int64, limit: Int) async throws(StoreError) -> Int {
        try await transaction("write") { c in
            var n = 0
            for try await _ in try await c.query("""
                DELETE FROM notifications WHERE position IN (
                    SELECT position FROM notifications WHERE created_ms < \(cutoffMS) ORDER BY position LIMIT \(limit))
                RETURNING 1
                """, logger: self.logger) { n += 1 }
            return n
        }
    }

    /// Marks personal fields erased in the notifications and deliveries of a case.
    func eraseNotifications(caseID: String, fields: Set<String>, on c: PostgresConnection) async throws {
        var feed: [(Int64, ByteBuffer)] = [], deliveries: [(Int64, ByteBuffer)] = []
        for try await row in try await c.query("SELECT position, body FROM notifications WHERE case_id = \(caseID)", logger: logger)
            .decode((Int64, ByteBuffer).self) { feed.append(row) }
        for try await row in try await c.query("SELECT id, body FROM deliveries WHERE case_id = \(caseID)", logger: logger)
            .decode((Int64, ByteBuffer).self) { deliveries.append(row) }
        for (position, body) in feed {
            if let scrubbed = StoredErasure.notification(body.bytes, fields: fields) {
                try await c.query("UPDATE notifications SET body = \(ByteBuffer(bytes: scrubbed)) WHERE position = \(position)", logger: logger)
            }
        }
        for (id, body) in deliveries {
            if let scrubbed = StoredErasure.notification(body.bytes, fields: fields) {
                try await c.query("UPDATE deliveries SET body = \(ByteBuffer(bytes: scrubbed)) WHERE id = \(id)", logger: logger)
            }
        }
    }
}
