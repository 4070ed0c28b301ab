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

    init(database: String, port: Int) throws {
        self.port = port
        baseURL = "http://127.0.0.1:\(port)"
        let root = Self.packageRoot.path
        process.executableURL = Self.binary
        process.arguments = ["serve", "--port", String(port), "--database", database,
                             "--workflows", root + "/workflows", "--rules", root + "/rules"]
        process.environment = ["CASEFLOW_TOKEN": ""]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
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

    static func request(_ method: String, _ url: String, _ body: [String: Any]? = nil) throws -> Reply {
        guard let target = URL(string: url) else { throw Failure(message: "bad URL \(url)") }
        var request = URLRequest(url: target)
        request.httpMethod = method
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
