import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real `caseflow serve` binary running as a child process on a loopback port, for tests
/// that must kill it.
final class DaemonProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    let baseURL: String

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var binary: URL { packageRoot.appendingPathComponent(".build/debug/caseflow") }

    /// Starts the daemon on the shipped definitions, or on copies in `definitions` (a folder
    /// holding `workflows/` and `rules/`), with `arguments` added to its command line; its log
    /// (standard error) goes to the file `log` when given.
    init(database: String, port: Int, definitions: String? = nil, arguments: [String] = [], log: String? = nil) throws {
        self.port = port
        baseURL = "http://127.0.0.1:\(port)"
        let root = definitions ?? Self.packageRoot.path
        process.executableURL = Self.binary
        process.arguments = ["serve", "--port", String(port), "--database", database,
                             "--workflows", root + "/workflows", "--rules", root + "/rules"] + arguments
        process.environment = ["CASEFLOW_TOKEN": ""]
        process.standardOutput = FileHandle.nullDevice
        if let log, FileManager.default.createFile(atPath: log, contents: nil), let handle = FileHandle(forWritingAtPath: log) {
            process.standardError = handle
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if (try? HTTP.request("GET", baseURL + "/healthz").status) == 200 { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        kill()
        throw HTTP.Failure(message: "the daemon did not answer /healthz within 30 s")
    }

    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// SIGTERM, then SIGKILL if the daemon has not exited within ten seconds.
    func stop() {
        if process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        kill()
    }

    deinit {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }
}

/// A minimal blocking HTTP client over URLSession.
enum HTTP {
    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    struct Reply {
        let status: Int
        let json: Any?
        let body: Data
    }

    static func request(_ method: String, _ url: String, _ body: [String: Any]? = nil, token: String? = nil) throws -> Reply {
        guard let target = URL(string: url) else { throw Failure(message: "bad URL \(url)") }
        var request = URLRequest(url: target)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        request.timeoutInterval = 10
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Data?, URLResponse?, (any Error)?) = (nil, nil, nil)
        URLSession.shared.dataTask(with: request) { data, response, error in
            result = (data, response, error)
            done.signal()
        }.resume()
        done.wait()
        if let error = result.2 { throw Failure(message: "\(method) \(url): \(error.localizedDescription)") }
        let data = result.0 ?? Data()
        return Reply(status: (result.1 as? HTTPURLResponse)?.statusCode ?? 0, json: try? JSONSerialization.jsonObject(with: data), body: data)
    }
}

/// A loopback TCP port that is free now: the kernel picks it for a socket bound to port 0.
func freePort() -> Int? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { return nil }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { return nil }
    return Int(UInt16(bigEndian: address.sin_port))
}
