import CaseflowExpr
import CaseflowModel
import CaseflowJSON
import CaseflowStore
import Foundation
import Hummingbird

/// The feed of notifications and the webhook deliveries (dead letters, redelivery).
extension Routes {
    static func notificationRoutes(reads: RouterGroup<CaseflowContext>, administers: RouterGroup<CaseflowContext>,
                                   service: CaseService, store: any CaseStore, maxPollWait: Duration) {
        // Notifications in commit order after a cursor; with `wait`, a long poll for the next.
        reads.get("feed") { request, _ in
            let q = try refuseQuery(request, allowed: ["after", "limit", "wait"])
            let limit = try limit(q["limit"])
            var after: Int64 = 0
            if let text = q["after"] {
                guard let n = Int64(text), n >= 0 else {
                    throw APIError(.badRequest, "bad_request", "'after' must be a cursor the feed gave (a whole number, 0 for the start), not '\(text)'", field: "after")
                }
                after = n
            }
            let wait = try waitParameter(q["wait"])
            let deadline = ContinuousClock.now + min(.seconds(wait), maxPollWait)
            while true {
                let entries = try await read { () async throws(StoreError) in try await store.feed(after: after, limit: limit) }
                if !entries.isEmpty || ContinuousClock.now >= deadline || Task.isCancelled {
                    return ok(JSONWriter.feedPage(entries.map { ($0.position, $0.body) }, next: entries.last?.position ?? after))
                }
                await service.commits.wait(upTo: min(.milliseconds(250), deadline - ContinuousClock.now))
            }
        }

        reads.get("deliveries") { request, _ in
            let q = try refuseQuery(request, allowed: ["status", "subscription", "limit", "cursor"])
            let (limit, cursor) = (try limit(q["limit"]), try Cursor.decode(q["cursor"]))
            let statusText = q["status"] ?? DeliveryStatus.dead.rawValue
            guard let status = DeliveryStatus(rawValue: statusText) else {
                throw APIError(.badRequest, "bad_request", "'status' must be dead or pending, not '\(statusText)'", field: "status")
            }
            if q["subscription"]?.isEmpty == true {
                throw APIError(.badRequest, "bad_request", "'subscription' must name a subscription, not be empty", field: "subscription")
            }
            let page = try await read { () async throws(StoreError) in
                try await store.deliveries(status: status, subscription: q["subscription"], after: cursor, limit: limit)
            }
            return Cursor.paged(ok(encode(page.items.map(DeliveryJSON.init))), next: page.next)
        }

        administers.post("deliveries/:id/redeliver") { request, context in
            try refuseQuery(request, allowed: [])
            let text = try pathID(context)
            guard let id = Int64(text), id > 0 else {
                throw APIError(.badRequest, "bad_request", "a delivery id is a whole number above 0 (GET /v1/deliveries lists them), not '\(text)'", field: "id")
            }
            guard let delivery = try await read({ () async throws(StoreError) in
                try await store.redeliver(id, nowMS: Int64(Date().timeIntervalSince1970 * 1000))
            }) else {
                throw APIError(.notFound, "not_found", "no delivery \(id) waits or was given up; a delivered one is gone (GET /v1/deliveries?status=dead lists dead letters)")
            }
            service.commits.beat()
            return ok(encode(DeliveryJSON(delivery)))
        }
    }

    /// `wait`: whole seconds, with or without an `s` (`30`, `30s`), 0 to 60.
    static func waitParameter(_ text: String?) throws -> Int64 {
        guard let text else { return 0 }
        let digits = text.hasSuffix("s") ? String(text.dropLast()) : text
        guard let n = Int64(digits), (0...60).contains(n) else {
            throw APIError(.badRequest, "bad_request", "'wait' must be seconds from 0 to 60, e.g. 30s, not '\(text)'", field: "wait")
        }
        return n
    }

    /// A delivery as `GET /v1/deliveries` lists it, with the notification it carries.
    struct DeliveryJSON: Encodable {
        let id: Int64
        let subscription: String
        let notificationId: String
        let caseId: String
        let kind: String
        let status: String
        let attempts: Int
        let createdAt: String
        /// When the next attempt is due (pending), or when it was given up (dead).
        let nextAttemptAt: String?
        let gaveUpAt: String?
        let lastError: String?
        let notification: [String: JSONValue]

        init(_ d: Delivery) {
            id = d.id; subscription = d.subscription; notificationId = d.notificationID; caseId = d.caseID; kind = d.kind
            status = d.status.rawValue; attempts = d.attempts; lastError = d.lastError
            createdAt = Self.time(d.createdMS)
            nextAttemptAt = d.status == .pending ? Self.time(d.nextMS) : nil
            gaveUpAt = d.status == .dead ? Self.time(d.nextMS) : nil
            notification = ((try? JSONInput.object(d.body)) ?? [:]).mapValues(JSONValue.init)
        }

        static func time(_ ms: Int64) -> String {
            (Timestamp(seconds: ms / 1000, nanos: (ms % 1000) * 1_000_000) ?? Timestamp(seconds: 0, nanos: 0)!).rfc3339
        }
    }
}
