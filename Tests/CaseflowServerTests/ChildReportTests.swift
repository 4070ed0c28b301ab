@testable import CaseflowServer
import CaseflowTestSupport
import Foundation
import Testing

/// Child cases that report back: a support case starts a repair and waits; when the repair
/// closes, the support case receives `fix_done` with the repair's final state and result, in
/// the same transaction, once; the support case lists its children.
@Suite struct ChildReportTests {
    func start(_ server: Server, _ api: API, _ id: String) async throws -> String {
        _ = try await api.createCase("support", id: id, data: ["customer.id": "C-7", "ticket.topic": "no power"])
        _ = try await api.complete(id, task: "diagnose", "needs_fix")
        await server.tick(at: "2026-03-02T09:00:00+08:00")
        let children = try await api.caseJSON(id)["children"].array
        try #require(children.count == 1)
        #expect(children[0]["workflow"] == "fix")
        #expect(children[0]["state"] == "working")
        #expect(children[0]["closed"] == false)
        return try #require(children[0]["id"].string)
    }

    @Test func theParentContinuesWhenItsChildCloses() async throws {
        let server = try await Server(files: ["workflows/support.yaml": supportWorkflow, "workflows/fix.yaml": fixWorkflow])
        try await server.run { api in
            let child = try await start(server, api, "S-1")
            #expect(try await api.caseJSON(child)["parent"] == "S-1")
            #expect(try await api.caseJSON("S-1")["state"] == "fixing")
            _ = try await api.complete(child, task: "repair_it", "fixed")
            let parent = try await api.caseJSON("S-1")
            #expect(parent["state"] == "done")
            #expect(parent["data"]["ticket.topic"] == "no power (replaced the board)")
            #expect(parent["children"].array.first?["state"] == "fixed")
            #expect(parent["children"].array.first?["closed"] == true)
            let events = try await api.history("S-1").map { $0["event"] }
            #expect(events.filter { $0 == "fix_done" }.count == 1)
            #expect(events.last == "fix_done")
        }
    }

    @Test func aFailedChildSendsItsFinalStateAndTheParentChoosesAnotherWay() async throws {
        let server = try await Server(files: ["workflows/support.yaml": supportWorkflow, "workflows/fix.yaml": fixWorkflow])
        try await server.run { api in
            let child = try await start(server, api, "S-2")
            _ = try await api.complete(child, task: "repair_it", "failed")
            #expect(try await api.caseJSON("S-2")["state"] == "triage")
            // After a restart the parent's list still shows the child, from the database.
            let restarted = try await Server(restarting: server)
            try await restarted.run { api in
                let listed = try await api.caseJSON("S-2")["children"].array
                #expect(listed.map { $0["state"] } == ["broken"])
            }
        }
    }

    @Test func aWithdrawnParentCancelsItsChildrenStartedOrNot() async throws {
        let server = try await Server(files: ["workflows/support.yaml": supportWorkflow, "workflows/fix.yaml": fixWorkflow])
        try await server.run { api in
            let child = try await start(server, api, "S-3")
            _ = try await api.event("S-3", "withdraw")
            #expect(try await api.caseJSON("S-3")["state"] == "withdrawn")
            #expect(try await api.caseJSON(child)["state"] == "cancelled")
            #expect(try await api.history(child).last?["event"] == "cancel")
            // A child not started yet is dropped with its schedule.
            _ = try await api.createCase("support", id: "S-4", data: ["customer.id": "C-7", "ticket.topic": "noise"])
            _ = try await api.complete("S-4", task: "diagnose", "needs_fix")
            #expect(try await api.caseJSON("S-4")["children"].array.count == 1)
            _ = try await api.event("S-4", "withdraw")
            #expect(try await api.caseJSON("S-4")["children"].array.isEmpty)
            #expect(await server.tick(at: "2026-03-02T09:00:00+08:00") == 0)
        }
    }
}
