import CaseflowEngine
import CaseflowExpr
import CaseflowSource

/// A scenario's case with the child cases it starts, run as the daemon runs them: children
/// start when their time comes, timers of every case fire in due order, a finished child's
/// report reaches its parent at once, and a parent's `cancel_children` reaches its open
/// children. What the daemon does in one transaction happens here in one call.
public struct CaseFamily: Sendable {
    let engine: Engine
    /// The scenario's case, then its children (and theirs) in the order started.
    public private(set) var cases: [CaseState]
    /// Children asked for and not started yet: the request and the id it will have.
    private var pending: [(request: ChildCaseRequest, id: String)] = []
    /// Every step, in order, with the workflow it belongs to.
    public private(set) var steps: [Step] = []

    public init(engine: Engine, first: Step) {
        self.engine = engine
        cases = [first.after]
        steps = []
        record(first)
    }

    public var main: CaseState { cases[0] }

    /// The latest case of a child workflow.
    public func child(_ workflow: String, openOnly: Bool) -> CaseState? {
        cases.dropFirst().last { $0.workflow == workflow && (!openOnly || !$0.isClosed) }
    }

    /// Applies a step made on one of the cases and everything it sets off.
    public mutating func apply(_ step: Step) {
        record(step)
        var depth = 0
        var queue = [step]
        while !queue.isEmpty, depth < 64 {
            depth += 1
            let s = queue.removeFirst()
            if let done = s.childDone, let parent = index(of: done.parentID), !cases[parent].isClosed {
                var event = done.event
                event.at = max(event.at, cases[parent].updatedAt)
                let answer = (try? engine.apply(event, to: cases[parent]))
                    ?? Engine.note(event: event.name, at: event.at, note: "child case \(done.childID) finished; '\(event.name)' was not taken", in: cases[parent])
                record(answer)
                queue.append(answer)
            }
            if let event = s.cancelChildren {
                let parent = s.after.id
                pending.removeAll { $0.request.parentID == parent }
                for i in cases.indices where cases[i].parentID == parent && !cases[i].isClosed {
                    let at = max(s.after.updatedAt, cases[i].updatedAt)
                    let answer = (try? engine.apply(Event(event, at: at), to: cases[i]))
                        ?? Engine.note(event: event, at: at, note: "the parent cancelled its children; '\(event)' was not taken", in: cases[i])
                    record(answer)
                    queue.append(answer)
                }
            }
        }
    }

    /// Time passes to `time`: children due start and timers due fire, earliest first.
    public mutating func advance(to time: Timestamp) throws(EngineError) {
        for _ in 0..<10_000 {
            let timer = cases.enumerated().flatMap { i, c in c.timers.filter { $0.due <= time }.map { (i, $0) } }
                .min { ($0.1.due, $0.1.id) < ($1.1.due, $1.1.id) }
            let child = pending.enumerated().filter { $0.element.request.startAt <= time }.min { $0.element.request.startAt < $1.element.request.startAt }
            if let child, timer.map({ child.element.request.startAt <= $0.1.due }) ?? true {
                pending.remove(at: child.offset)
                let r = child.element.request
                let step = try engine.start(workflow: r.workflow, id: child.element.id, data: r.data, at: r.startAt, parentID: r.parentID, report: r.report)
                cases.append(step.after)
                apply(step)
            } else if let (i, next) = timer {
                let step = try engine.fire(timer: next.id, at: max(next.due, cases[i].updatedAt), in: cases[i])
                apply(step)
            } else {
                return
            }
        }
    }

    private func index(of id: String) -> Int? { cases.firstIndex { $0.id == id } }

    private mutating func record(_ step: Step) {
        if let i = index(of: step.after.id) { cases[i] = step.after }
        for (n, request) in step.children.enumerated() {
            pending.append((request, "\(step.after.id)-\(request.workflow)-\(step.after.step)-\(n + 1)"))
        }
        steps.append(step)
    }
}
