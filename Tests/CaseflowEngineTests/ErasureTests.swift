import CaseflowSource
import CaseflowEngine
import CaseflowExpr
import CaseflowYAML
import Testing

/// What erasure keeps of an audit record and what it replaces.
@Suite struct ErasureTests {
    let fields: Set<String> = ["customer.name", "order.id"]
    let here = SourceLocation(file: "w.yaml", line: 1, column: 1)

    func evaluation(_ purpose: String, result: Value?, reads: [(String, Value?)]) -> Evaluation {
        Evaluation(purpose: purpose, expression: "x", location: here, result: result, error: nil,
                   reads: reads.map { Evaluation.Read(name: $0.0, value: $0.1) }, title: nil, basis: nil)
    }

    @Test func personalValuesGoAndDecisionsStay() {
        let record = AuditRecord(event: "e", at: Timestamp(clamping: 0), dueAt: nil, from: "a", to: "b", evaluations: [
            // A decision on personal data: the yes/no stays, the name goes.
            evaluation("when of on:e in 'a'", result: .bool(true), reads: [("customer.name", .string("Li Lei")), ("product.category", .string("phone"))]),
            // A text made from a name is as personal as the name.
            evaluation("set greeting", result: .string("Dear Li Lei"), reads: [("customer.name", .string("Li Lei"))]),
            // Setting a personal field from an event: the event's value goes too.
            evaluation("set order.id", result: .string("SO-9"), reads: [("event.ref", .string("SO-9"))]),
            // An event field named like a personal field is personal.
            evaluation("when of on:e in 'a'", result: .bool(false), reads: [("event.customer.name", .string("Han Meimei"))]),
            // Nothing personal: untouched.
            evaluation("due of t", result: .duration(CELDuration.zero), reads: [("product.category", .string("phone"))]),
        ], notes: ["n"], actor: nil)
        let scrubbed = Erasure.scrub(record, fields: fields)
        let e = scrubbed.evaluations
        #expect(e[0].result == .bool(true))
        #expect(e[0].reads.map(\.value) == [Erasure.marker, Erasure.marker])
        #expect(e[1].result == Erasure.marker && e[1].reads.first?.value == Erasure.marker)
        #expect(e[2].result == Erasure.marker && e[2].reads.first?.value == Erasure.marker)
        #expect(e[3].result == .bool(false) && e[3].reads.first?.value == Erasure.marker)
        #expect(e[4] == record.evaluations[4])
        #expect(scrubbed.to == "b" && scrubbed.notes == ["n"])
        #expect(Erasure.scrub(scrubbed, fields: fields) == scrubbed, "erasing twice changes nothing more")
    }
}
