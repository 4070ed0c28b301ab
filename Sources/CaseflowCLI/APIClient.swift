import ArgumentParser
import CaseflowExpr
import CaseflowModel
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `--server` and `--token`: how the `cases` and `tasks` commands reach a running daemon.
struct ServerOptions: ParsableArguments {
    @Option(help: "The daemon's URL (default: $CASEFLOW_URL or http://127.0.0.1:8080).")
    var server: String?

    @Option(help: "Bearer token (default: $CASEFLOW_TOKEN).")
    var token: String?

    @Option(help: "text (for people: aligned tables, times in the workflow's zone) or json (the API's answer, for scripts).")
    var format: OutputFormat = .text

    /// GETs `path` and prints it: the JSON as is, or what `people` makes of it.
    func show(_ path: String, _ people: (PeopleOutput, Any?) throws -> String) throws {
        let data = try fetch("GET", path)
        guard format == .text else { standardOutput(Self.pretty(data) + "\n"); return }
        let workflows = try? JSONSerialization.jsonObject(with: fetch("GET", "/v1/workflows"))
        standardOutput(try people(PeopleOutput(workflows: workflows), try? JSONSerialization.jsonObject(with: data)))
    }

    var baseURL: String {
        (server ?? ProcessInfo.processInfo.environment["CASEFLOW_URL"] ?? "http://127.0.0.1:8080").trimmingSuffix("/")
    }

    /// Sends a request and prints the JSON answer; a 4xx/5xx prints the error and exits 1.
    func call(_ method: String, _ path: String, body: [String: Value]? = nil) throws {
        standardOutput(Self.pretty(try fetch(method, path, body: body)) + "\n")
    }

    /// Sends a request and returns the answer's body; a 4xx/5xx prints the error and exits 1.
    func fetch(_ method: String, _ path: String, body: [String: Value]? = nil) throws -> Data {
        guard let url = URL(string: baseURL + path) else { throw ValidationError("bad server URL '\(baseURL)'") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let token = token ?? ProcessInfo.processInfo.environment["CASEFLOW_TOKEN"], !token.isEmpty {
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
        if let body {
            request.httpBody = try JSONEncoder().encode(body.mapValues(JSONValue.init))
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Data?, URLResponse?, (any Error)?) = (nil, nil, nil)
        URLSession.shared.dataTask(with: request) { data, response, error in
            result = (data, response, error)
            done.signal()
        }.resume()
        done.wait()
        if let error = result.2 {
            standardError("cannot reach the daemon at \(baseURL): \(error.localizedDescription) — is 'caseflow serve' running?\n")
            throw ExitCode(1)
        }
        let status = (result.1 as? HTTPURLResponse)?.statusCode ?? 0
        let data = result.0 ?? Data()
        if status >= 400 {
            standardError("HTTP \(status): \(Self.pretty(data))\n")
            throw ExitCode(1)
        }
        return data
    }

    static func pretty(_ data: Data) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: data),
              let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) else {
            return String(decoding: data, as: UTF8.self)
        }
        return String(decoding: pretty, as: UTF8.self)
    }
}

/// Reads `--data`: a JSON or YAML file, or inline JSON starting with `{`, as one object value.
func dataArgument(_ text: String?) throws -> Value {
    guard let text else { return .map(CELMap()) }
    do {
        let fields = text.hasPrefix("{") ? try CaseData.parse(text: text, file: "--data") : try CaseData.load(path: text)
        var map = CELMap()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) { map.insert(.string(name), value) }
        return .map(map)
    } catch {
        throw ValidationError("\(error)")
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
