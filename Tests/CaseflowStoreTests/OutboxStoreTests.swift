import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import CaseflowPostgres
import CaseflowStore
import CaseflowTestSupport
import Foundation
import GRDB
import Logging
import PostgresNIO
import Testing

/// The outbox in both stores: a step's notifications and deliveries are written in its own
/// transaction, in step order; a refused or rolled-back step writes none; the feed reads them
/// in commit order after a cursor; per case and subscription only the first pending delivery
/// is claimable; failed deliveries wait, die and are redelivered; erasure reaches them.
@Suite struct OutboxStoreTests {
    let engine: Engine
    let t0: Timestamp
    static let secret = SecretSource.literal("0123456789abcdef0123")

    init() throws {
        engine = try makeServiceEngine()
        t0 = try mondayTen()
    }

    /// `all` takes everything; `desk` takes opened tasks of the desk queue with the customer's name.
    func route(_ store: any CaseStore) {
        store.outbox.use([
            Subscription(name: "all", url: "http://127.0.0.1:9/all", secret: Self.secret),
            Subscription(name: "desk", url: "http://127.0.0.1:9/desk", secret: Self.secret, kinds: [.taskOpened], queues: ["desk"],
                         fields: ["customer.name"]),
        ], feedFields: [])
    }

    /// Completes the case's triage task with `accept`: the case moves to `working`.
    func accept(_ store: any CaseStore, _ caseID: String, at: Timestamp) async throws {
        let triage = try #require(try await store.loadCase(caseID)).openTasks.first { $0.name == "triage" }
        let id = try #require(triage).id
        let engine = engine
        _ = try await store.apply(caseID: caseID, eventID: nil, { (c: CaseState) throws(EngineError) -> Step in
            try engine.complete(task: id, outcome: "accept", at: at, in: c)
        }, response: responseBytes)
    }

    func feed(_ store: any CaseStore, after: Int64 = 0) async throws -> [(position: Int64, json: [String: Any])] {
        try await store.feed(after: after, limit: 1000).map { entry in
            (entry.position, try #require(try JSONSerialization.jsonObject(with: Data(entry.body)) as? [String: Any]))
        }
    }

    @Test(arguments: StoreKind.allCases) func aStepWritesItsNotificationsInOrder(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        route(db.store)
        try await createCase(db.store, engine, id: "S-1", at: t0)
        let items = try await feed(db.store)
        #expect(items.map { $0.json["kind"] as? String } == ["case.created", "state.entered", "task.opened", "task.opened", "task.opened"])
        #expect(items.map { $0.json["id"] as? String } == (0..<5).map { "S-1/1/\($0)" })
        #expect(items.map(\.position) == [1, 2, 3, 4, 5])
        #expect(items.allSatisfy { $0.json["workflow"] as? String == "service" && $0.json["version"] as? Int == 1 && $0.json["step"] as? Int == 1 })
        #expect((items[2].json["task"] as? [String: Any])?["queue"] as? String == "desk")

        // A step that changes data only announces nothing; the next step's notifications
        // follow, and the feed resumes after a cursor.
        try await send(db.store, engine, "S-1", "bump", at: try plus(t0, seconds: 60))
        #expect(try await feed(db.store, after: 5).isEmpty)
        try await accept(db.store, "S-1", at: try plus(t0, seconds: 120))
        let later = try await feed(db.store, after: 5)
        #expect(later.first?.position == 6)
        #expect(later.map { $0.json["kind"] as? String } == ["state.entered", "task.completed", "task.cancelled", "task.opened"])
        #expect(later.map { $0.json["id"] as? String } == (0..<4).map { "S-1/3/\($0)" })
        #expect(later.first?.json["from"] as? String == "open")
        #expect(later.first?.json["state"] as? String == "working")

        // One delivery per subscription that wants each: 9 for `all`, 1 for `desk`.
        let pending = try await db.store.deliveries(status: .pending, subscription: nil, after: nil, limit: 100).items
        #expect(pending.filter { $0.subscription == "all" }.count == 9)
        let desk = try #require(pending.first { $0.subscription == "desk" })
        let body = try #require(try JSONSerialization.jsonObject(with: Data(desk.body)) as? [String: Any])
        #expect((body["fields"] as? [String: Any])?["customer.name"] as? String == "Li Lei")
        #expect(body["id"] as? String == "S-1/1/2")
    }

    @Test(arguments: StoreKind.allCases) func onlyTheFirstPendingDeliveryOfACaseIsClaimed(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        route(db.store)
        try await createCase(db.store, engine, id: "S-1", at: t0)
        try await createCase(db.store, engine, id: "S-2", at: t0)
        let now = Int64(Date().timeIntervalSince1970 * 1000) + 1000
        let claimed = try await db.store.claimDeliveries(.except([]), nowMS: now, limit: 100, leaseMS: 30_000, finishing: [])
        // S-1 and S-2 each send their first to `all`; `desk` has one of each.
        #expect(Set(claimed.map { "\($0.subscription) \($0.notificationID)" }) == ["all S-1/1/0", "all S-2/1/0", "desk S-1/1/2", "desk S-2/1/2"])
        // Claimed ones are not claimed again while their lease lasts, and nothing behind them is.
        #expect(try await db.store.claimDeliveries(.except([]), nowMS: now, limit: 100, leaseMS: 30_000, finishing: []).isEmpty)
        // A subscription with enough in flight is passed by.
        #expect(try await db.store.claimDeliveries(.except(["all"]), nowMS: now + 60_000, limit: 100, leaseMS: 30_000, finishing: []).map(\.subscription) == ["desk", "desk"])

        // Delivered: the next of the case is claimable. A retry waits for its time.
        let first = try #require(claimed.first { $0.notificationID == "S-1/1/0" })
        let second = try #require(claimed.first { $0.notificationID == "S-2/1/0" })
        try await db.store.finishDeliveries([DeliveryResult(first, .delivered), DeliveryResult(second, .retry(atMS: now + 10_000, error: "HTTP 500"))])
        let next = try await db.store.claimDeliveries(.except(["desk"]), nowMS: now + 1, limit: 100, leaseMS: 30_000, finishing: [])
        #expect(next.map(\.notificationID) == ["S-1/1/1"])
        let retried = try await db.store.claimDeliveries(.except(["desk"]), nowMS: now + 10_000, limit: 100, leaseMS: 30_000, finishing: [])
        #expect(retried.map(\.notificationID) == ["S-2/1/0"])
        #expect(retried.first?.attempts == 1)
        #expect(retried.first?.lastError == "HTTP 500")

        // Given up: a dead letter, listed, and the case's next one goes on.
        // A result under a claim that ran out (another took the delivery over) changes nothing.
        try await db.store.finishDeliveries([DeliveryResult(second, .dead(atMS: now + 10_001, error: "HTTP 503"))])
        #expect(try await db.store.deliveries(status: .dead, subscription: nil, after: nil, limit: 10).items.isEmpty)
        let retriedClaim = try #require(retried.first)
        try await db.store.finishDeliveries([DeliveryResult(retriedClaim, .dead(atMS: now + 10_001, error: "HTTP 503"))])
        let dead = try await db.store.deliveries(status: .dead, subscription: "all", after: nil, limit: 10)
        #expect(dead.items.map(\.notificationID) == ["S-2/1/0"])
        #expect(dead.items.first?.attempts == 2)
        #expect(try await db.store.deliveryCounts()["all"]?.dead == 1)
        let after = try await db.store.claimDeliveries(.except(["desk"]), nowMS: now + 40_000, limit: 100, leaseMS: 30_000, finishing: [])
        #expect(Set(after.map(\.notificationID)) == ["S-1/1/1", "S-2/1/1"])

        // Only a dead letter is redelivered; it is pending again with no attempts.
        #expect(try await db.store.redeliver(try #require(next.first).id, nowMS: now + 30_000) == nil)
        let again = try #require(try await db.store.redeliver(second.id, nowMS: now + 30_000))
        #expect(again.status == .pending && again.attempts == 0)
        #expect(try await db.store.redeliver(999_999, nowMS: now) == nil)
        #expect(try await db.store.deliveries(status: .dead, subscription: nil, after: nil, limit: 10).items.isEmpty)
    }

    /// Two daemons' stores on one database claiming at once never take the same delivery.
    @Test(arguments: StoreKind.allCases) func concurrentClaimsNeverShareADelivery(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        route(db.store)
        for n in 0..<40 { try await createCase(db.store, engine, id: "S-\(n)", at: t0) }
        let other = try await db.reopen()
        let now = Int64(Date().timeIntervalSince1970 * 1000) + 1000
        async let a = db.store.claimDeliveries(.except([]), nowMS: now, limit: 50, leaseMS: 30_000, finishing: [])
        async let b = other.claimDeliveries(.except([]), nowMS: now, limit: 50, leaseMS: 30_000, finishing: [])
        let (first, second) = try await (a, b)
        #expect(Set(first.map(\.id)).isDisjoint(with: second.map(\.id)))
        // Each case's first delivery to each subscription: 40 to `all`, 40 to `desk`.
        #expect(first.count + second.count == 80)
    }

    @Test(arguments: StoreKind.allCases) func aRefusedStepAnnouncesNothing(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        route(db.store)
        try await createCase(db.store, engine, id: "S-1", at: t0)
        let before = try await feed(db.store).count
        // `approve` is not taken in `open`: the engine refuses, and nothing is written.
        await #expect(throws: StoreError.self) {
            try await send(db.store, engine, "S-1", "approve", data: ["ok": .bool(true)], at: try plus(t0, seconds: 60))
        }
        #expect(try await feed(db.store).count == before)
        #expect(try await db.store.deliveries(status: .pending, subscription: "all", after: nil, limit: 100).items.count == before)
    }

    /// A transaction that fails after the step's rows were written (a trigger refuses its history
    /// row) is rolled back whole: the step's notifications go with it.
    @Test(arguments: StoreKind.allCases) func aRolledBackStepAnnouncesNothing(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        route(db.store)
        try await db.execute(kind == .sqlite ? """
            CREATE TRIGGER refuse_boom BEFORE INSERT ON history WHEN NEW.case_id = 'BOOM' BEGIN SELECT RAISE(ABORT, 'boom'); END
            """ : """
            CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.case_id = 'BOOM' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_boom BEFORE INSERT ON history FOR EACH ROW EXECUTE FUNCTION refuse_boom();
            """)
        await #expect(throws: StoreError.self) { try await createCase(db.store, engine, id: "BOOM", at: t0) }
        #expect(try await feed(db.store).isEmpty)
        #expect(try await db.store.deliveryCounts().isEmpty)
        // The next step gets the first position: nothing was used up.
        try await createCase(db.store, engine, id: "S-1", at: t0)
        #expect(try await feed(db.store).first?.position == 1)
    }

    @Test(arguments: StoreKind.allCases) func erasureReachesNotifications(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        route(db.store)
        try await createCase(db.store, engine, id: "S-1", at: t0)
        db.store.outbox.use([Subscription(name: "desk", url: "http://127.0.0.1:9/desk", secret: Self.secret, fields: ["customer.name"])],
                            feedFields: ["customer.name"])
        try await accept(db.store, "S-1", at: try plus(t0, seconds: 60))
        let erased = try await db.store.erase(caseID: "S-1", fields: ["customer.name"]) { c in Erasure.step(fields: ["customer.name"], at: c.updatedAt, actor: nil, in: c) }
        #expect(erased != nil)
        for entry in try await feed(db.store) {
            if let fields = entry.json["fields"] as? [String: Any] { #expect(fields["customer.name"] as? String == "[erased]") }
        }
        for d in try await db.store.deliveries(status: .pending, subscription: "desk", after: nil, limit: 100).items {
            #expect(!String(decoding: d.body, as: UTF8.self).contains("Li Lei"))
        }
    }

    @Test(arguments: StoreKind.allCases) func oldNotificationsAreForgottenAndPositionsGoOn(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        route(db.store)
        try await createCase(db.store, engine, id: "S-1", at: t0)
        let future = Int64(Date().timeIntervalSince1970 * 1000) + 60_000
        #expect(try await db.store.forgetNotifications(before: future, limit: 3) == 3)
        #expect(try await db.store.forgetNotifications(before: future, limit: 100) == 2)
        try await createCase(db.store, engine, id: "S-2", at: t0)
        #expect(try await feed(db.store).map(\.position) == [6, 7, 8, 9, 10])
    }
}

extension TempStore {
    /// Runs SQL on the store's database outside the store, as an operator or a fault would.
    func execute(_ sql: String) async throws {
        switch kind {
        case .sqlite:
            let queue = try DatabaseQueue(path: try #require(sqlitePath))
            try await queue.write { try $0.execute(sql: sql) }
        case .postgres:
            let url = try #require(postgres)
            let logger = Logger(label: "test")
            let config = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user, password: url.password,
                                                          database: url.database, tls: .disable)
            let connection = try await PostgresConnection.connect(configuration: config, id: 1, logger: logger)
            for statement in sql.components(separatedBy: ";\n") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await connection.close()
        }
    }
}
