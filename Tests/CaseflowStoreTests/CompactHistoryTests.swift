import CaseflowEngine
import CaseflowExpr
import CaseflowJSON
import CaseflowModel
import CaseflowScenarios
import CaseflowStore
import Foundation
import Testing

/// The shipped definitions, their scenario files, and a bundle of their files as a daemon stores it.
private struct Shipped {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let engine: Engine
    let bundles: [StoredDefinition]
    let scenarios: [Scenario]

    init() throws {
        let report = DefinitionCheck.run(paths: ["workflows", "rules"].map { Self.root.appendingPathComponent($0).path })
        try #require(!report.hasErrors, "\(report.diagnostics)")
        engine = try Engine(definitions: report.definitions)
        let files = report.definitions.files.mapValues(\.text)
        let source = String(decoding: try JSONEncoder().encode(files), as: UTF8.self)
        bundles = engine.workflows.values.joined().map { StoredDefinition(workflow: $0.id, version: $0.version, hash: $0.hash, source: source) }
        let suite = TestSuite(paths: [Self.root.appendingPathComponent("workflows/tests").path])
        try #require(suite.problems.isEmpty, "\(suite.problems)")
        scenarios = suite.scenarios
    }

    /// Every step of every scenario.
    var steps: [Step] { scenarios.flatMap { ScenarioRunner(engine: engine).run($0).steps } }
}

@Suite("Compact history")
struct CompactHistoryTests {
    @Test("every step of every shipped scenario reads back as the engine wrote it, with its version's dictionary or without")
    func shippedScenariosRoundTrip() throws {
        let shipped = try Shipped()
        let dictionaries = AuditDictionaries()
        for bundle in shipped.bundles { #expect(dictionaries.learn(bundle), "\(bundle.workflow) \(bundle.version)") }
        let steps = shipped.steps
        #expect(steps.count > 100)
        var compact = 0, json = 0
        for step in steps {
            let c = step.after
            let dictionary = try #require(dictionaries[hash: c.definitionHash])
            for (dictionaries, expected) in [(dictionaries, dictionary), (AuditDictionaries(), nil)] as [(AuditDictionaries, AuditDictionary?)] {
                let encoded = EncodedStep(step, response: [], dictionaries: dictionaries, outbox: nil)
                let audit = try StoredForms.audit(encoded.audit, dictionary: expected, caseID: c.id, step: c.step)
                #expect(audit == step.audit)
                #expect(JSONWriter.encode(audit) == JSONWriter.encode(step.audit))
                #expect(try StoredForms.caseState(encoded.snapshot, caseID: c.id) == c)
                for (bytes, task) in zip(encoded.tasks, step.openedTasks) { #expect(try StoredForms.task(bytes, id: task.id, caseID: task.caseID) == task) }
                if expected != nil { compact += encoded.audit.count + encoded.snapshot.count }
            }
            json += JSONWriter.encode(step.audit).count + JSONWriter.encode(c).count
        }
        // Not a speed or size target (BENCHMARKS.md has those): the texts must not be repeated.
        #expect(compact * 3 < json, "compact \(compact) bytes, JSON \(json)")
    }

    @Test("a record with a dictionary reference fails clearly, never crashes, when the dictionary is missing or the row is cut")
    func damagedRowsAreErrors() throws {
        let shipped = try Shipped()
        let dictionaries = AuditDictionaries()
        for bundle in shipped.bundles { dictionaries.learn(bundle) }
        let step = try #require(shipped.steps.first { !$0.audit.evaluations.isEmpty })
        let encoded = EncodedStep(step, response: [], dictionaries: dictionaries, outbox: nil)
        #expect(throws: StoreError.self) { try StoredForms.audit(encoded.audit, dictionary: nil, caseID: "X", step: 1) }
        for cut in [2, encoded.audit.count / 2, encoded.audit.count - 1] {
            let dictionary = dictionaries[hash: step.after.definitionHash]
            #expect(throws: StoreError.self) { try StoredForms.audit(Array(encoded.audit.prefix(cut)), dictionary: dictionary, caseID: "X", step: 1) }
        }
        for cut in [2, encoded.snapshot.count / 2, encoded.snapshot.count - 1] {
            #expect(throws: StoreError.self) { try StoredForms.caseState(Array(encoded.snapshot.prefix(cut)), caseID: "X") }
        }
        // Numbers no row of Caseflow's holds: a line past 2⁶³, a duration of Int64.min seconds.
        let text = { (t: String) -> [UInt8] in [UInt8(t.utf8.count << 1 | 1)] + Array(t.utf8) }
        let huge: [UInt8] = Array(repeating: 0xFF, count: 9) + [0x01]
        let header: [UInt8] = [0xC3, 0x01] + text("e") + [0x00, 0x00, 0x00, 0x00] + text("s") + [0x00, 0x00, 0x01, 0x00] + text("p") + text("f")
        #expect(throws: StoreError.self) { try StoredForms.audit(header + huge + [0x01], dictionary: nil, caseID: "X", step: 1) }
        // Line 1, column 1, the expression "x" with no title or basis, then the result.
        let durationOfMin: [UInt8] = [0x01, 0x01, 0x01, UInt8(ascii: "x"), 0x00, 0x00, 0x0C] + huge + [0x00]
        let outOfRange = try #require(throws: StoreError.self) { try StoredForms.audit(header + durationOfMin, dictionary: nil, caseID: "X", step: 1) }
        #expect(outOfRange.message.contains("duration out of range"), "\(outOfRange.message)")
        #expect(CELDuration(seconds: Int64.min) == nil)
        var newer = encoded.snapshot
        newer[1] = 99
        let error = try #require(throws: StoreError.self) { try StoredForms.caseState(newer, caseID: "X") }
        #expect(error.message.contains("newer than this Caseflow reads"))
    }

    @Test("history written by one store reads back identically on another that never loaded the workflow", arguments: StoreKind.allCases)
    func anotherStoreReadsTheHistory(_ kind: StoreKind) async throws {
        let shipped = try Shipped()
        let db = try await TempStore(kind)
        for bundle in shipped.bundles { try await db.store.saveDefinition(bundle) }
        let scenario = try #require(shipped.scenarios.first { $0.workflow == "return" })
        let steps = ScenarioRunner(engine: shipped.engine).run(scenario).steps
        try await db.store.create(steps[0], response: [])
        for step in steps.dropFirst() {
            _ = try await db.store.apply(caseID: step.after.id, eventID: nil, { _ in step }, response: { _ in [] })
        }
        let other = try await db.reopen()
        let history = try await other.history(steps[0].after.id)
        #expect(history.map(\.audit) == steps.map(\.audit))
        #expect(try await other.loadCase(steps[0].after.id) == steps.last?.after)
    }
}

@Suite("Erasure in the stores")
struct StoredErasureTests {
    @Test("a customer's personal values leave every row of their case; the decisions stay", arguments: StoreKind.allCases)
    func erasureScrubsEveryRow(_ kind: StoreKind) async throws {
        let shipped = try Shipped()
        let db = try await TempStore(kind)
        for bundle in shipped.bundles { try await db.store.saveDefinition(bundle) }
        let engine = shipped.engine
        let at = try #require(Timestamp(rfc3339: "2026-03-09T15:59:00Z")), later = try #require(Timestamp(rfc3339: "2026-03-11T02:00:00Z"))
        let data: [String: Value] = ["customer.id": .string("C-SECRET-1"), "customer.name": .string("Wang-Wu-SECRET"), "order.id": .string("SO-SECRET-9"),
                                     "order.channel": .string("online"), "order.delivered_at": .timestamp(try #require(Timestamp(rfc3339: "2026-03-02T02:00:00Z"))),
                                     "product.category": .string("phone"), "request.condition": .string("intact"), "request.submitted_at": .timestamp(at)]
        let start = try engine.start(workflow: "return", id: "R-1", data: data, at: at)
        try await db.store.create(start, response: [])
        let other = try engine.start(workflow: "return", id: "R-2", data: data.merging(["customer.id": .string("C-OTHER")]) { _, b in b }, at: at)
        try await db.store.create(other, response: [])
        let received = { @Sendable (c: CaseState) throws(EngineError) -> Step in
            try engine.apply(Event("goods_received", data: ["received_at": .timestamp(later)], at: later), to: c)
        }
        _ = try await db.store.apply(caseID: "R-1", request: .event("wms-1"), received, response: { _ in Array("answer with SO-SECRET-9".utf8) })
        #expect(try await db.store.cases(customer: "C-SECRET-1") == ["R-1"])
        let before = try await db.store.history("R-1")

        let compiled = try engine.workflow("return")
        let fields = compiled.personalFields
        #expect(fields.isSuperset(of: ["customer.id", "customer.name", "order.id"]))
        let step = try await db.store.erase(caseID: "R-1", fields: fields) { Erasure.step(fields: fields, at: later, actor: nil, in: $0) }
        #expect(step?.after.step == 3)
        #expect(try await db.store.erase(caseID: "nope", fields: fields) { Erasure.step(fields: fields, at: later, actor: nil, in: $0) } == nil)

        let history = try await db.store.history("R-1")
        #expect(history.map(\.audit.to) == before.map(\.audit.to) + [before.last?.audit.to ?? ""])
        #expect(history.last?.event == Erasure.event)
        let decisions = { (h: [HistoryEntry]) in h.flatMap(\.audit.evaluations).compactMap { $0.result?.boolValue } }
        #expect(decisions(Array(history.dropLast())) == decisions(before))
        let reopened = try await db.reopen()
        var text = String(decoding: JSONWriter.encode(try #require(try await reopened.loadCase("R-1"))), as: UTF8.self)
        for entry in try await reopened.history("R-1") { text += String(decoding: JSONWriter.encode(entry.audit), as: UTF8.self) }
        for task in try await reopened.tasks(queue: nil, status: nil, limit: 100) where task.task.caseID == "R-1" {
            text += String(decoding: JSONWriter.encode(task.task), as: UTF8.self)
        }
        for secret in ["C-SECRET-1", "Wang-Wu-SECRET", "SO-SECRET-9"] { #expect(!text.contains(secret), "\(secret) remains") }
        #expect(text.contains("[erased]"))
        guard case .duplicate(let answer) = try await db.store.apply(caseID: "R-1", request: .event("wms-1"), received, response: { _ in [] }) else {
            Issue.record("the request was applied again"); return
        }
        #expect(!String(decoding: answer, as: UTF8.self).contains("SECRET"))
        #expect(try await db.store.cases(customer: "C-SECRET-1") == [])
        #expect(try await db.store.loadCase("R-2")?.data["customer.name"] == .string("Wang-Wu-SECRET"))
    }
}
