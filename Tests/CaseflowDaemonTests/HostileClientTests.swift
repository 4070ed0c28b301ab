import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What clients and files can send the real daemon without taking it down.
@Suite(.serialized) struct HostileClientTests {
    /// Hundreds of clients that send half a request head, and one that sends half a body, hold
    /// no more than the connection limit, are closed after their timeouts, and `/healthz` keeps
    /// answering meanwhile.
    @Test func slowClientsAreClosedAndHealthzAnswers() throws {
        let directory = try Scratch()
        let port = try #require(freePort())
        let daemon = try DaemonProcess(database: directory.path + "/slow.sqlite", port: port,
                                       arguments: ["--idle-timeout", "1", "--body-timeout", "1", "--max-connections", "64"])
        defer { daemon.stop() }

        var slow: [Int32] = []
        defer { slow.forEach { _ = close($0) } }
        for _ in 0..<300 {
            guard let fd = connectLoopback(port) else { break }
            _ = send(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n")
            slow.append(fd)
        }
        #expect(slow.count == 300, "the kernel queues connections past the limit")
        let bodyClient = try #require(connectLoopback(port))
        defer { _ = close(bodyClient) }
        _ = send(bodyClient, "POST /v1/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"work")

        let started = Date()
        let health = try HTTP.request("GET", daemon.baseURL + "/healthz")
        #expect(health.status == 200)
        #expect(Date().timeIntervalSince(started) < 10)

        // The first of the half-sent heads and the half-sent body are closed by the daemon.
        #expect(closedByPeer(slow[0], within: 10))
        #expect(closedByPeer(bodyClient, within: 10))
    }

    /// A rule whose expression is 18,000 '!' deep, written into a running daemon's rules and
    /// reloaded by SIGHUP and by the API, is refused with its location; the daemon keeps its old
    /// definitions and answers.
    @Test func reloadOfADeepExpressionKeepsTheDaemon() throws {
        let directory = try Scratch()
        let root = DaemonProcess.packageRoot.path
        for folder in ["workflows", "rules"] {
            try FileManager.default.copyItem(atPath: root + "/" + folder, toPath: directory.path + "/" + folder)
        }
        let port = try #require(freePort())
        let log = directory.path + "/daemon.log"
        let daemon = try DaemonProcess(database: directory.path + "/reload.sqlite", port: port, definitions: directory.path, log: log)
        defer { daemon.stop() }

        let rule = "ruleset: test/deep\nfields: {order.channel: string}\nrules:\n  deep:\n    title: deep\n    basis: test\n    when: \""
            + String(repeating: "!", count: 18_000) + "(order.channel == 'online')\"\n"
        try rule.write(toFile: directory.path + "/rules/deep.yaml", atomically: true, encoding: .utf8)

        kill(daemon.process.processIdentifier, SIGHUP)
        Thread.sleep(forTimeInterval: 1)
        #expect(daemon.process.isRunning)
        #expect(try HTTP.request("GET", daemon.baseURL + "/healthz").status == 200)

        let reload = try HTTP.request("POST", daemon.baseURL + "/v1/admin/reload")
        #expect(reload.status == 422)
        let message = String(decoding: reload.body, as: UTF8.self)
        #expect(message.contains("deep.yaml:7:"), "\(message)")
        #expect(message.contains("levels deep"), "\(message)")
        #expect(daemon.process.isRunning)
        #expect(try HTTP.request("GET", daemon.baseURL + "/v1/workflows").status == 200)
        // Both refusals are in the log, said alike: the signal's and the API's.
        let logged = try String(contentsOfFile: log, encoding: .utf8)
        #expect(logged.components(separatedBy: "reload refused, keeping the old definitions").count - 1 == 2, "\(logged.suffix(2_000))")
        #expect(logged.contains("deep.yaml:7:"))
    }
}

/// A temporary folder, removed when the value goes.
final class Scratch {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "caseflow-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

func connectLoopback(_ port: Int) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { _ = close(fd); return nil }
    return fd
}

func send(_ fd: Int32, _ text: String) -> Int {
    Array(text.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
}

/// Whether the peer closes the socket (a read returns end of file or a reset) within `seconds`;
/// whatever it sends first (an error answer) is read past.
func closedByPeer(_ fd: Int32, within seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    var buffer = [UInt8](repeating: 0, count: 4096)
    while Date() < deadline {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 200) >= 0 else { return false }
        if poller.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return true }
        }
    }
    return false
}
