import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import CaseflowSource
import CaseflowYAML

/// The outcome of one scenario: whether it passed, what differed (located in the scenario
/// file), and which transitions it took.
public struct ScenarioResult: Sendable {
    public var scenario: String
    public var file: String
    public var workflow: String
    public var failures: [Failure]
    /// Locations of the transitions taken (and SLA breaches), for coverage.
    public var taken: Set<SourceLocation>
    /// Every step the scenario made, in order (timers and child cases included).
    public var steps: [Step] = []
    /// Locations of the transitions the scenario's child cases took, by workflow.
    public var childTaken: [String: Set<SourceLocation>] = [:]
    public var passed: Bool { failures.isEmpty }

    public struct Failure: Sendable, CustomStringConvertible {
        public var location: SourceLocation
        public var message: String
        public var description: String { "\(location): \(message)" }
    }
}

/// Runs scenarios against an engine. Before each event or task completion, timers that fall
/// due by then fire in due order, as they would in the daemon.
public struct ScenarioRunner: Sendable {
    public let engine: Engine

    public init(engine: Engine) {
        self.engine = engine
    }

    public func run(_ scenario: Scenario) -> ScenarioResult {
        var result = ScenarioResult(scenario: scenario.name, file: scenario.location.file, workflow: scenario.workflow, failures: [], taken: [])
        func fail(_ location: SourceLocation, _ message: String) {
            result.failures.append(.init(location: location, message: message))
        }
        var family: CaseFamily
        do {
            let step = try engine.start(workflow: scenario.workflow, id: scenario.caseID, data: scenario.data, at: scenario.startAt)
            family = CaseFamily(engine: engine, first: step)
            if let e = scenario.expect { check(e, after: family.main, family: family, steps: [step], fail: fail) }
        } catch {
            // At the field at fault when the data has it, else at `case:`.
            let at = error.field.flatMap { scenario.dataLocations[$0] } ?? scenario.dataLocation ?? scenario.location
            fail(at, "the case did not start: \(error.message)")
            return result
        }
        for (index, s) in scenario.steps.enumerated() {
            // Time passes first: children due start and timers due by the step's time fire in
            // due order, and count whether or not the step itself is then accepted.
            let before = family.steps.count
            do {
                try family.advance(to: s.at)
            } catch {
                fail(s.location, "step \(index + 1): a timer or a child case failed: \(error.message)")
                record(family.steps, into: &result)
                return result
            }
            do throws(EngineError) {
                let target: CaseState
                if let workflow = s.child {
                    guard let child = family.child(workflow, openOnly: true) else {
                        throw EngineError(.unknownTask, "no open child case of workflow '\(workflow)'")
                    }
                    target = child
                } else {
                    target = family.main
                }
                let step: Step?
                switch s.action {
                case .event(let name, let data):
                    step = try engine.apply(Event(name, data: data, at: s.at), to: target)
                case .complete(let taskName, let outcome, let data):
                    guard let task = target.openTasks.first(where: { $0.name == taskName }) else {
                        let open = target.openTasks.map(\.name)
                        throw EngineError(.unknownTask, "no open task '\(taskName)'; open: \(open.isEmpty ? "none" : open.joined(separator: ", "))")
                    }
                    step = try engine.complete(task: task.id, outcome: outcome, data: data, at: s.at, in: target)
                case .advance:
                    step = nil
                }
                if let step { family.apply(step) }
                if s.expect?.rejected != nil {
                    fail(s.location, "step \(index + 1): expected the step to be rejected, but it was accepted (state now '\(target.state)')")
                }
            } catch {
                guard let rejected = s.expect?.rejected else {
                    fail(s.location, "step \(index + 1) was rejected: \(error.message)")
                    record(family.steps, into: &result)
                    return result
                }
                if case .containing(let text) = rejected, !error.message.contains(text) {
                    fail(s.location, "step \(index + 1): rejected as expected, but the reason does not mention '\(text)': \(error.message)")
                }
            }
            if let e = s.expect { check(e, after: family.main, family: family, steps: Array(family.steps[before...]), fail: fail) }
        }
        record(family.steps, into: &result)
        return result
    }

    /// Every step in order; the transitions taken, by workflow, for coverage.
    private func record(_ steps: [Step], into result: inout ScenarioResult) {
        for step in steps {
            for ref in step.taken {
                if step.after.workflow == result.workflow {
                    result.taken.insert(ref.location)
                } else {
                    result.childTaken[step.after.workflow, default: []].insert(ref.location)
                }
            }
        }
        result.steps = steps
    }

    private func check(_ e: Expectation, after c: CaseState, family: CaseFamily, steps: [Step], fail: (SourceLocation, String) -> Void) {
        for (workflow, state) in e.childStates.sorted(by: { $0.key < $1.key }) {
            let actual = family.child(workflow, openOnly: false)?.state ?? "not started"
            if actual != state { fail(e.location, "child case of '\(workflow)' is in '\(actual)', expected '\(state)'") }
        }
        if let state = e.state, state != c.state { fail(e.location, "expected state '\(state)', got '\(c.state)'") }
        if let tasks = e.tasks {
            let open = c.openTasks.map(\.name)
            if Set(tasks) != Set(open) || tasks.count != open.count {
                fail(e.location, "expected open tasks [\(tasks.joined(separator: ", "))], got [\(open.joined(separator: ", "))]")
            }
        }
        for (name, due) in e.due.sorted(by: { $0.key < $1.key }) {
            guard let task = c.openTasks.first(where: { $0.name == name }) else {
                fail(e.location, "expected task '\(name)' to be open with a due time")
                continue
            }
            if task.due != due { fail(e.location, "task '\(name)' is due \(task.due?.rfc3339 ?? "never"), expected \(due.rfc3339)") }
        }
        if let closed = e.closed, closed != c.isClosed { fail(e.location, "expected the case \(closed ? "closed" : "open"), but it is \(c.isClosed ? "closed" : "open")") }
        if let children = e.children {
            let started = steps.flatMap(\.children).map(\.workflow)
            if started.sorted() != children.sorted() {
                fail(e.location, "expected child cases [\(children.joined(separator: ", "))], got [\(started.joined(separator: ", "))]")
            }
        }
        for (name, status) in e.slas.sorted(by: { $0.key < $1.key }) {
            let actual = c.slas.first { $0.name == name }.map(\.status.rawValue) ?? "not started"
            if actual != status { fail(e.location, "SLA '\(name)' is \(actual), expected \(status)") }
        }
        let evaluations = steps.flatMap(\.audit.evaluations)
        for (name, expected) in e.rules.sorted(by: { $0.key < $1.key }) {
            guard let ev = evaluations.last(where: { $0.purpose.hasPrefix("rule ") && $0.purpose.hasSuffix("/" + name) }) else {
                fail(e.location, "rule '\(name)' was not evaluated in this step")
                continue
            }
            if ev.result != .bool(expected) {
                fail(e.location, "rule '\(name)' was \(ev.result.map(\.debugText) ?? "an error: \(ev.error ?? "")"), expected \(expected)")
            }
        }
        guard !e.data.isEmpty, let compiled = try? engine.workflow(c.workflow, version: c.version) else { return }
        let wanted: [String: Value]
        do { wanted = try compiled.flatten(e.data) } catch {
            fail(e.location, "expected data: \(error.message)")
            return
        }
        for (name, raw) in wanted.sorted(by: { $0.key < $1.key }) {
            do {
                let expected = try compiled.convert(raw, field: name)
                let actual = c.data[name]
                if actual != expected { fail(e.location, "field '\(name)' is \(actual.map(\.debugText) ?? "unset"), expected \(expected.debugText)") }
            } catch {
                fail(e.location, "expected data: \(error.message)")
            }
        }
    }
}
