import CaseflowEngine
import CaseflowExpr
import CaseflowJSON
import CaseflowModel
import Foundation
import Synchronization

/// Where a store sends what each step announces: the feed, and the webhook subscriptions the
/// daemon loaded (swapped on reload). A step's notifications, and one delivery per subscription
/// that wants each, are written in the step's transaction (a transactional outbox): a step
/// that is refused or rolled back announces nothing, and one that commits is never lost.
public final class Outbox: Sendable {
    private let routes = Mutex<Routes>(Routes())

    struct Routes {
        var subscriptions: [Subscription] = []
        var feedFields: [String] = []
    }

    public init() {}

    /// The subscriptions notifications are routed to from now on, and the case fields the feed's
    /// notifications carry.
    public func use(_ subscriptions: [Subscription], feedFields: [String]) {
        routes.withLock { $0 = Routes(subscriptions: subscriptions, feedFields: feedFields) }
    }

    public var subscriptions: [Subscription] { routes.withLock { $0.subscriptions } }

    /// The rows `step` writes: each notification as the feed has it, with its deliveries.
    public func entries(for step: Step) -> [OutboxEntry] {
        let notifications = step.notifications
        guard !notifications.isEmpty else { return [] }
        let routes = routes.withLock { $0 }
        let data = step.after.data
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        return notifications.map { n in
            var n = n
            let wanted = routes.subscriptions.filter { $0.wants(n.kind, workflow: n.workflow, state: n.state, queue: n.queue) }
            for name in routes.feedFields { n.fields[name] = data[name] }
            for s in wanted { for name in s.fields { n.fields[name] = data[name] } }
            let feedBody = JSONWriter.notification(n, fields: routes.feedFields)
            let deliveries = wanted.map { s in
                OutboxEntry.Delivery(subscription: s.name,
                                     body: s.fields == routes.feedFields ? feedBody : JSONWriter.notification(n, fields: s.fields))
            }
            return OutboxEntry(id: n.id, caseID: n.caseID, kind: n.kind, createdMS: now, body: feedBody, deliveries: deliveries)
        }
    }
}

/// One notification as a store writes it: its row in the feed, and a delivery row for each
/// subscription that wants it.
public struct OutboxEntry: Sendable {
    public struct Delivery: Sendable {
        public var subscription: String
        public var body: [UInt8]
    }

    public var id: String
    public var caseID: String
    public var kind: NotificationKind
    /// When it was written (ms since 1970 on the daemon's clock), for the delivery lag.
    public var createdMS: Int64
    public var body: [UInt8]
    public var deliveries: [Delivery]
}

/// A notification of the feed: its position (the cursor after it) and its JSON.
public struct FeedEntry: Sendable {
    public var position: Int64
    public var body: [UInt8]

    public init(position: Int64, body: [UInt8]) {
        self.position = position
        self.body = body
    }
}

/// Whether a delivery waits for its (next) attempt or was given up.
public enum DeliveryStatus: String, Sendable, CaseIterable {
    case pending
    case dead
}

/// One notification on its way to one subscription.
public struct Delivery: Sendable {
    public var id: Int64
    /// The notification's position in the feed; per case and subscription, deliveries go in
    /// this order.
    public var position: Int64
    public var subscription: String
    public var notificationID: String
    public var caseID: String
    public var kind: String
    public var body: [UInt8]
    public var status: DeliveryStatus
    /// Attempts made so far.
    public var attempts: Int
    public var createdMS: Int64
    /// When the next attempt is due (pending), or when it was given up (dead).
    public var nextMS: Int64
    public var lastError: String?
    /// Until when the claim it was taken under holds (0: not claimed); names the claim.
    public var leaseMS: Int64

    public init(id: Int64, position: Int64, subscription: String, notificationID: String, caseID: String, kind: String, body: [UInt8],
                status: DeliveryStatus, attempts: Int, createdMS: Int64, nextMS: Int64, lastError: String?, leaseMS: Int64) {
        self.id = id
        self.position = position
        self.subscription = subscription
        self.notificationID = notificationID
        self.caseID = caseID
        self.kind = kind
        self.body = body
        self.status = status
        self.attempts = attempts
        self.createdMS = createdMS
        self.nextMS = nextMS
        self.lastError = lastError
        self.leaseMS = leaseMS
    }
}

/// Which deliveries a claim takes: one subscription's, or those of every subscription but some
/// (`.except([])`: any).
public enum DeliveryScope: Sendable, Equatable {
    case subscription(String)
    case except(Set<String>)
}

/// What became of an attempt to deliver, for the claim it was made under: recorded only while
/// that claim is the delivery's (`lease`), so a result that comes after its claim ran out (and
/// another daemon took the delivery over) changes nothing.
public struct DeliveryResult: Sendable {
    public enum Outcome: Sendable {
        /// The receiver took it: the delivery is done (and its row goes).
        case delivered
        /// It failed; try again at `atMS`.
        case retry(atMS: Int64, error: String)
        /// It failed for the last time: a dead letter.
        case dead(atMS: Int64, error: String)
    }

    public var id: Int64
    /// The claim's lease end, which names the claim.
    public var lease: Int64
    public var outcome: Outcome

    public init(_ delivery: Delivery, _ outcome: Outcome) {
        id = delivery.id
        lease = delivery.leaseMS
        self.outcome = outcome
    }
}

/// How many deliveries of a subscription wait and how many were given up.
public struct DeliveryCounts: Sendable, Equatable {
    public var pending: Int
    public var dead: Int

    public init(pending: Int, dead: Int) {
        self.pending = pending
        self.dead = dead
    }
}
