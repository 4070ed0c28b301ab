import ArgumentParser
import Foundation

/// `caseflow feed`: the daemon's notifications in commit order, one JSON object per line
/// (`{"cursor", "notification"}`), to pipe into another system or to watch.
struct FeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Print notifications in commit order, one JSON line each ({\"cursor\", \"notification\"}).",
        discussion: """
            Starts after --after (0: the oldest kept). With --follow it keeps waiting for new ones (a long poll), \
            as 'tail -f' does; stop it with Ctrl-C. A consumer that keeps the last cursor it processed (each line \
            has it) resumes with --after CURSOR after a crash; --cursor-file FILE does that for it.
            """)

    @Option(help: "Print notifications after this cursor (0: from the oldest the daemon keeps).")
    var after: Int64?

    @Option(help: "A file that holds the cursor to start after, rewritten after every page printed.")
    var cursorFile: String?

    @Flag(help: "Keep waiting for new notifications.")
    var follow = false

    @Option(help: "At most this many per request (1 to 1000).")
    var limit = 100

    @OptionGroup var server: ServerOptions

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be from 1 to 1000, not \(limit)") }
        if let after, after < 0 { throw ValidationError("--after must be a cursor the feed gave (0 or more), not \(after)") }
    }

    func run() throws {
        var cursor = after ?? 0
        if after == nil, let cursorFile, let text = try? String(contentsOfFile: cursorFile, encoding: .utf8) {
            guard let saved = Int64(text.trimmingCharacters(in: .whitespacesAndNewlines)), saved >= 0 else {
                throw ValidationError("\(cursorFile) does not hold a cursor (a whole number); remove it to start from the oldest")
            }
            cursor = saved
        }
        while true {
            let wait = follow ? "&wait=25" : ""
            let data = try server.fetch("GET", "/v1/feed?after=\(cursor)&limit=\(limit)\(wait)")
            guard let page = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let items = page["items"] as? [[String: Any]], let next = (page["next"] as? String).flatMap(Int64.init) else {
                standardError("the daemon's feed answered something that is not a feed page\n")
                throw ExitCode(1)
            }
            for item in items {
                let line = try JSONSerialization.data(withJSONObject: item, options: [.sortedKeys, .withoutEscapingSlashes])
                FileHandle.standardOutput.write(line + Data("\n".utf8))
            }
            cursor = next
            if let cursorFile, !items.isEmpty {
                try String(next).write(toFile: cursorFile, atomically: true, encoding: .utf8)
            }
            if !follow && items.count < limit { return }
        }
    }
}

/// `caseflow deliveries …`: webhook deliveries that wait or were given up.
struct DeliveriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries",
        abstract: "List webhook dead letters (or deliveries still retrying) and send them again.",
        subcommands: [List.self, Redeliver.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List deliveries given up (--status dead, the default) or still retrying (--status pending).")
        @Option(help: "dead or pending.") var status = "dead"
        @Option(help: "Only this subscription's.") var subscription: String?
        @OptionGroup var server: ServerOptions
        func run() throws {
            var query = "status=\(status)"
            if let subscription { query += "&subscription=\(subscription.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? subscription)" }
            FileHandle.standardOutput.write(Data((ServerOptions.pretty(try server.fetch("GET", "/v1/deliveries?\(query)")) + "\n").utf8))
        }
    }

    struct Redeliver: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a dead letter again (needs an admin token).")
        @Argument(help: "The delivery's id (from 'caseflow deliveries list').") var id: Int64
        @OptionGroup var server: ServerOptions
        func run() throws {
            try server.call("POST", "/v1/deliveries/\(id)/redeliver")
        }
    }
}
