import CaseflowServer
import Foundation
import GRDB
import Testing

/// Erasure of a customer's personal data through the API: nothing of it stays in the database
/// file, and the rest of the audit does.
@Suite struct ErasureTests {
    /// Values only the erased customer's cases hold, searched for in the file's bytes.
    static let name = "Zhang-San-ERASEME-名字", customer = "C-ERASEME-42", order = "SO-ERASEME-7"

    static func data(customer: String, name: String, order: String) -> JSON {
        ["customer.id": .string(customer), "customer.name": .string(name), "order.id": .string(order), "order.channel": "online",
         "order.delivered_at": "2026-03-02T10:00:00+08:00", "product.category": "phone",
         "request.condition": "intact", "request.submitted_at": "2026-03-09T23:59:00+08:00"]
    }

    /// The yes/no results of every reason of a history, in order.
    static func decisions(_ history: [JSON]) -> [JSON] {
        var found: [JSON] = []
        for step in history {
            for reason in step["reasons"].array where reason["result"] == true || reason["result"] == false { found.append(reason["result"]) }
        }
        return found
    }

    @Test func erasureLeavesNoPersonalValueInTheFileAndKeepsTheDecisions() async throws {
        let server = try await Server(at: sevenDayReturnStart)
        try await server.run { api in
            let mine = Self.data(customer: Self.customer, name: Self.name, order: Self.order)
            #expect(try await api.post("/v1/cases", json: ["workflow": "return", "id": "R-1", "data": mine]).status == .created)
            #expect(try await api.post("/v1/cases", json: ["workflow": "return", "id": "R-2", "data": mine]).status == .created)
            let other = Self.data(customer: "C-KEEP-1", name: "Li-Si-KEEPME", order: "SO-KEEP-1")
            #expect(try await api.post("/v1/cases", json: ["workflow": "return", "id": "R-3", "data": other]).status == .created)
            server.clock.set(time("2026-03-11T10:00:00+08:00"))
            let received = try await api.post("/v1/cases/R-1/events", json: ["type": "goods_received", "id": "wms-1",
                                                                              "data": ["received_at": "2026-03-11T09:30:00+08:00"]])
            #expect(received.status == .ok)
            #expect(received.text.contains(Self.order) || received.text.contains("inspect"))
            let before = try await api.get("/v1/cases/R-1/history").json

            let erased = try await api.post("/v1/customers/\(Self.customer)/erase")
            #expect(erased.status == .ok, "\(erased)")
            #expect(erased.json["erased"] == ["R-1", "R-2"])
            #expect(erased.json["fields"].array.contains("customer.name"))
            // Erasing again finds nothing: the customer's id is gone too.
            #expect(try await api.post("/v1/customers/\(Self.customer)/erase").status == .notFound)

            let c = try await api.get("/v1/cases/R-1").json
            #expect(c["data"]["customer.name"] == "[erased]")
            #expect(c["data"]["customer.id"] == "[erased]")
            #expect(c["data"]["order.id"] == "[erased]")
            #expect(c["data"]["product.category"] == "phone")
            #expect(c["state"] == "inspecting")
            let after = try await api.get("/v1/cases/R-1/history").json
            let steps = after.array
            #expect(steps.count == before.array.count + 1)
            #expect(steps.last?["event"] == "personal_data_erased")
            // The decisions stay: every state and every yes/no result is as before.
            let kept: [JSON] = Array(steps.dropLast())
            #expect(kept.map { $0["to"] } == before.array.map { $0["to"] })
            #expect(Self.decisions(kept) == Self.decisions(before.array))
            #expect(!after.description.contains(Self.name) && !after.description.contains(Self.order))
            // The stored answer of the event id is forgotten; the id is still recognised.
            let repeated = try await api.post("/v1/cases/R-1/events", json: ["type": "goods_received", "id": "wms-1",
                                                                              "data": ["received_at": "2026-03-11T09:30:00+08:00"]])
            #expect(repeated.json["duplicate"] == true)
            #expect(try await api.get("/v1/cases/R-3").json["data"]["customer.name"] == "Li-Si-KEEPME")
        }
        try await server.store.close()
        // The log folded into the file: what a copy of the disk would hold. Freed space is
        // zeroed as it is freed (secure_delete), so this holds before any VACUUM, and after.
        let path = server.directory.path("cases.sqlite")
        for compact in [false, true] {
            let db = try DatabaseQueue(path: path)
            try await db.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                if compact { try db.execute(sql: "VACUUM") }
            }
            try db.close()
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            if let wal = try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")) { bytes.append(wal) }
            for secret in [Self.name, Self.customer, Self.order] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) is still in the file (VACUUM: \(compact))")
            }
            #expect(bytes.range(of: Data("Li-Si-KEEPME".utf8)) != nil, "the search does not find what it should")
        }
    }
}
