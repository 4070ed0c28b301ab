@testable import CaseflowServer
import CaseflowExpr
import CaseflowStore
import Foundation
import Logging
import Testing

/// Retention: closed cases past their workflow's age leave the database for an archive file,
/// and answers to request ids are forgotten after their retention.
@Suite struct RetentionTests {
    @Test func closedCasesPastTheirAgeMoveToTheArchiveAndNothingLiveDoes() async throws {
        let server = try await Server(at: sevenDayReturnStart)
        try await server.run { api in
            for id in ["R-old", "R-open", "R-young"] {
                #expect(try await api.post("/v1/cases", json: ["workflow": "return", "id": .string(id), "data": sevenDayReturn]).status == .created)
            }
            #expect(try await api.post("/v1/cases/R-old/events", json: ["type": "cancel", "id": "c-1"]).status == .ok)
            server.clock.set(time("2026-04-20T10:00:00+08:00"))
            #expect(try await api.post("/v1/cases/R-young/events", json: ["type": "cancel"]).status == .ok)
            let before = try await api.get("/v1/cases/R-old/history").json
            let openTasks = try await server.store.openTasksByQueue(everyQueue: true)

            // 30 days: R-old closed 41 days ago goes; R-young closed today and R-open stay.
            let directory = server.directory.path("archive")
            let archive = CaseArchive(store: server.store, policy: RetentionPolicy(directory: directory, ages: ["return": .seconds(30 * 86_400)]),
                                      clock: server.clock, logger: Logger(label: "test"))
            #expect(try await archive.sweep() == 1)
            #expect(try await archive.sweep() == 0)
            #expect(try await api.get("/v1/cases/R-old").status == .notFound)
            #expect(try await api.get("/v1/cases/R-old/history").status == .notFound)
            #expect(try await api.get("/v1/cases/R-open").json["state"] == "approved")
            #expect(try await api.get("/v1/cases/R-young").json["state"] == "cancelled")
            #expect(try await server.store.tasks(queue: nil, status: nil, limit: 100).allSatisfy { !$0.task.caseID.hasPrefix("R-old") })
            #expect(try await server.store.openTasksByQueue(everyQueue: true) == openTasks)

            // The archive has the case and its whole history, as the API answered them.
            let file = directory + "/" + CaseArchive.fileName(server.clock.now())
            let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 1)
            let line = JSON.parse(Array(lines[0].utf8))
            #expect(line["id"] == "R-old")
            #expect(line["case"]["state"] == "cancelled")
            #expect(line["history"] == before)
        }
    }

    @Test func answersAreForgottenAfterTheirRetentionAndTheRepeatIsStillRecognised() async throws {
        let server = try await Server(at: sevenDayReturnStart)
        try await server.run { api in
            #expect(try await api.post("/v1/cases", json: ["workflow": "return", "id": "R-1", "data": sevenDayReturn]).status == .created)
            let first = try await api.post("/v1/cases/R-1/events", json: ["type": "cancel", "id": "c-1"])
            #expect(try await api.post("/v1/cases/R-1/events", json: ["type": "cancel", "id": "c-1"]).bytes == first.bytes)
            let housekeeping = HousekeepingService(store: server.store, clock: server.clock, keepAnswers: .seconds(3_600), logger: Logger(label: "test"))
            await housekeeping.sweep()
            #expect(try await api.post("/v1/cases/R-1/events", json: ["type": "cancel", "id": "c-1"]).bytes == first.bytes)
            // The store stamps answers with the system clock; a clock two hours on forgets them.
            let later = ManualClock(Timestamp(clamping: Int64(Date().timeIntervalSince1970) + 7_200))
            await HousekeepingService(store: server.store, clock: later, keepAnswers: .seconds(3_600), logger: Logger(label: "test")).sweep()
            let repeated = try await api.post("/v1/cases/R-1/events", json: ["type": "cancel", "id": "c-1"])
            #expect(repeated.status == .ok)
            #expect(repeated.json["duplicate"] == true)
            #expect(try await server.store.history("R-1").count == 2)
        }
    }
}
