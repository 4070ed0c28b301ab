import CaseflowPostgres
import CaseflowStore
import Foundation

// caseflow-bench [expr|engine|store]... [--seconds N] [--only NAME|N] [--events N] [--clients N] [--cached N]
// caseflow-bench store --database postgres://USER:PASSWORD@HOST:PORT/DB: the same on PostgreSQL
//   (the user must be able to create databases; each part gets a fresh one)
// caseflow-bench http [--url http://127.0.0.1:8080[,http://…]] [--token T] [--events N] [--clients N] [--sink PORT]
//   (several URLs: the connections are spread over the daemons, round robin)
// caseflow-bench populate --database PATH|postgres://… [--cases 5000000]: return cases written
//   straight into a store's tables (for the read benchmark)
// caseflow-bench reads [--url http://127.0.0.1:8080] [--token T] [--repeats 200]: every
//   documented read of a daemon on a populated database, one at a time
// caseflow-bench kpi --database PATH [--cases 1000000] [--repeats 5]: the service-quality report over
//   that many cases' report rows (written by SQL when the file has fewer)
// caseflow-bench generate DIR COUNT [STATES]: writes generated workflows for scripts/bench-validate.
// Prints one line per measurement. Build with -c release and run from the repository root.
var arguments = Array(CommandLine.arguments.dropFirst())

/// Removes `--name VALUE` from the arguments and returns the value.
@MainActor func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(i...(i + 1)) }
    return arguments[i + 1]
}

func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(status)
}

let seconds = option("--seconds").flatMap(Double.init) ?? 2.0
let only = option("--only")
let events = option("--events").flatMap(Int.init) ?? 20_000
let clients = option("--clients").flatMap(Int.init) ?? 64
/// How many cases the store keeps decoded (its default unless given): fewer than `--events`
/// measures events on cases it must read from the file first.
let cached = option("--cached").flatMap(Int.init)
let urls = (option("--url") ?? "http://127.0.0.1:8080").split(separator: ",").compactMap { URL(string: String($0)) }
let database = option("--database")
let token = option("--token")
let cases = option("--cases").flatMap(Int.init) ?? 5_000_000
let repeats = option("--repeats").flatMap(Int.init) ?? 200
/// `http --sink PORT`: a webhook receiver on loopback for the daemon's deliveries (subscribe it
/// with a subscriptions file), to measure the delivery lag.
let sinkPort = option("--sink").flatMap(UInt16.init)

if arguments.first == "generate" {
    guard arguments.count >= 3, let count = Int(arguments[2]) else { fail("usage: caseflow-bench generate DIR COUNT [STATES]", status: 2) }
    let states = arguments.count > 3 ? Int(arguments[3]) ?? 20 : 20
    do { try WorkflowGenerator.write(to: arguments[1], count: count, states: states) } catch {
        fail("cannot write workflows: \(error)", status: 1)
    }
    exit(0)
}
do {
    for suite in arguments.isEmpty ? ["expr"] : arguments {
        switch suite {
        case "expr":
            for m in try ExpressionBenchmark.run(seconds: seconds, only: only) { print(m.line) }
        case "store":
            if let database, PostgresURL.isPostgres(database) {
                for line in try PostgresBenchmark.run(admin: PostgresURL(parsing: database), events: events, clients: clients) { print(line) }
            } else {
                for line in try StoreBenchmark.run(events: events, clients: clients, cached: cached, only: only) { print(line) }
            }
        case "http":
            let sink = try sinkPort.map { try WebhookSink(port: $0) }
            let lines = try HTTPLoad.run(targets: urls.map { (host: $0.host ?? "127.0.0.1", port: UInt16($0.port ?? 8080)) }, token: token,
                                         events: events, clients: clients, sink: sink)
            for line in lines { print(line) }
        case "populate":
            guard let database else { fail("usage: caseflow-bench populate --database PATH|postgres://… [--cases N]", status: 2) }
            for line in try Populate.run(database: database, cases: cases) { print(line) }
        case "kpi":
            guard let database else { fail("usage: caseflow-bench kpi --database PATH [--cases 1000000] [--repeats 5]", status: 2) }
            for line in try KPIBenchmark.run(database: database, cases: CommandLine.arguments.contains("--cases") ? cases : 1_000_000,
                                             repeats: CommandLine.arguments.contains("--repeats") ? repeats : 5) { print(line) }
        case "reads":
            for line in try ReadLoad.run(url: urls[0], token: token, repeats: repeats) { print(line) }
        case "engine":
            let results = try EngineBenchmark.run(seconds: seconds, only: only)
            for m in results { print(m.line) }
            if results.count == 2 { print(String(format: "ratio: the baseline is %.1f× faster", results[1].perSecond / results[0].perSecond)) }
        default:
            fail("unknown benchmark '\(suite)'; known: expr, engine, store, http, populate, reads, kpi, generate", status: 2)
        }
    }
} catch {
    fail("benchmark failed: \(error)", status: 1)
}
