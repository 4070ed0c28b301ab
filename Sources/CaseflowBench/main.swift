import Foundation

// caseflow-bench [expr] [--seconds N]: prints one line per benchmark. Build with -c release.
// caseflow-bench generate DIR COUNT [STATES]: writes generated workflows for scripts/bench-validate.
var arguments = Array(CommandLine.arguments.dropFirst())
var seconds = 2.0
var only: String?
var events: Int?
var clients = 64
if let i = arguments.firstIndex(of: "--events"), i + 1 < arguments.count {
    events = Int(arguments[i + 1])
    arguments.removeSubrange(i...(i + 1))
}
if let i = arguments.firstIndex(of: "--clients"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
    clients = n
    arguments.removeSubrange(i...(i + 1))
}
if let i = arguments.firstIndex(of: "--only"), i + 1 < arguments.count {
    only = arguments[i + 1]
    arguments.removeSubrange(i...(i + 1))
}
if let i = arguments.firstIndex(of: "--seconds"), i + 1 < arguments.count, let s = Double(arguments[i + 1]) {
    seconds = s
    arguments.removeSubrange(i...(i + 1))
}
if arguments.first == "generate" {
    guard arguments.count >= 3, let count = Int(arguments[2]) else {
        FileHandle.standardError.write(Data("usage: caseflow-bench generate DIR COUNT [STATES]\n".utf8))
        exit(2)
    }
    let states = arguments.count > 3 ? Int(arguments[3]) ?? 20 : 20
    do {
        try WorkflowGenerator.write(to: arguments[1], count: count, states: states)
    } catch {
        FileHandle.standardError.write(Data("cannot write workflows: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
let suites = arguments.isEmpty ? ["expr"] : (arguments.first == "http" ? ["http"] : arguments)
do {
    for suite in suites {
        switch suite {
        case "expr":
            for m in try ExpressionBenchmark.run(seconds: seconds, only: only) { print(m.line) }
        case "store":
            for line in try StoreBenchmark.run(events: events ?? 20_000, clients: clients, only: only) { print(line) }
        case "http":
            // caseflow-bench http [--url http://127.0.0.1:8080] [--token T] [--events N] [--clients N]
            var host = "127.0.0.1", port: UInt16 = 8080, token: String?
            if let i = arguments.firstIndex(of: "--url"), i + 1 < arguments.count, let url = URL(string: arguments[i + 1]) {
                host = url.host ?? host
                port = UInt16(url.port ?? 8080)
            }
            if let i = arguments.firstIndex(of: "--token"), i + 1 < arguments.count { token = arguments[i + 1] }
            for line in try HTTPLoad.run(host: host, port: port, token: token, events: events ?? 20_000, clients: clients) { print(line) }
            exit(0)
        case "engine":
            let results = try EngineBenchmark.run(seconds: seconds, only: only)
            for m in results { print(m.line) }
            if results.count == 2 { print(String(format: "ratio: the baseline is %.1f× faster", results[1].perSecond / results[0].perSecond)) }
        default:
            FileHandle.standardError.write(Data("unknown benchmark '\(suite)'; known: expr, engine, store, http\n".utf8))
            exit(2)
        }
    }
} catch {
    FileHandle.standardError.write(Data("benchmark failed: \(error)\n".utf8))
    exit(1)
}
