import Foundation

/// `caseflow-bench reads`: every documented read of a running daemon, one request at a time on
/// one connection (so each latency is the read's own, not a queue's), `repeats` times each,
/// against a database filled by `populate`. Lists are read with each filter alone and together,
/// the first page and the page after it; a case, its history; `/metrics`.
enum ReadLoad {
    static func run(url: URL, token: String?, repeats: Int) throws -> [String] {
        let connection = try Connection(host: url.host ?? "127.0.0.1", port: UInt16(url.port ?? 8080))
        defer { connection.close() }
        func get(_ path: String) throws -> (status: Int, headers: [String: String], body: String) {
            try connection.request("GET", path, body: nil, token: token)
        }
        // Case ids are populate's: G-0 … G-4999999 for five million.
        var reads = [
            "/v1/cases?limit=50", "/v1/cases?workflow=return&limit=50", "/v1/cases?state=inspecting&limit=50",
            "/v1/cases?state=approved&limit=50", "/v1/cases?workflow=return&state=cancelled&limit=50",
            "/v1/cases/G-4999999", "/v1/cases/G-2500009/history", "/v1/cases/G-1234567/history",
            "/v1/tasks?limit=50", "/v1/tasks?queue=warehouse&status=open&limit=50", "/v1/tasks?queue=logistics&limit=50",
            "/v1/tasks?status=open&limit=50", "/v1/tasks?queue=logistics&status=cancelled&limit=50",
            "/v1/workflows", "/metrics", "/healthz",
        ]
        // The second page of the lists: the cursor each first page gave.
        for path in reads where path.contains("?") && path.hasPrefix("/v1/") {
            let first = try get(path)
            if let next = first.headers["next-cursor"] { reads.append(path + "&cursor=" + next) }
        }
        var lines: [String] = []
        for path in reads {
            var latencies: [Double] = []
            var status = 0
            for _ in 0..<repeats {
                let started = Date()
                let answer = try get(path)
                latencies.append(Date().timeIntervalSince(started))
                status = answer.status
            }
            let sorted = latencies.sorted()
            lines.append(String(format: "read %-72@ %3d  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms", path as NSString, status,
                                sorted.millisecondsAt(quantile: 0.5), sorted.millisecondsAt(quantile: 0.99), (sorted.last ?? 0) * 1000))
        }
        return lines
    }
}
