@testable import CaseflowServer
import CaseflowTestSupport
import Foundation
import Testing

/// 一人一档: cases found by the vocabulary's search fields (customer, order, serial) with the
/// other filters, and a customer's whole history, children linked, in one call.
@Suite struct CustomerHistoryTests {
    @Test func casesAreFoundByCustomerOrderAndSerialWithTheOtherFilters() async throws {
        let server = try await Server(at: storeReturnStart)
        try await server.run { api in
            _ = try await api.createCase("return", id: "R-1", data: storeReturn)
            _ = try await api.createCase("return", id: "R-2", data: with(storeReturn, ["customer.id": "C-41", "order.id": "SO-41"]))
            server.clock.set(time("2026-03-05T10:00:00+08:00"))
            _ = try await api.createCase("return", id: "R-3", data: with(storeReturn, ["product.serial": "SN-9"]))
            _ = try await api.event("R-1", "cancel")
            func ids(_ query: String) async throws -> [String] {
                let reply = try await api.get("/v1/cases?\(query)")
                #expect(reply.status == .ok, "\(query): \(reply)")
                return reply.json.array.compactMap { $0["id"].string }
            }
            #expect(try await ids("customer=C-40") == ["R-1", "R-3"])
            #expect(try await ids("order=SO-41") == ["R-2"])
            #expect(try await ids("serial=SN-9") == ["R-3"])
            #expect(try await ids("customer=C-40&open=true") == ["R-3"])
            #expect(try await ids("customer=C-40&open=false") == ["R-1"])
            #expect(try await ids("created_after=2026-03-05T00:00:00%2B08:00") == ["R-3"])
            #expect(try await ids("created_before=2026-03-05T00:00:00%2B08:00&workflow=return") == ["R-1", "R-2"])
            #expect(try await ids("customer=C-40&state=cancelled") == ["R-1"])
            #expect(try await ids("customer=nobody") == [])
            for (query, field) in [("open=yes", "open"), ("created_after=monday", "created_after"), ("customer=", "customer"), ("phone=1", "phone")] {
                let bad = try await api.get("/v1/cases?\(query)")
                #expect(bad.status == .badRequest, "\(query): \(bad)")
                #expect(bad.error["field"] == .string(field), "\(query): \(bad)")
            }
            // An erased customer is no longer found by their id.
            #expect(try await api.post("/v1/customers/C-41/erase").status == .ok)
            #expect(try await ids("customer=C-41") == [])
            #expect(try await ids("order=SO-41") == [])
        }
    }

    @Test func aCustomersWholeHistoryComesInOneCallWithChildrenLinked() async throws {
        let server = try await Server(files: ["workflows/support.yaml": supportWorkflow, "workflows/fix.yaml": fixWorkflow])
        try await server.run { api in
            _ = try await api.createCase("support", id: "S-1", data: ["customer.id": "C-7", "ticket.topic": "no power"])
            _ = try await api.complete("S-1", task: "diagnose", "needs_fix")
            await server.tick(at: "2026-03-02T09:00:00+08:00")
            _ = try await api.createCase("support", id: "S-2", data: ["customer.id": "C-8", "ticket.topic": "noise"])
            let reply = try await api.get("/v1/customers/C-7/cases")
            #expect(reply.status == .ok, "\(reply)")
            #expect(reply.json["customer"] == "C-7")
            let cases = reply.json["cases"].array
            #expect(cases.map { $0["workflow"] } == ["support", "fix"])
            let child = try #require(cases.last)
            #expect(child["parent"] == "S-1")
            #expect(cases.first?["children"].array.first?["id"] == child["id"])
            #expect(try await api.get("/v1/customers/C-9/cases").status == .notFound)
        }
    }
}
