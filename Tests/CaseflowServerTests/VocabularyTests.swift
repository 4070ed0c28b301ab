import Foundation
import Hummingbird
import Testing

/// The order system's full record: every vocabulary field, nested as its JSON export writes it.
/// Start the clock at `sevenDayReturnStart` (2026-03-09T23:59:00+08:00).
let fullRecord: JSON = [
    "customer": ["id": "C-1", "name": "李雷", "tier": "vip"],
    "order": [
        "id": "SO-1", "channel": "online",
        "paid_at": "2026-03-01T20:00:00+08:00", "invoiced_at": "2026-03-01T20:05:00+08:00",
        "delivered_at": "2026-03-02T10:00:00+08:00", "exclusion_confirmed": false,
        "withdrawal_info_given": true, "exchanged_at": "2026-03-03T12:00:00+08:00",
    ],
    "product": ["sku": "SKU-9", "serial": "SN-123", "category": "phone"],
    "request": [
        "kind": "return", "reason": "不想要了", "fault": "屏幕闪烁", "condition": "intact",
        "performance_fault": false, "seal_broken": false, "submitted_at": "2026-03-09T23:59:00+08:00",
    ],
    "repair": ["count": 0, "days": 0, "waiting_for_parts": false],
    "complaint": ["source": "customer", "received_at": "2026-03-09T20:00:00+08:00"],
    "parent": ["id": "R-0"],
]

/// The vocabulary over HTTP: a case created from the full record keeps what its workflow does
/// not use, names outside the vocabulary are refused, and map fields hold nested objects.
@Suite struct VocabularyTests {
    /// Checks a 422 `invalid_data` answer naming `field`, with text the message contains.
    func expectInvalid(_ reply: Reply, field: String, message: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status == .unprocessableContent, "\(reply)", sourceLocation: sourceLocation)
        #expect(reply.error["code"] == "invalid_data", "\(reply)", sourceLocation: sourceLocation)
        #expect(reply.error["field"] == .string(field), "\(reply)", sourceLocation: sourceLocation)
        let text = reply.error["message"].string ?? ""
        for part in message {
            #expect(text.contains(part), "message '\(text)' lacks '\(part)'", sourceLocation: sourceLocation)
        }
    }

    @Test func aReturnIsCreatedFromTheFullRecordAndKeepsEveryField() async throws {
        let server = try await Server(at: sevenDayReturnStart)
        try await server.run { api in
            let created = try await api.createCase("return", id: "R-1", data: fullRecord).json
            #expect(created["state"] == "approved")
            let data = try await api.caseJSON("R-1")["data"]
            // Fields return.yaml does not use, kept as the vocabulary types them.
            #expect(data["customer.name"] == "李雷")
            #expect(data["product.serial"] == "SN-123")
            #expect(data["request.fault"] == "屏幕闪烁")
            #expect(data["order.paid_at"] == created["data"]["order.paid_at"])
            #expect(data["order.paid_at"].string?.hasPrefix("2026-03-01T12:00:00") == true, "\(data["order.paid_at"])")
            #expect(data["repair.count"] == 0)
            #expect(data["parent.id"] == "R-0")
            // And those it uses.
            #expect(data["order.channel"] == "online")
            #expect(data["customer.tier"] == "vip")
        }
    }

    @Test func everyShippedWorkflowTakesTheFullRecord() async throws {
        let server = try await Server(at: sevenDayReturnStart)
        try await server.run { api in
            _ = try await api.createCase("return", id: "R-1", data: fullRecord)
            _ = try await api.createCase("repair", id: "P-1", data: fullRecord)
            _ = try await api.createCase("complaint", id: "C-1", data: with(fullRecord, ["complaint.category": "delivery"]))
            _ = try await api.createCase("revisit", id: "V-1", data: fullRecord)
            for id in ["R-1", "P-1", "C-1", "V-1"] {
                #expect(try await api.caseJSON(id)["data"]["customer.name"] == "李雷", "\(id)")
            }
        }
    }

    @Test func aNameOutsideTheVocabularyIsRefusedWithTheClosestOne() async throws {
        let server = try await Server(at: sevenDayReturnStart)
        try await server.run { api in
            let reply = try await api.post("/v1/cases", json: ["workflow": "return", "id": "R-1",
                                                               "data": with(fullRecord, ["customer.nmae": "Li"])])
            expectInvalid(reply, field: "customer.nmae", message: ["unknown field 'customer.nmae'", "did you mean 'customer.name'?"])
            // A vocabulary field of the wrong type is refused too, though return.yaml does not use it.
            let wrong = try await api.post("/v1/cases", json: ["workflow": "return", "id": "R-1",
                                                               "data": with(sevenDayReturn, ["order.paid_at": "yesterday"])])
            expectInvalid(wrong, field: "order.paid_at", message: ["is not a timestamp"])
            // A field given both dotted and nested.
            let twice = try await api.post("/v1/cases", json: ["workflow": "return", "id": "R-1",
                                                               "data": with(sevenDayReturn, ["order": ["id": "SO-2"]])])
            expectInvalid(twice, field: "order.id", message: ["'order.id' is given twice"])
            #expect(try await api.get("/v1/cases").json == [])
        }
    }

    static let intake = """
        workflow: intake
        version: 1
        case:
          order.id:
          order.extra: map
          order.lines: {type: list, optional: true}
        events:
          note: {fields: {attributes: map}}
        initial: received
        states:
          received:
            always:
              - target: gift
                when: has(order.extra.gift) && order.extra.gift == true
              - target: plain
          gift:
            on:
              note:
                target: done
                set: {order.extra: event.attributes}
          plain: {final: true}
          done: {final: true}
        """

    @Test func aMapFieldRoundTripsNestedObjects() async throws {
        let server = try await Server(files: ["workflows/intake.yaml": Self.intake])
        try await server.run { api in
            let extra: JSON = ["gift": true, "wrap": ["paper": "red", "note.text": "生日快乐"], "tags": ["a", "b"]]
            let created = try await api.createCase("intake", id: "I-1",
                                                   data: ["order": ["id": "O-1", "extra": extra, "lines": [["sku": "A", "qty": 2]]]]).json
            #expect(created["state"] == "gift")
            let data = try await api.caseJSON("I-1")["data"]
            #expect(data["order.extra"] == extra)
            #expect(data["order.lines"] == [["sku": "A", "qty": 2]])
            #expect(data["order.id"] == "O-1")
            // An event payload's map field too.
            let attributes: JSON = ["colour": ["outer": "red"], "size": 42]
            let noted = try await api.event("I-1", "note", data: ["attributes": attributes]).json
            #expect(noted["state"] == "done")
            #expect(try await api.caseJSON("I-1")["data"]["order.extra"] == attributes)
        }
    }
}
