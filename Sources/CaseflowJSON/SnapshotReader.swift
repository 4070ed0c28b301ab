import CaseflowEngine
import CaseflowExpr
import Foundation

/// Reads a stored case snapshot (what ``JSONWriter/encode(_:)-(CaseState)`` and `JSONEncoder`
/// write) straight into a ``CaseState``, several times faster than `JSONDecoder`, for the store's
/// reads of cases it has not cached: after a restart, or with more live cases than it caches.
///
/// Anything it does not expect (an unknown or repeated key, a missing one, a number JSON does not
/// allow, a `type` value) makes it give up, and the caller decodes the general way; so both ways
/// give the same case.
public enum SnapshotReader {
    /// The case in `bytes`, or nil when only the general decoder can read it.
    public static func caseState(_ bytes: [UInt8]) -> CaseState? {
        bytes.withUnsafeBufferPointer { buffer in
            var cursor = JSONCursor(buffer)
            guard let c = cursor.caseState(), cursor.atEnd else { return nil }
            return c
        }
    }
}

extension JSONCursor {
    mutating func caseState() -> CaseState? {
        var id: String?, workflow: String?, version: Int?, hash: String?, state: String?, data: [String: Value]?
        var step: Int?, tasks: [TaskInstance]?, timers: [TimerInstance]?, slas: [SLAClock]?, parentID: String?
        var createdAt: Timestamp?, updatedAt: Timestamp?, sequence: Int?, isClosed: Bool?, updatedBy: Actor?, report: ChildReport?
        let ok = fields { c, key in
            switch true {
            case key.is("createdAt"): createdAt = c.timestamp(); return createdAt != nil
            case key.is("data"): data = c.storedData(); return data != nil
            case key.is("definitionHash"): hash = c.string(); return hash != nil
            case key.is("id"): id = c.string(); return id != nil
            case key.is("isClosed"): isClosed = c.bool(); return isClosed != nil
            case key.is("openTasks"): tasks = c.list { $0.task() }; return tasks != nil
            case key.is("parentID"):
                if c.null() { return true }
                parentID = c.string(); return parentID != nil
            case key.is("report"): report = c.childReport(); return report != nil
            case key.is("sequence"): sequence = c.int(); return sequence != nil
            case key.is("slas"): slas = c.list { $0.slaClock() }; return slas != nil
            case key.is("state"): state = c.string(); return state != nil
            case key.is("step"): step = c.int(); return step != nil
            case key.is("timers"): timers = c.list { $0.timer() }; return timers != nil
            case key.is("updatedAt"): updatedAt = c.timestamp(); return updatedAt != nil
            case key.is("updatedBy"): updatedBy = c.actor(); return updatedBy != nil
            case key.is("version"): version = c.int(); return version != nil
            case key.is("workflow"): workflow = c.string(); return workflow != nil
            default: return false
            }
        }
        guard ok, let id, let workflow, let version, let hash, let state, let data, let step, let tasks, let timers,
              let slas, let createdAt, let updatedAt, let sequence, let isClosed else { return nil }
        var read = CaseState(id: id, workflow: workflow, version: version, definitionHash: hash, state: state, data: data, step: step,
                             openTasks: tasks, timers: timers, slas: slas, parentID: parentID, createdAt: createdAt,
                             updatedAt: updatedAt, sequence: sequence, isClosed: isClosed)
        read.updatedBy = updatedBy
        read.report = report
        return read
    }

    mutating func childReport() -> ChildReport? {
        var event: String?, fields: [String: String]?
        let ok = self.fields { c, key in
            switch true {
            case key.is("event"): event = c.string(); return event != nil
            case key.is("fields"):
                var map: [String: String] = [:]
                let read = c.object { c, name in
                    guard let value = c.string() else { return false }
                    return map.updateValue(value, forKey: name) == nil
                }
                fields = read ? map : nil
                return read
            default: return false
            }
        }
        guard ok, let event, let fields else { return nil }
        return ChildReport(event: event, fields: fields)
    }

    mutating func actor() -> Actor? {
        var token: String?, person: String?
        let ok = fields { c, key in
            switch true {
            case key.is("person"): person = c.string(); return person != nil
            case key.is("token"): token = c.string(); return token != nil
            default: return false
            }
        }
        return ok ? Actor(token: token, person: person) : nil
    }

    /// An array whose elements `element` reads.
    mutating func list<T>(_ element: (inout JSONCursor) -> T?) -> [T]? {
        var items: [T] = []
        let ok = array { c in
            guard let item = element(&c) else { return false }
            items.append(item)
            return true
        }
        return ok ? items : nil
    }

    mutating func task() -> TaskInstance? {
        var id: String?, caseID: String?, name: String?, title: String?, queue: String?, due: Timestamp?, priority: Int64?
        var outcomes: [String]?, state: String?, keep: Bool?, data: [String: Value]?, openedAt: Timestamp?
        var assignee: String?, candidates: [String]?
        let ok = fields { c, key in
            switch true {
            case key.is("assignee"): assignee = c.string(); return assignee != nil
            case key.is("candidates"): candidates = c.list { $0.string() }; return candidates != nil
            case key.is("caseID"): caseID = c.string(); return caseID != nil
            case key.is("data"): data = c.storedData(); return data != nil
            case key.is("due"): due = c.timestamp(); return due != nil
            case key.is("id"): id = c.string(); return id != nil
            case key.is("keep"): keep = c.bool(); return keep != nil
            case key.is("name"): name = c.string(); return name != nil
            case key.is("openedAt"): openedAt = c.timestamp(); return openedAt != nil
            case key.is("outcomes"): outcomes = c.list { $0.string() }; return outcomes != nil
            case key.is("priority"): priority = c.int64(); return priority != nil
            case key.is("queue"): queue = c.string(); return queue != nil
            case key.is("state"): state = c.string(); return state != nil
            case key.is("title"): title = c.string(); return title != nil
            default: return false
            }
        }
        guard ok, let id, let caseID, let name, let priority, let outcomes, let state, let keep, let data, let openedAt else { return nil }
        return TaskInstance(id: id, caseID: caseID, name: name, title: title, queue: queue, due: due, priority: priority,
                            outcomes: outcomes, state: state, keep: keep, data: data, openedAt: openedAt,
                            assignee: assignee, candidates: candidates)
    }

    mutating func timer() -> TimerInstance? {
        var id: String?, caseID: String?, event: String?, due: Timestamp?, state: String?
        let ok = fields { c, key in
            switch true {
            case key.is("caseID"): caseID = c.string(); return caseID != nil
            case key.is("due"): due = c.timestamp(); return due != nil
            case key.is("event"): event = c.string(); return event != nil
            case key.is("id"): id = c.string(); return id != nil
            case key.is("state"): state = c.string(); return state != nil
            default: return false
            }
        }
        guard ok, let id, let caseID, let event, let trigger = TimerTrigger(text: event), let due else { return nil }
        return TimerInstance(id: id, caseID: caseID, trigger: trigger, due: due, state: state)
    }

    mutating func slaClock() -> SLAClock? {
        var name: String?, status: SLAClock.Status?, startedAt: Timestamp?, deadline: Timestamp?, remaining: Int64?
        var breached: Bool?, warned: Bool?, stoppedAt: Timestamp?
        let ok = fields { c, key in
            switch true {
            case key.is("breached"): breached = c.bool(); return breached != nil
            case key.is("deadline"): deadline = c.timestamp(); return deadline != nil
            case key.is("name"): name = c.string(); return name != nil
            case key.is("remaining"): remaining = c.int64(); return remaining != nil
            case key.is("startedAt"): startedAt = c.timestamp(); return startedAt != nil
            case key.is("status"): status = c.string().flatMap(SLAClock.Status.init(rawValue:)); return status != nil
            case key.is("stoppedAt"): stoppedAt = c.timestamp(); return stoppedAt != nil
            case key.is("warned"): warned = c.bool(); return warned != nil
            default: return false
            }
        }
        guard ok, let name, let status, let startedAt, let breached, let warned else { return nil }
        return SLAClock(name: name, status: status, startedAt: startedAt, deadline: deadline, remaining: remaining,
                        breached: breached, warned: warned, stoppedAt: stoppedAt)
    }

    /// Case data in storage form: field names to stored values.
    mutating func storedData() -> [String: Value]? {
        var data: [String: Value] = [:]
        let ok = object { c, key in
            guard let value = c.storedValue() else { return false }
            return data.updateValue(value, forKey: key) == nil   // a repeated name: not ours to read
        }
        return ok ? data : nil
    }

    /// A value in its storage form: an object with one key naming its type.
    mutating func storedValue() -> Value? {
        var value: Value?
        let ok = fields { c, key in
            guard value == nil else { return false }
            switch true {
            case key.is("null"): if c.null() { value = .null }
            case key.is("bool"): value = c.bool().map(Value.bool)
            case key.is("int"): value = c.int64().map(Value.int)
            case key.is("uint"): value = c.uint64().map(Value.uint)
            case key.is("double"):
                if c.peek() == UInt8(ascii: "\"") {
                    switch c.string() {
                    case "NaN": value = .double(.nan)
                    case "Infinity": value = .double(.infinity)
                    case "-Infinity": value = .double(-.infinity)
                    default: return false
                    }
                } else {
                    value = c.double().map(Value.double)
                }
            case key.is("string"): value = c.string().map(Value.string)
            case key.is("bytes"):
                var bytes: [UInt8] = []
                let read = c.array { c in
                    guard let n = c.int(), let byte = UInt8(exactly: n) else { return false }
                    bytes.append(byte)
                    return true
                }
                if read { value = .bytes(bytes) }
            case key.is("list"): value = c.list { $0.storedValue() }.map(Value.list)
            case key.is("map"):
                var map = CELMap()
                let read = c.array { c in
                    guard let pair = c.list({ $0.storedValue() }), pair.count == 2 else { return false }
                    // As the general decoder does: a key that cannot be a map key is skipped.
                    if let key = MapKey(pair[0]) { map.insert(key, pair[1]) }
                    return true
                }
                if read { value = .map(map) }
            case key.is("timestamp"): value = c.timestamp().map(Value.timestamp)
            case key.is("duration"): value = c.string().flatMap(CELDuration.init(text:)).map(Value.duration)
            default: return false   // `type` values too: rare in data, left to the general decoder

            }
            return value != nil
        }
        return ok ? value : nil
    }
}
