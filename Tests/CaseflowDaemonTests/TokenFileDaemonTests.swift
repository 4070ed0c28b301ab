import Foundation
import Testing

/// The token file as an operator uses it: `caseflow tokens add` prints a token once and keeps
/// its hash; the daemon started with `--tokens` takes it with its role; a malformed file stops
/// the daemon at start, naming the line.
@Suite struct TokenFileDaemonTests {
    func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = DaemonProcess.binary
        process.arguments = arguments
        process.environment = [:]
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile(), error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self))
    }

    @Test func tokensAddedByTheCLIWorkWithTheirRoles() throws {
        let directory = try Scratch()
        let file = directory.path + "/caseflow.tokens"
        let reader = try run(["tokens", "add", "dashboard", "--role", "reader", "--file", file])
        #expect(reader.status == 0)
        let readerToken = reader.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let integrator = try run(["tokens", "add", "crm", "--role", "integrator", "--file", file])
        let integratorToken = integrator.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!text.contains(readerToken) && !text.contains(integratorToken), "the file keeps hashes only")
        #expect(text.split(separator: "\n").map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == ["dashboard reader", "crm integrator"])
        #expect(try run(["tokens", "add", "crm", "--role", "agent", "--file", file]).status == 1, "names are unique")

        let port = try #require(freePort())
        let daemon = try DaemonProcess(database: directory.path + "/t.sqlite", port: port, arguments: ["--tokens", file])
        defer { daemon.stop() }
        #expect(try HTTP.request("GET", daemon.baseURL + "/v1/workflows").status == 401)
        #expect(try HTTP.request("GET", daemon.baseURL + "/v1/workflows", token: readerToken).status == 200)
        let body: [String: Any] = ["workflow": "return", "data": [:] as [String: Any]]
        #expect(try HTTP.request("POST", daemon.baseURL + "/v1/cases", body, token: readerToken).status == 403)
        #expect(try HTTP.request("POST", daemon.baseURL + "/v1/cases", body, token: integratorToken).status == 422, "past the role check, refused by the schema")
    }

    @Test func aMalformedTokenFileStopsTheDaemonNamingTheLine() throws {
        let directory = try Scratch()
        let file = directory.path + "/bad.tokens"
        try "# ops\ncrm integrator not-a-hash\n".write(toFile: file, atomically: true, encoding: .utf8)
        let root = DaemonProcess.packageRoot.path
        let started = try run(["serve", "--port", "0", "--database", directory.path + "/bad.sqlite", "--tokens", file,
                               "--workflows", root + "/workflows", "--rules", root + "/rules"])
        #expect(started.status == 1)
        #expect(started.error.contains("\(file):2: 'not-a-hash' is not a SHA-256 in hex"), "\(started.error)")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/bad.sqlite"), "no database made for nothing")
    }
}
