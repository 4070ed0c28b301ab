@testable import CaseflowServer
import CaseflowStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// A webhook receiver on loopback: it records every request and answers as `answer` says for
/// the request's number (1, 2, …): a status, after an optional delay.
final class Receiver: Sendable {
    struct Arrival: Sendable {
        var id: String
        var caseID: String
        var step: Int
        var index: Int
        var body: [UInt8]
        var signature: String
        var status: Int
    }

    let arrivals = Mutex<[Arrival]>([])
    let answer: @Sendable (Int) -> (status: HTTPResponse.Status, delay: Duration)

    init(answer: @escaping @Sendable (Int) -> (status: HTTPResponse.Status, delay: Duration) = { _ in (.ok, .zero) }) {
        self.answer = answer
    }

    var application: some ApplicationProtocol {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let body = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
            let json = JSON.parse(body)
            let id = json["id"].string ?? ""
            let parts = id.split(separator: "/")
            let n = self.arrivals.withLock { $0.count + 1 }
            let (status, delay) = self.answer(n)
            self.arrivals.withLock {
                $0.append(Arrival(id: id, caseID: json["case"].string ?? "", step: parts.count == 3 ? Int(parts[1]) ?? 0 : 0,
                                  index: parts.count == 3 ? Int(parts[2]) ?? 0 : 0, body: body,
                                  signature: request.headers[HTTPFields.Element.Name("Caseflow-Signature")!] ?? "", status: Int(status.code)))
            }
            if delay > .zero { try await Task.sleep(for: delay) }
            return Response(status: status)
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// The ids answered 2xx.
    var delivered: Set<String> { Set(arrivals.withLock { $0 }.filter { (200..<300).contains($0.status) }.map(\.id)) }
}

/// Waits up to `seconds` for `condition`.
func eventually(_ seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

/// Webhooks end to end: a real receiver on loopback, the daemon's delivery service, the feed.
@Suite(.serialized) struct WebhookTests {
    static let secret = "whsec-0123456789abcdef"

    static func subscriptions(port: Int, extra: String = "") -> String {
        """
        feed_fields: [order.id]
        subscriptions:
          - name: all
            url: http://127.0.0.1:\(port)/hook
            secret: \(secret)
            fields: [order.id, customer.id]
            timeout: 500ms
            backoff: {first: 50ms, max: 200ms}
        \(extra)
        """
    }

    /// The feed's notifications, all of them.
    static func feed(_ api: API) async throws -> [JSON] {
        try await api.get("/v1/feed?limit=1000").json["items"].array.map { $0["notification"] }
    }

    /// The receiver fails the first deliveries, answers two too slowly, then takes the rest:
    /// every notification arrives, signed, in order per case; each id at least once.
    @Test func everyNotificationArrivesInOrderPerCase() async throws {
        let receiver = Receiver { n in
            switch n {
            case 1...3: (.internalServerError, .zero)
            case 4...5: (.ok, .milliseconds(1500))
            default: (.ok, .zero)
            }
        }
        try await receiver.application.test(.live) { hook in
            let port = try #require(hook.port)
            let server = try await Server(at: sevenDayReturnStart, subscriptions: Self.subscriptions(port: port))
            let delivery = Task { try await DeliveryService(store: server.store, commits: server.service.commits, logger: Logger(label: "test")).run() }
            defer { delivery.cancel() }
            try await server.run { api in
                for i in 1...3 {
                    _ = try await api.createCase("return", id: "R-\(i)", data: with(sevenDayReturn, ["order.id": .string("SO-\(i)")]))
                }
                server.clock.set(time("2026-03-11T10:00:00+08:00"))
                for i in 1...3 {
                    _ = try await api.event("R-\(i)", "goods_received", data: ["received_at": "2026-03-11T09:30:00+08:00"])
                }
                let feed = try await Self.feed(api)
                let ids = Set(feed.compactMap { $0["id"].string })
                #expect(ids.count == feed.count && feed.count > 6)
                #expect(try await eventually(30) { receiver.delivered.isSuperset(of: ids) }, "missing: \(ids.subtracting(receiver.delivered))")

                let arrivals = receiver.arrivals.withLock { $0 }
                #expect(arrivals.prefix(3).allSatisfy { $0.status == 500 })
                for caseID in ["R-1", "R-2", "R-3"] {
                    let order = arrivals.filter { $0.caseID == caseID }.map { [$0.step, $0.index] }
                    #expect(order == order.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }, "\(caseID) arrived out of order: \(order)")
                }
                for a in arrivals {
                    #expect(WebhookSignature.verify(header: a.signature, body: a.body, secret: Self.secret), "bad signature on \(a.id)")
                    #expect(!WebhookSignature.verify(header: a.signature, body: a.body + [32], secret: Self.secret))
                }
                let sample = try #require(arrivals.last)
                #expect(JSON.parse(sample.body)["fields"]["order.id"].string?.hasPrefix("SO-") == true)
                #expect(feed.first?["fields"].object.keys.sorted() == ["order.id"])

                let metrics = try await api.get("/metrics").text
                #expect(metrics.contains("caseflow_webhook_pending{subscription=\"all\"} 0"))
                // All recorded: nothing waits, nothing is dead.
                #expect(try await server.store.deliveryCounts()["all"] == nil)
            }
        }
    }

    /// The recipe the README gives receivers, in Python, accepts each signature and refuses a
    /// changed body.
    @Test func theReadmesPythonRecipeVerifiesADelivery() async throws {
        let readme = try String(contentsOf: repoRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let marker = try #require(readme.range(of: "<!-- signature-recipe -->"), "the README has no signature recipe")
        let rest = readme[marker.upperBound...]
        let open = try #require(rest.range(of: "```python\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        let recipe = String(rest[open.upperBound..<close.lowerBound])
        let body = Array(#"{"case":"R-1","id":"R-1/1/0","kind":"case.created"}"#.utf8)
        let header = WebhookSignature.value(body: body, secret: Self.secret, time: Int64(Date().timeIntervalSince1970))
        let directory = try TempDirectory()
        try Data(body).write(to: URL(fileURLWithPath: directory.path("body")))
        try Data((body.dropLast() + Array("}".utf8)).map { $0 == UInt8(ascii: "1") ? UInt8(ascii: "2") : $0 }).write(to: URL(fileURLWithPath: directory.path("changed")))
        let script = recipe + """

            import sys
            print(verify(open(sys.argv[1], "rb").read(), sys.argv[2], sys.argv[3]))
            """
        for (file, expected) in [("body", "True"), ("changed", "False")] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script, directory.path(file), header, Self.secret]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            process.waitUntilExit()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0)
            #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == expected, "python3 said '\(text)' for \(file)")
        }
    }

    /// Deliveries to a receiver that never answers are given up into dead letters, which are
    /// listed and, once the subscription points somewhere that works (a reload), redelivered.
    @Test func deadLettersAreListedAndRedelivered() async throws {
        let receiver = Receiver()
        try await receiver.application.test(.live) { hook in
            let port = try #require(hook.port)
            let nowhere = """
                subscriptions:
                  - name: later
                    url: http://127.0.0.1:1/hook
                    secret: \(Self.secret)
                    notifications: [case.created, state.entered]
                    give_up_after: 300ms
                    backoff: {first: 50ms, max: 100ms}
                """
            let server = try await Server(at: sevenDayReturnStart, token: "t0ken-admin", subscriptions: nowhere)
            let delivery = Task { try await DeliveryService(store: server.store, commits: server.service.commits, logger: Logger(label: "test")).run() }
            defer { delivery.cancel() }
            try await server.run { api in
                _ = try await api.createCase("return", id: "R-1", data: sevenDayReturn)
                let announced = try await Self.feed(api).filter { ["case.created", "state.entered"].contains($0["kind"].string ?? "") }.count
                #expect(try await eventually(20) { try await api.get("/v1/deliveries").json.array.count == announced })
                let dead = try await api.get("/v1/deliveries?status=dead&subscription=later").json.array
                #expect(dead.allSatisfy { $0["status"] == "dead" && ($0["attempts"].number ?? 0) >= 1 && $0["lastError"].string != nil })
                #expect(dead.first?["notification"]["kind"] == "case.created")
                #expect(try await api.get("/v1/deliveries?status=pending").json.array.isEmpty)
                #expect(try await api.get("/v1/deliveries?status=lost").status == .badRequest)

                // Point the subscription at the receiver, reload, redeliver.
                try (Self.subscriptions(port: port).replacingOccurrences(of: "name: all", with: "name: later"))
                    .write(toFile: try #require(server.subscriptions), atomically: true, encoding: .utf8)
                #expect(try await api.post("/v1/admin/reload").status == .ok)
                for letter in dead {
                    let id = try #require(letter["id"].number.map { Int($0) })
                    let again = try await api.post("/v1/deliveries/\(id)/redeliver")
                    #expect(again.status == .ok)
                    #expect(again.json["status"] == "pending")
                }
                #expect(try await api.post("/v1/deliveries/987654/redeliver").status == .notFound)
                #expect(try await api.post("/v1/deliveries/x/redeliver").status == .badRequest)
                let ids = Set(dead.compactMap { $0["notificationId"].string })
                #expect(try await eventually(20) { receiver.delivered.isSuperset(of: ids) })
                #expect(try await api.get("/v1/deliveries").json.array.isEmpty)
            }
        }
    }

    /// The feed pages by cursor and, with `wait`, answers as soon as a step commits.
    @Test func theFeedResumesAfterACursorAndWaitsForNews() async throws {
        let server = try await Server(at: sevenDayReturnStart)
        try await server.run { api in
            _ = try await api.createCase("return", id: "R-1", data: sevenDayReturn)
            let first = try await api.get("/v1/feed?limit=2").json
            #expect(first["items"].array.count == 2)
            let next = try #require(first["next"].string)
            #expect(first["items"].array.last?["cursor"].string == next)
            let rest = try await api.get("/v1/feed?after=\(next)").json
            let all = try await api.get("/v1/feed").json["items"].array
            #expect(first["items"].array + rest["items"].array == all)
            let end = try #require(rest["next"].string)
            #expect(try await api.get("/v1/feed?after=\(end)").json == ["items": [], "next": .string(end)])

            let started = Date()
            async let waited = api.get("/v1/feed?after=\(end)&wait=10s")
            try await Task.sleep(for: .milliseconds(300))
            _ = try await api.createCase("return", id: "R-2", data: sevenDayReturn)
            let news = try await waited.json["items"].array
            #expect(news.first?["notification"]["case"] == "R-2")
            #expect(Date().timeIntervalSince(started) < 5)

            for bad in ["after=-1", "after=x", "wait=61", "wait=1m", "limit=0", "cursor=1"] {
                #expect(try await api.get("/v1/feed?\(bad)").status == .badRequest, "\(bad)")
            }
        }
    }
}
