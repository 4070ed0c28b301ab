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
    /// Every step the scenario made, in order (timers included).
    public var steps: [Step] = []
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
        var current: CaseState
        do {
            let step = try engine.start(workflow: scenario.workflow, id: scenario.caseID, data: scenario.data, at: scenario.startAt)
            record(step, into: &result)
            current = step.after
            if let e = scenario.expect { check(e, after: current, steps: [step], fail: fail) }
        } catch {
            // At the field at fault when the data has it, else at `case:`.
            let at = error.field.flatMap { scenario.dataLocations[$0] } ?? scenario.dataLocation ?? scenario.location
            fail(at, "the case did not start: \(error.message)")
            return result
        }
        for (index, s) in scenario.steps.enumerated() {
            // Time passes first: timers due by the step's time fire in due order, and count
            // whether or not the step itself is then accepted.
            var steps: [Step] = []
            do {
                try fireTimers(until: s.at, case: &current, steps: &steps)
            } catch {
                fail(s.location, "step \(index + 1): a timer failed: \(error.message)")
                return result
            }
            for step in steps { record(step, into: &result) }
            do throws(EngineError) {
                let step: Step?
                switch s.action {
                case .event(let name, let data):
                    step = try engine.apply(Event(name, data: data, at: s.at), to: current)
                case .complete(let taskName, let outcome, let data):
                    guard let task = current.openTasks.first(where: { $0.name == taskName }) else {
                        let open = current.openTasks.map(\.name)
                        throw EngineError(.unknownTask, "no open task '\(taskName)'; open: \(open.isEmpty ? "none" : open.joined(separator: ", "))")
                    }
                    step = try engine.complete(task: task.id, outcome: outcome, data: data, at: s.at, in: current)
                case .advance:
                    step = nil
                }
                if let step {
                    steps.append(step)
                    record(step, into: &result)
                    current = step.after
                }
                if s.expect?.rejected != nil {
                    fail(s.location, "step \(index + 1): expected the step to be rejected, but it was accepted (state now '\(current.state)')")
                }
            } catch {
                guard let rejected = s.expect?.rejected else {
                    fail(s.location, "step \(index + 1) was rejected: \(error.message)")
                    return result
                }
                if case .containing(let text) = rejected, !error.message.contains(text) {
                    fail(s.location, "step \(index + 1): rejected as expected, but the reason does not mention '\(text)': \(error.message)")
                }
            }
            if let e = s.expect { check(e, after: current, steps: steps, fail: fail) }
        }
        return result
    }

    private func fireTimers(until time: Timestamp, case current: inout CaseState, steps: inout [Step]) throws(EngineError) {
        while let next = current.timers.filter({ $0.due <= time }).min(by: { ($0.due, $0.id) < ($1.due, $1.id) }) {
            // A deadline that was already past when armed fires now, never before the case's last step.
            let step = try engine.fire(timer: next.id, at: max(next.due, current.updatedAt), in: current)
            steps.append(step)
            current = step.after
        }
    }

    private func record(_ step: Step, into result: inout ScenarioResult) {
        for ref in step.taken { result.taken.insert(ref.location) }
        result.steps.append(step)
    }

    private func check(_ e: Expectation, after c: CaseState, steps: [Step], fail: (SourceLocation, String) -> Void) {
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
