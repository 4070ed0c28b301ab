import ArgumentParser
import CaseflowExpr
import CaseflowJSON
import CaseflowModel
import CaseflowReport
import CaseflowServer
import CaseflowStore
import Foundation
import Logging

/// `caseflow report`: the service-quality KPIs of a database, read directly (the daemon may be
/// running: SQLite readers and PostgreSQL sessions do not get in its way).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Service-quality KPIs from the cases' history: volume, first response, resolution, SLAs, FCR, reopen rate, CSAT, NPS, closed loop.",
        discussion: """
            Counts each fact in the period of its moment: cases opened, closed, first answered and resolved in \
            [--from, --to), SLAs met or breached then, scores given then. --by groups by any of workflow, queue, \
            channel, tier, assignee and one of day, week, month (in --zone: a Shanghai day, not a UTC day). \
            The README defines every measure.
            """)

    @Option(help: "SQLite database file, or postgres://USER:PASSWORD@HOST:PORT/DB (default: $CASEFLOW_DATABASE, else caseflow.sqlite).")
    var database: String?

    @Option(help: "Start of the report: a date (2026-11-01, midnight in --zone) or an RFC 3339 time (default: 30 days before --to).")
    var from: String?

    @Option(help: "End of the report, not included (default: now).")
    var to: String?

    @Option(help: "Group by, comma-separated: workflow, queue, channel, tier, assignee, and one of day, week, month.")
    var by: String?

    @Option(help: "Time zone of days, weeks and months (default: the zone most workflows in --workflows name, else UTC).")
    var zone: String?

    @Option(help: "text, json, csv or html.")
    var format = "text"

    @Option(help: "Write the report to this file rather than standard output.")
    var output: String?

    @Option(help: "Directory of workflow files, for the default zone.")
    var workflows = "workflows"

    func validate() throws {
        guard ["text", "json", "csv", "html"].contains(format) else {
            throw ValidationError("--format must be text, json, csv or html, not '\(format)'")
        }
    }

    func run() async throws {
        let database = database ?? ProcessInfo.processInfo.environment["CASEFLOW_DATABASE"].flatMap { $0.isEmpty ? nil : $0 } ?? "caseflow.sqlite"
        if !Daemon.isPostgres(database), !FileManager.default.fileExists(atPath: database) {
            standardError("error: no database at \(database); pass --database with the file the daemon uses (caseflow serve --database)\n")
            throw ExitCode(2)
        }
        var zones: [String?] = []
        if zone == nil, FileManager.default.fileExists(atPath: workflows) {
            // Only the zones are wanted: what else the files say is `caseflow validate`'s business.
            zones = DefinitionCheck.run(paths: [workflows]).definitions.workflows.map(\.timezone)
        }
        let query: KPIQuery
        do throws(KPIQueryError) {
            query = try KPIQuery.parse(from: from, to: to, by: by, zone: zone, defaultZone: KPIReports.defaultZone(zones),
                                       now: Timestamp(clamping: Int64(Date().timeIntervalSince1970)))
        } catch {
            throw ValidationError("--\(error.part.rawValue) \(error.message)")
        }
        var logger = Logger(label: "caseflow")
        logger.logLevel = .warning
        let rows: KPIRows
        switch await Self.rows(database, query, logger: logger) {
        case .success(let read): rows = read
        case .failure(let error):
            standardError("error: \(error.message)\n")
            throw ExitCode(1)
        }
        let report: KPIReport
        do throws(KPIQueryError) { report = try KPIReport.build(query, rows) } catch {
            throw ValidationError("--\(error.part.rawValue) \(error.message)")
        }
        let text: String
        switch format {
        case "json": text = String(decoding: JSONWriter.kpiReport(report), as: UTF8.self) + "\n"
        case "csv": text = KPICSVReport.render(report)
        case "html": text = KPIHTMLReport.render(report)
        default: text = KPITextReport.render(report)
        }
        if let output {
            do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                standardError("error: cannot write \(output): \(error.localizedDescription)\n")
                throw ExitCode(2)
            }
        } else {
            standardOutput(text)
        }
    }

    /// Reads the report's rows. The store is opened as the daemon opens it, a second reader
    /// beside a running one, and not closed with a checkpoint, which would make the daemon's
    /// writers wait.
    static func rows(_ database: String, _ query: KPIQuery, logger: Logger) async -> Result<KPIRows, StoreError> {
        do throws(StoreError) {
            let store = try await Daemon.openStore(database, logger: logger)
            return .success(try await store.kpiRows(for: query))
        } catch {
            return .failure(error)
        }
    }
}
