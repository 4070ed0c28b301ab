import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Issue benchmark through HTTP: running `caseflow serve` daemons (one, or several on one
/// PostgreSQL, the connections spread over them round robin) are sent `clients` concurrent
/// keep-alive connections; first each creates return cases, then each sends `goods_received`
/// to its cases. Reports requests per second and latency percentiles of both phases.
///
/// The client is plain blocking sockets on threads, so it adds as little as possible to what
/// the daemon costs; it shares the machine's cores with the daemon all the same.
enum HTTPLoad {
    static func run(targets: [(host: String, port: UInt16)], token: String?, events: Int, clients: Int, sink: WebhookSink? = nil) throws -> [String] {
        let run = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let data = #"{"customer.id":"C-1","order.id":"SO-1","order.channel":"online","order.delivered_at":"2026-03-02T10:00:00+08:00","product.category":"phone","request.condition":"intact","request.submitted_at":"2026-03-09T23:59:00+08:00"}"#
        let create = try phase(targets: targets, token: token, count: events, clients: clients) { n in
            ("/v1/cases", #"{"workflow":"return","id":"H-\#(run)-\#(n)","at":"2026-03-09T23:59:00+08:00","data":\#(data)}"#)
        }
        let apply = try phase(targets: targets, token: token, count: events, clients: clients) { n in
            ("/v1/cases/H-\(run)-\(n)/events",
             #"{"type":"goods_received","id":"e-\#(n)","at":"2026-03-11T10:00:00+08:00","data":{"received_at":"2026-03-11T10:00:00+08:00"}}"#)
        }
        var lines = [create.line("POST /v1/cases (start a return)", clients), apply.line("POST /v1/cases/{id}/events (goods_received)", clients)]
        if let sink { lines.append(lag(sink, run: run, create: create, apply: apply)) }
        return lines
    }

    /// Waits until the sink has had nothing new for two seconds (at most two minutes), then
    /// the lag of each notification: from the answer to the request whose step made it
    /// (the step had committed by then) to its arrival at the sink.
    static func lag(_ sink: WebhookSink, run: String, create: Result, apply: Result) -> String {
        let waitStart = Date()
        var last = -1
        var quietSince = Date()
        while Date().timeIntervalSince(waitStart) < 120 {
            let count = sink.arrivals.value.count
            if count != last { last = count; quietSince = Date() }
            if Date().timeIntervalSince(quietSince) >= 2 { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        var lags: [Double] = []
        for (id, arrived) in sink.arrivals.value {
            let parts = id.split(separator: "/")
            guard parts.count == 3, let n = Int(parts[0].dropFirst("H-\(run)-".count)), let step = Int(parts[1]) else { continue }
            guard let acked = (step == 1 ? create.acks : apply.acks)[n] else { continue }
            lags.append(arrived.timeIntervalSince(acked))
        }
        let sorted = lags.sorted()
        return String(format: "webhooks: %d notifications delivered (%d requests); lag from the step's answer to delivery p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                      lags.count, sink.requests.value, sorted.millisecondsAt(quantile: 0.5), sorted.millisecondsAt(quantile: 0.99),
                      (sorted.last ?? 0) * 1000)
    }

    struct Result {
        var seconds: Double
        var latencies: [Double]
        var failures: Int
        var firstFailure: String?
        /// When each request (by number) was answered.
        var acks: [Int: Date] = [:]

        func line(_ name: String, _ clients: Int) -> String {
            let sorted = latencies.sorted()
            func ms(_ q: Double) -> Double { sorted.millisecondsAt(quantile: q) }
            var text = String(format: "http %@, %d clients: %d requests in %.2f s = %.0f/s; latency p50 %.2f ms, p99 %.2f ms",
                              name, clients, latencies.count, seconds, Double(latencies.count) / seconds, ms(0.5), ms(0.99))
            if failures > 0 { text += "; \(failures) FAILED (first: \(firstFailure ?? "?"))" }
            return text
        }
    }

    /// Sends `count` requests from `clients` threads, each on its own connection.
    static func phase(targets: [(host: String, port: UInt16)], token: String?, count: Int, clients: Int,
                      request: @escaping @Sendable (Int) -> (path: String, body: String)) throws -> Result {
        let results = Mutexed<[Result]>([])
        let group = DispatchGroup()
        let start = Date()
        for client in 0..<clients {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                var r = Result(seconds: 0, latencies: [], failures: 0)
                do {
                    let target = targets[client % max(1, targets.count)]
                    let connection = try Connection(host: target.host, port: target.port)
                    defer { connection.close() }
                    for n in stride(from: client, to: count, by: clients) {
                        let (path, body) = request(n)
                        let t = Date()
                        let (status, answer) = try connection.post(path, body: body, token: token)
                        let answered = Date()
                        r.latencies.append(answered.timeIntervalSince(t))
                        r.acks[n] = answered
                        if status >= 300 {
                            r.failures += 1
                            if r.firstFailure == nil { r.firstFailure = "\(status) \(answer.prefix(200))" }
                        }
                    }
                } catch {
                    r.failures += 1
                    r.firstFailure = "\(error)"
                }
                results.update { $0.append(r) }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        let seconds = Date().timeIntervalSince(start)
        let all = results.value
        return Result(seconds: seconds, latencies: all.flatMap(\.latencies), failures: all.reduce(0) { $0 + $1.failures },
                      firstFailure: all.compactMap(\.firstFailure).first,
                      acks: all.reduce(into: [:]) { merged, r in merged.merge(r.acks) { a, _ in a } })
    }
}

/// One keep-alive HTTP/1.1 connection over a blocking socket.
final class Connection {
    private let fd: Int32
    private var buffer: [UInt8] = []

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(host: String, port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw Failure(description: "bad IPv4 address \(host)") }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "cannot connect to \(host):\(port) (is `caseflow serve` running?)") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    func close() { _ = Glibc.close(fd) }

    /// Sends a POST with a JSON body; returns the status and the body of the answer.
    func post(_ path: String, body: String, token: String?) throws -> (Int, String) {
        let answer = try request("POST", path, body: body, token: token)
        return (answer.status, answer.body)
    }

    /// Sends one request and reads its answer: status, headers (names in lower case), body.
    func request(_ method: String, _ path: String, body: String?, token: String?) throws -> (status: Int, headers: [String: String], body: String) {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: bench\r\n"
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        let bytes = Array((head + "\r\n" + (body ?? "")).utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send failed") }
            sent += n
        }
        let headerEnd = try readUntilHeaderEnd()
        let header = String(decoding: buffer[..<headerEnd], as: UTF8.self)
        let lines = header.split(separator: "\r\n")
        let status = Int((lines.first ?? "").split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "") ?? 0
        buffer.removeFirst(headerEnd + 4)
        while buffer.count < length { try fill() }
        let answer = String(decoding: buffer[..<length], as: UTF8.self)
        buffer.removeFirst(length)
        return (status, headers, answer)
    }

    private func readUntilHeaderEnd() throws -> Int {
        let marker: [UInt8] = [13, 10, 13, 10]
        var from = 0
        while true {
            if buffer.count >= 4 {
                for i in from...(buffer.count - 4) where buffer[i..<(i + 4)].elementsEqual(marker) { return i }
                from = buffer.count - 3
            }
            try fill()
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { throw Failure(description: "the server closed the connection") }
        buffer.append(contentsOf: chunk[..<n])
    }
}
