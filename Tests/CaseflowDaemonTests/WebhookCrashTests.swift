import Foundation
import Testing

/// The outbox survives a SIGKILL: notifications committed while the receiver was down are
/// delivered after the daemon restarts, each at least once and in order per case, and the feed
/// resumes after a cursor taken before the kill.
@Suite(.serialized) struct WebhookCrashTests {
    /// A receiver in Python on loopback: each request's body as one line of `log`, answered 200.
    static let receiver = """
        import http.server, sys
        log = open(sys.argv[2], "ab", buffering=0)
        class Hook(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                log.write(body + b"\\n")
                self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
            def log_message(self, *args): pass
        http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
        """

    @Test func aKillBetweenCommitAndDeliveryLosesNothing() throws {
        let directory = try Scratch()
        let hookPort = freePort() ?? 24_000 + Int.random(in: 0..<10_000)
        let subscriptions = directory.path + "/subscriptions.yaml"
        try """
            subscriptions:
              - name: crm
                url: http://127.0.0.1:\(hookPort)/hook
                secret: crash-test-secret-0123456789
                timeout: 1s
                backoff: {first: 100ms, max: 500ms}
            """.write(toFile: subscriptions, atomically: true, encoding: .utf8)
        let database = directory.path + "/cases.sqlite"
        var daemon = try DaemonProcess(database: database, port: freePort() ?? 23_000 + Int.random(in: 0..<20_000),
                                       arguments: ["--subscriptions", subscriptions])
        var base = daemon.baseURL
        for n in 0..<12 {
            let created = try HTTP.request("POST", base + "/v1/cases", ["id": "R-\(n)", "workflow": "return", "data": [
                "customer.id": "C-\(n)", "order.id": "SO-\(n)", "order.channel": "store", "order.delivered_at": "2026-03-02T10:00:00+08:00",
                "product.category": "clothing", "request.condition": "intact", "request.submitted_at": "2026-03-04T10:00:00+08:00"]])
            #expect(created.status == 201)
        }
        let before = try feed(base, after: 0)
        #expect(before.count >= 36)
        let middle = before[before.count / 2].cursor
        daemon.kill()

        let log = directory.path + "/received.log"
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", Self.receiver, String(hookPort), log]
        try python.run()
        // SIGKILL: the test process may block SIGTERM, and a child inherits its signal mask.
        defer { kill(python.processIdentifier, SIGKILL); python.waitUntilExit() }

        daemon = try DaemonProcess(database: database, port: freePort() ?? 43_000 + Int.random(in: 0..<20_000),
                                   arguments: ["--subscriptions", subscriptions])
        defer { daemon.stop() }
        base = daemon.baseURL
        // The feed resumes after the cursor with exactly what followed it before the kill.
        #expect(try feed(base, after: middle).map(\.id) == before.filter { $0.cursor > middle }.map(\.id))

        let wanted = Set(before.map(\.id))
        var received: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(90)
        repeat {
            Thread.sleep(forTimeInterval: 0.3)
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            received = text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        } while Date() < deadline && !wanted.isSubset(of: Set(received.compactMap { $0["id"] as? String }))
        let ids = received.compactMap { $0["id"] as? String }
        #expect(wanted.isSubset(of: Set(ids)), "never delivered: \(wanted.subtracting(ids).sorted())")
        for n in 0..<12 {
            let order = ids.filter { $0.hasPrefix("R-\(n)/") }.map { $0.split(separator: "/").dropFirst().compactMap { Int($0) } }
            #expect(order == order.sorted { $0.lexicographicallyPrecedes($1) }, "R-\(n) arrived out of order: \(order)")
        }
    }

    struct Item {
        var cursor: Int64
        var id: String
    }

    func feed(_ base: String, after: Int64) throws -> [Item] {
        var items: [Item] = [], cursor = after
        while true {
            let page = try HTTP.request("GET", base + "/v1/feed?after=\(cursor)&limit=1000").json as? [String: Any] ?? [:]
            let batch = (page["items"] as? [[String: Any]] ?? []).compactMap { item -> Item? in
                guard let c = (item["cursor"] as? String).flatMap(Int64.init), let id = (item["notification"] as? [String: Any])?["id"] as? String else { return nil }
                return Item(cursor: c, id: id)
            }
            items += batch
            guard let next = (page["next"] as? String).flatMap(Int64.init), !batch.isEmpty else { return items }
            cursor = next
        }
    }
}
