import CaseflowEngine
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
                let encoded = EncodedStep(step, response: [], dictionaries: dictionaries)
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
        let encoded = EncodedStep(step, response: [], dictionaries: dictionaries)
        #expect(throws: StoreError.self) { try StoredForms.audit(encoded.audit, dictionary: nil, caseID: "X", step: 1) }
        for cut in [2, encoded.audit.count / 2, encoded.audit.count - 1] {
            let dictionary = dictionaries[hash: step.after.definitionHash]
            #expect(throws: StoreError.self) { try StoredForms.audit(Array(encoded.audit.prefix(cut)), dictionary: dictionary, caseID: "X", step: 1) }
        }
        for cut in [2, encoded.snapshot.count / 2, encoded.snapshot.count - 1] {
            #expect(throws: StoreError.self) { try StoredForms.caseState(Array(encoded.snapshot.prefix(cut)), caseID: "X") }
        }
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
