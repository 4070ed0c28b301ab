@testable import CaseflowServer
import CaseflowExpr
import CaseflowPostgres
import CaseflowStore
import Foundation
import HummingbirdTesting
import Logging
import Testing

/// Two daemons' delivery services over one PostgreSQL database share the deliveries: each is
/// claimed by one at a time, so every notification arrives once, in order per case.
@Suite(.serialized) struct MultiNodeDeliveryTests {
    @Test func twoNodesDeliverEachNotificationOnceInOrder() async throws {
        guard let text = ProcessInfo.processInfo.environment["CASEFLOW_TEST_POSTGRES"], !text.isEmpty else {
            throw StoreError(.database, "CASEFLOW_TEST_POSTGRES is not set: the PostgreSQL tests need a server; run scripts/test, or eval \"$(scripts/postgres start)\" first")
        }
        let logger = Logger(label: "test")
        let name = "d_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let url = try await PostgresAdmin.createDatabase(String(name), admin: try PostgresURL(parsing: text), logger: logger)
        let receiver = Receiver()
        try await receiver.application.test(.live) { hook in
            let port = try #require(hook.port)
            let directory = try TempDirectory()
            let subscriptions = directory.path("subscriptions.yaml")
            try WebhookTests.subscriptions(port: port).write(toFile: subscriptions, atomically: true, encoding: .utf8)
            let first = try await PostgresStore.connect(url, logger: logger, connectTimeout: .seconds(30), maxConnections: 8)
            let second = try await PostgresStore.connect(url, logger: logger, connectTimeout: .seconds(30), maxConnections: 8)
            let clock = ManualClock(time(sevenDayReturnStart))
            let workflows = repoRoot.appendingPathComponent("workflows").path, rules = repoRoot.appendingPathComponent("rules").path
            let one = try await CaseService(store: first, clock: clock, workflows: workflows, rules: rules, logger: logger, subscriptions: subscriptions)
            let two = try await CaseService(store: second, clock: clock, workflows: workflows, rules: rules, logger: logger, subscriptions: subscriptions)
            let nodes = [one, two].map { service in
                Task { try await DeliveryService(store: service.store, commits: service.commits, logger: logger).run() }
            }
            defer { for node in nodes { node.cancel() } }
            for n in 0..<20 {
                let data: [String: Value] = [
                    "customer.id": .string("C-\(n)"), "order.id": .string("SO-\(n)"), "order.channel": .string("online"),
                    "order.delivered_at": .string("2026-03-02T10:00:00+08:00"), "product.category": .string("phone"),
                    "request.condition": .string("intact"), "request.submitted_at": .string("2026-03-09T23:59:00+08:00"),
                ]
                _ = try await (n % 2 == 0 ? one : two).createCase(workflow: "return", id: "R-\(n)", data: data, at: nil)
            }
            let feed = try await first.feed(after: 0, limit: 1000)
            let ids = Set(feed.compactMap { JSON.parse($0.body)["id"].string })
            #expect(ids.count == feed.count && feed.count >= 40)
            #expect(try await eventually(30) { receiver.delivered.isSuperset(of: ids) }, "missing: \(ids.subtracting(receiver.delivered))")
            let arrivals = receiver.arrivals.withLock { $0 }
            #expect(arrivals.count == ids.count, "a notification was sent twice: \(arrivals.count) arrivals for \(ids.count) ids")
            for n in 0..<20 {
                let order = arrivals.filter { $0.caseID == "R-\(n)" }.map { [$0.step, $0.index] }
                #expect(order == order.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }, "R-\(n) arrived out of order: \(order)")
            }
            try await first.close()
            try await second.close()
        }
    }
}
