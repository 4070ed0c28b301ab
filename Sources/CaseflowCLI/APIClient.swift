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

    var baseURL: String {
        (server ?? ProcessInfo.processInfo.environment["CASEFLOW_URL"] ?? "http://127.0.0.1:8080").trimmingSuffix("/")
    }

    /// Sends a request and prints the JSON answer; a 4xx/5xx prints the error and exits 1.
    func call(_ method: String, _ path: String, body: [String: Any]? = nil) throws {
        guard let url = URL(string: baseURL + path) else { throw ValidationError("bad server URL '\(baseURL)'") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let token = token ?? ProcessInfo.processInfo.environment["CASEFLOW_TOKEN"], !token.isEmpty {
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
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
        if let error = result.2 {
            standardError("cannot reach the daemon at \(baseURL): \(error.localizedDescription) — is 'caseflow serve' running?\n")
            throw ExitCode(1)
        }
        let status = (result.1 as? HTTPURLResponse)?.statusCode ?? 0
        let data = result.0 ?? Data()
        let text = Self.pretty(data)
        if status >= 400 {
            standardError("HTTP \(status): \(text)\n")
            throw ExitCode(1)
        }
        standardOutput(text + "\n")
    }

    static func pretty(_ data: Data) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: data),
              let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) else {
            return String(decoding: data, as: UTF8.self)
        }
        return String(decoding: pretty, as: UTF8.self)
    }
}

/// Reads `--data`: a JSON or YAML file, or inline JSON starting with `{`.
func dataArgument(_ text: String?) throws -> [String: Any] {
    guard let text else { return [:] }
    let raw: Data
    if text.hasPrefix("{") { raw = Data(text.utf8) } else {
        guard let contents = FileManager.default.contents(atPath: text) else { throw ValidationError("cannot read --data file '\(text)'") }
        raw = contents
    }
    if let object = try? JSONSerialization.jsonObject(with: raw) as? [String: Any] { return object }
    // YAML files: read with the same loader as everywhere else.
    do {
        let fields = try CaseData.parse(text: String(decoding: raw, as: UTF8.self), file: text)
        return fields.mapValues(jsonObject)
    } catch {
        throw ValidationError("\(error)")
    }
}

private func jsonObject(_ v: Value) -> Any {
    switch v {
    case .null: return NSNull()
    case .bool(let b): return b
    case .int(let i): return i
    case .uint(let u): return u
    case .double(let d): return d
    case .string(let s): return s
    case .list(let items): return items.map(jsonObject)
    case .map(let m): return Dictionary(m.entries.map { (RuleVerdictText.show($0.key.value).trimmingCharacters(in: CharacterSet(charactersIn: "'")), jsonObject($0.value)) }, uniquingKeysWith: { a, _ in a })
    case .timestamp(let t): return t.rfc3339
    case .duration(let d): return d.text
    default: return v.debugText
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
