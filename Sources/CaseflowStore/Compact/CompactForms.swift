import CaseflowEngine
import CaseflowExpr
import CaseflowSource

/// Case snapshots, task bodies and audit records in the compact form (``CompactWriter``): what
/// the stores write since schema v7. Audit records keep only what varies from step to step;
/// the texts their workflow version repeats are positions in its ``AuditDictionary``.
enum CompactForms {
    // MARK: Case snapshots

    static func encode(_ c: CaseState) -> [UInt8] {
        var w = CompactWriter(tag: .caseState, capacity: 512)
        w.string(c.id)
        w.string(c.workflow)
        w.int(Int64(c.version))
        w.string(c.definitionHash)
        w.string(c.state)
        w.fields(c.data)
        w.int(Int64(c.step))
        w.count(c.openTasks.count)
        for t in c.openTasks { task(t, caseID: c.id, &w) }
        w.count(c.timers.count)
        for t in c.timers {
            w.string(t.id)
            w.optionalString(t.caseID == c.id ? nil : t.caseID)
            w.string(t.event)
            w.timestamp(t.due)
            w.optionalString(t.state)
        }
        w.count(c.slas.count)
        for s in c.slas {
            w.string(s.name)
            w.string(s.status.rawValue)
            w.timestamp(s.startedAt)
            w.optionalTimestamp(s.deadline)
            w.bool(s.remaining != nil)
            if let r = s.remaining { w.int(r) }
            w.byte((s.breached ? 1 : 0) | (s.warned ? 2 : 0))
            w.optionalTimestamp(s.stoppedAt)
        }
        w.optionalString(c.parentID)
        w.timestamp(c.createdAt)
        w.timestamp(c.updatedAt)
        w.int(Int64(c.sequence))
        w.bool(c.isClosed)
        actor(c.updatedBy, &w)
        // Since form version 2: who holds which open task, and who may; version 1 rows have none.
        let held = c.openTasks.enumerated().filter { $0.element.assignee != nil || $0.element.candidates != nil }
        w.count(held.count)
        for (index, t) in held {
            w.count(index)
            holding(t, &w)
        }
        // And what a child case sends its parent when it finishes.
        w.bool(c.report != nil)
        if let report = c.report {
            w.string(report.event)
            w.count(report.fields.count)
            for (name, field) in report.fields.sorted(by: { $0.key < $1.key }) { w.string(name); w.string(field) }
        }
        // Then its service-quality facts; rows written before them end here.
        w.bool(c.measures != nil)
        if let m = c.measures { measures(m, &w) }
        return w.bytes
    }

    private static func measures(_ m: CaseMeasures, _ w: inout CompactWriter) {
        w.optionalTimestamp(m.closedAt)
        w.optionalString(m.queue)
        w.optionalString(m.channel)
        w.optionalString(m.tier)
        w.optionalString(m.assignee)
        w.optionalTimestamp(m.firstResponseAt)
        optionalInt(m.firstResponseBusiness, &w)
        w.optionalTimestamp(m.resolvedAt)
        optionalInt(m.resolutionBusiness, &w)
        w.int(Int64(m.contacts))
        w.byte(m.firstContact.map { $0 ? 2 : 1 } ?? 0)
        w.int(Int64(m.reopens))
        w.byte(m.confirmed.map { $0 ? 2 : 1 } ?? 0)
        w.optionalString(m.surveyOf)
        optionalInt(m.csat.map(Int64.init), &w)
        optionalInt(m.nps.map(Int64.init), &w)
        w.optionalTimestamp(m.answeredAt)
        w.bool(m.recovered)
    }

    private static func optionalInt(_ n: Int64?, _ w: inout CompactWriter) {
        w.bool(n != nil)
        if let n { w.int(n) }
    }

    private static func measures(_ r: inout CompactReader) throws(CompactReader.Corrupt) -> CaseMeasures {
        var m = CaseMeasures()
        m.closedAt = try r.optionalTimestamp()
        m.queue = try r.optionalString()
        m.channel = try r.optionalString()
        m.tier = try r.optionalString()
        m.assignee = try r.optionalString()
        m.firstResponseAt = try r.optionalTimestamp()
        m.firstResponseBusiness = try optionalInt(&r)
        m.resolvedAt = try r.optionalTimestamp()
        m.resolutionBusiness = try optionalInt(&r)
        m.contacts = Int(truncatingIfNeeded: try r.int())
        let firstContact = try r.byte()
        m.firstContact = firstContact == 0 ? nil : firstContact == 2
        m.reopens = Int(truncatingIfNeeded: try r.int())
        let confirmed = try r.byte()
        m.confirmed = confirmed == 0 ? nil : confirmed == 2
        m.surveyOf = try r.optionalString()
        m.csat = try optionalInt(&r).map { Int(truncatingIfNeeded: $0) }
        m.nps = try optionalInt(&r).map { Int(truncatingIfNeeded: $0) }
        m.answeredAt = try r.optionalTimestamp()
        m.recovered = try r.bool()
        return m
    }

    private static func optionalInt(_ r: inout CompactReader) throws(CompactReader.Corrupt) -> Int64? {
        try r.bool() ? try r.int() : nil
    }

    static func caseState(_ bytes: [UInt8]) throws(CompactReader.Corrupt) -> CaseState {
        var r = try CompactReader(bytes, tag: .caseState)
        let id = try r.string(), workflow = try r.string(), version = Int(try r.int()), hash = try r.string(), state = try r.string()
        let data = try r.fields()
        let step = Int(try r.int())
        var tasks: [TaskInstance] = []
        for _ in 0..<(try r.count()) { tasks.append(try task(&r, caseID: id)) }
        var timers: [TimerInstance] = []
        for _ in 0..<(try r.count()) {
            let timerID = try r.string(), caseID = try r.optionalString() ?? id, event = try r.string()
            guard let trigger = TimerTrigger(text: event) else { throw CompactReader.Corrupt(message: "'\(event)' is not a timer's trigger") }
            timers.append(TimerInstance(id: timerID, caseID: caseID, trigger: trigger, due: try r.timestamp(), state: try r.optionalString()))
        }
        var slas: [SLAClock] = []
        for _ in 0..<(try r.count()) {
            let name = try r.string(), statusText = try r.string()
            guard let status = SLAClock.Status(rawValue: statusText) else { throw CompactReader.Corrupt(message: "unknown SLA status '\(statusText)'") }
            let started = try r.timestamp(), deadline = try r.optionalTimestamp()
            let remaining = try r.bool() ? try r.int() : nil
            let flags = try r.byte()
            slas.append(SLAClock(name: name, status: status, startedAt: started, deadline: deadline, remaining: remaining,
                                 breached: flags & 1 != 0, warned: flags & 2 != 0, stoppedAt: try r.optionalTimestamp()))
        }
        let parent = try r.optionalString()
        let created = try r.timestamp(), updated = try r.timestamp()
        let sequence = Int(try r.int())
        var c = CaseState(id: id, workflow: workflow, version: version, definitionHash: hash, state: state, data: data, step: step,
                          openTasks: tasks, timers: timers, slas: slas, parentID: parent, createdAt: created, updatedAt: updated,
                          sequence: sequence, isClosed: try r.bool())
        c.updatedBy = try actor(&r)
        if r.formVersion >= 2 {
            for _ in 0..<(try r.count()) {
                let index = try r.count()
                guard c.openTasks.indices.contains(index) else { throw CompactReader.Corrupt(message: "task \(index) of \(c.openTasks.count) holds a claim") }
                try holding(&r, into: &c.openTasks[index])
            }
            if try r.bool() {
                let event = try r.string()
                var fields: [String: String] = [:]
                for _ in 0..<(try r.count()) { let name = try r.string(); fields[name] = try r.string() }
                c.report = ChildReport(event: event, fields: fields)
            }
            if !r.atEnd, try r.bool() { c.measures = try measures(&r) }
        }
        return c
    }

    // MARK: Tasks

    /// A task row's body: its case's id is the row's, so it is left out.
    static func encode(_ t: TaskInstance) -> [UInt8] {
        var w = CompactWriter(tag: .task, capacity: 96)
        task(t, caseID: t.caseID, &w)
        holding(t, &w)
        return w.bytes
    }

    static func task(_ bytes: [UInt8], caseID: String) throws(CompactReader.Corrupt) -> TaskInstance {
        var r = try CompactReader(bytes, tag: .task)
        var t = try task(&r, caseID: caseID)
        if r.formVersion >= 2 { try holding(&r, into: &t) }
        return t
    }

    /// Who holds a task and who may (form version 2): written after the task's other parts;
    /// version 1 bodies read as held by no one.
    private static func holding(_ t: TaskInstance, _ w: inout CompactWriter) {
        w.optionalString(t.assignee)
        w.bool(t.candidates != nil)
        if let candidates = t.candidates {
            w.count(candidates.count)
            for c in candidates { w.string(c) }
        }
    }

    private static func holding(_ r: inout CompactReader, into t: inout TaskInstance) throws(CompactReader.Corrupt) {
        t.assignee = try r.optionalString()
        if try r.bool() {
            var candidates: [String] = []
            for _ in 0..<(try r.count()) { candidates.append(try r.string()) }
            t.candidates = candidates
        }
    }

    /// A task; its case id is left out when it is `caseID` (the case whose snapshot or row
    /// holds it), and its id, when it is the usual `CASE-task-N`, is kept as N.
    private static func task(_ t: TaskInstance, caseID: String, _ w: inout CompactWriter) {
        let prefix = caseID + "-task-"
        if t.id.hasPrefix(prefix), let n = UInt64(t.id.dropFirst(prefix.count)), "\(prefix)\(n)" == t.id {
            w.uint(n << 1)
        } else {
            let utf8 = t.id.utf8
            w.uint(UInt64(utf8.count) << 1 | 1)
            for b in utf8 { w.byte(b) }
        }
        w.optionalString(t.caseID == caseID ? nil : t.caseID)
        w.string(t.name)
        w.optionalString(t.title)
        w.optionalString(t.queue)
        w.optionalTimestamp(t.due)
        w.int(t.priority)
        w.count(t.outcomes.count)
        for o in t.outcomes { w.string(o) }
        w.string(t.state)
        w.bool(t.keep)
        w.fields(t.data)
        w.timestamp(t.openedAt)
    }

    private static func task(_ r: inout CompactReader, caseID: String) throws(CompactReader.Corrupt) -> TaskInstance {
        let code = try r.uint()
        let id = code & 1 == 0 ? "\(caseID)-task-\(code >> 1)" : try r.utf8(count: code >> 1)
        let owner = try r.optionalString() ?? caseID
        let name = try r.string(), title = try r.optionalString(), queue = try r.optionalString(), due = try r.optionalTimestamp()
        let priority = try r.int()
        var outcomes: [String] = []
        for _ in 0..<(try r.count()) { outcomes.append(try r.string()) }
        let state = try r.string(), keep = try r.bool(), data = try r.fields()
        return TaskInstance(id: id, caseID: owner, name: name, title: title, queue: queue, due: due, priority: priority,
                            outcomes: outcomes, state: state, keep: keep, data: data, openedAt: try r.timestamp())
    }

    // MARK: Audit records

    /// An audit record: an evaluation of an expression its dictionary holds keeps the position
    /// of the expression (its file, line and column) and not its text, title or legal basis.
    static func encode(_ a: AuditRecord, dictionary d: AuditDictionary?) -> [UInt8] {
        var w = CompactWriter(tag: .audit, capacity: 64 + a.evaluations.count * 24)
        w.text(a.event, d)
        w.timestamp(a.at)
        w.optionalTimestamp(a.dueAt)
        w.bool(a.from != nil)
        if let from = a.from { w.text(from, d) }
        w.text(a.to, d)
        w.count(a.notes.count)
        for note in a.notes { w.text(note, d) }
        actor(a.actor, &w)
        w.count(a.evaluations.count)
        for e in a.evaluations {
            let known = d?.site(at: e.location).map { $0 == AuditDictionary.Site(expression: e.expression, title: e.title, basis: e.basis) } ?? false
            w.byte((known ? 1 : 0) | (e.error != nil ? 2 : 0))
            w.text(e.purpose, d)
            w.text(e.location.file, d)
            w.count(e.location.line)
            w.count(e.location.column)
            if !known {
                w.string(e.expression)
                w.optionalString(e.title)
                w.optionalString(e.basis)
            }
            w.optionalValue(e.result)
            if let error = e.error { w.string(error) }
            w.count(e.reads.count)
            for read in e.reads {
                w.text(read.name, d)
                w.optionalValue(read.value)
            }
        }
        return w.bytes
    }

    static func audit(_ bytes: [UInt8], dictionary d: AuditDictionary?) throws(CompactReader.Corrupt) -> AuditRecord {
        var r = try CompactReader(bytes, tag: .audit, dictionary: d)
        let event = try r.text(), at = try r.timestamp(), dueAt = try r.optionalTimestamp()
        let from = try r.bool() ? try r.text() : nil
        let to = try r.text()
        var notes: [String] = []
        for _ in 0..<(try r.count()) { notes.append(try r.text()) }
        let who = try actor(&r)
        var evaluations: [Evaluation] = []
        for _ in 0..<(try r.count()) {
            let flags = try r.byte()
            let purpose = try r.text()
            let location = SourceLocation(file: try r.text(), line: try r.position(), column: try r.position())
            let site: AuditDictionary.Site
            if flags & 1 != 0 {
                guard let known = d?.site(at: location) else {
                    throw CompactReader.Corrupt(message: "no expression at \(location) in the audit dictionary of its workflow version")
                }
                site = known
            } else {
                site = AuditDictionary.Site(expression: try r.string(), title: try r.optionalString(), basis: try r.optionalString())
            }
            let result = try r.optionalValue()
            let error = flags & 2 != 0 ? try r.string() : nil
            var reads: [Evaluation.Read] = []
            for _ in 0..<(try r.count()) { reads.append(Evaluation.Read(name: try r.text(), value: try r.optionalValue())) }
            evaluations.append(Evaluation(purpose: purpose, expression: site.expression, location: location, result: result, error: error,
                                          reads: reads, title: site.title, basis: site.basis))
        }
        return AuditRecord(event: event, at: at, dueAt: dueAt, from: from, to: to, evaluations: evaluations, notes: notes, actor: who)
    }

    // MARK: Shared parts

    private static func actor(_ a: Actor?, _ w: inout CompactWriter) {
        w.bool(a != nil)
        if let a { w.optionalString(a.token); w.optionalString(a.person) }
    }

    private static func actor(_ r: inout CompactReader) throws(CompactReader.Corrupt) -> Actor? {
        guard try r.bool() else { return nil }
        return Actor(token: try r.optionalString(), person: try r.optionalString())
    }
}
