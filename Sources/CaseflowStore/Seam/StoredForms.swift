import CaseflowEngine
import CaseflowExpr
import CaseflowJSON
import Foundation

/// The forms both stores keep in their rows, read and written one way: snapshots, audit
/// records and task bodies in the compact form (``CompactForms``), or JSON when a database
/// written before schema v7 holds them; child-case requests are JSON; times are RFC 3339 text
/// beside seconds and nanoseconds where the scheduler orders by them.
public enum StoredForms {
    /// A case snapshot, compact or JSON (read directly when it has the usual form, else by
    /// `JSONDecoder`).
    public static func caseState(_ bytes: [UInt8], caseID: String) throws(StoreError) -> CaseState {
        let what = "case '\(caseID)': its stored snapshot"
        if !isJSON(bytes) { return try compact(what) { () throws(CompactReader.Corrupt) in try CompactForms.caseState(bytes) } }
        if let c = SnapshotReader.caseState(bytes) { return c }
        return try decode(CaseState.self, bytes, what: what)
    }

    /// An audit record, compact (read with its version's dictionary) or JSON.
    public static func audit(_ bytes: [UInt8], dictionary: AuditDictionary?, caseID: String, step: Int) throws(StoreError) -> AuditRecord {
        let what = "step \(step) of case '\(caseID)'"
        if !isJSON(bytes) { return try compact(what) { () throws(CompactReader.Corrupt) in try CompactForms.audit(bytes, dictionary: dictionary) } }
        return try decode(AuditRecord.self, bytes, what: what)
    }

    /// A task row's body; `caseID` is the row's.
    public static func task(_ bytes: [UInt8], id: String, caseID: String) throws(StoreError) -> TaskInstance {
        let what = "task '\(id)'"
        if !isJSON(bytes) { return try compact(what) { () throws(CompactReader.Corrupt) in try CompactForms.task(bytes, caseID: caseID) } }
        return try decode(TaskInstance.self, bytes, what: what)
    }

    /// Whether a row was written as JSON (before the compact form).
    static func isJSON(_ bytes: [UInt8]) -> Bool { bytes.first == UInt8(ascii: "{") }

    private static func compact<T>(_ what: String, _ read: () throws(CompactReader.Corrupt) -> T) throws(StoreError) -> T {
        do throws(CompactReader.Corrupt) { return try read() } catch {
            throw StoreError(.database, "\(what) cannot be read from the database (\(error.message)); stop the daemon and restore the database from a backup")
        }
    }

    public static func childRequest(_ bytes: [UInt8], id: String) throws(StoreError) -> ChildCaseRequest {
        try decode(ChildCaseRequest.self, bytes, what: "scheduled child case '\(id)'")
    }

    public static func encode(_ child: ChildCaseRequest) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(child)).map(Array.init) ?? []
    }

    /// The customer a case belongs to (its `customer.id`), kept in a column of its own so a
    /// customer's cases are found by an index; nil once erased.
    public static func customerID(of c: CaseState) -> String? {
        guard case .string(let id)? = c.data["customer.id"], Value.string(id) != Erasure.marker else { return nil }
        return id
    }

    /// The schedule entry of the `index`th child case a step starts: its id is the child's.
    public static func childID(of c: CaseState, _ child: ChildCaseRequest, index: Int) -> String {
        "\(c.id)-\(child.workflow)-\(c.step)-\(index + 1)"
    }

    /// The timers a step removed and the ones it added: the timers table mirrors the snapshot's
    /// timers (the snapshot is the truth) so the scheduler can find what is due.
    public static func timerChanges(before: [TimerInstance], after c: CaseState) -> (removed: [TimerInstance], added: [TimerInstance]) {
        (before.filter { !c.timers.contains($0) }, c.timers.filter { !before.contains($0) })
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], what: String) throws(StoreError) -> T {
        do { return try JSONDecoder().decode(type, from: Data(bytes)) } catch {
            throw StoreError(.database, "\(what) cannot be read from the database (\(error)); stop the daemon and restore the database from a backup")
        }
    }
}

/// A request id found stored with a step of its case: what a repeat of it is answered with.
public struct StoredRequest: Sendable {
    public var step: Int
    public var response: [UInt8]?
    public var digest: [UInt8]?

    public init(step: Int, response: [UInt8]?, digest: [UInt8]?) {
        self.step = step
        self.response = response
        self.digest = digest
    }

    /// The first answer, or `.conflict` when the repeat asks for something else than the first
    /// request did.
    public func outcome(repeating request: RequestKey, caseID: String) throws(StoreError) -> ApplyOutcome {
        if let digest, let fingerprint = request.fingerprint, digest != fingerprint {
            throw StoreError(.conflict, "\(request.described) was used before on case '\(caseID)' (step \(step)) for a different request; send a new id for a new request, or repeat the first request unchanged")
        }
        if let response { return .duplicate(response) }
        // Only a database edited by hand lacks the answer; say so rather than apply twice.
        return .duplicate(Array(#"{"duplicate":true,"step":\#(step),"note":"this request id was applied before, as step \#(step) of the case; its answer was not kept"}"#.utf8))
    }
}

/// How a store turns an `apply` write into the step it writes, once it holds the case at
/// `current`: the step prepared ahead when it started from that very state, else the engine
/// run again on it.
public enum StepPlan {
    public static func step(caseID: String, current: CaseState, prepared: EncodedStep?,
                            body: @Sendable (CaseState) throws(EngineError) -> Step,
                            response: @Sendable (Step) -> [UInt8], dictionaries: AuditDictionaries, outbox: Outbox?) throws(StoreError) -> EncodedStep {
        if let prepared, let before = prepared.step.before, before.step == current.step { return prepared }
        let step: Step
        do throws(EngineError) { step = try body(current) } catch {
            throw StoreError(.rejected, error.message, engine: EngineErrorBox(error))
        }
        return EncodedStep(step, response: response(step), dictionaries: dictionaries, outbox: outbox)
    }
}

extension StoreError {
    public static func noCase(_ id: String) -> StoreError {
        StoreError(.notFound, "no case '\(id)'; check the id (GET /v1/cases lists cases)")
    }

    public static func caseExists(_ id: String) -> StoreError {
        StoreError(.conflict, "case '\(id)' exists already; choose another id or send events to it")
    }

    /// The row and the snapshot of a case disagree, which Caseflow never writes.
    public static func changedOutside(_ id: String, snapshot: Int, row: Int) -> StoreError {
        StoreError(.database, "case '\(id)': its stored snapshot (step \(snapshot)) does not match its row (step \(row)); the database was changed outside Caseflow")
    }
}

extension StoreError {
    /// A workflow version stored before (by this daemon or another on the same database) with
    /// other content.
    public static func versionChanged(_ d: StoredDefinition) -> StoreError {
        StoreError(.conflict, "workflow '\(d.workflow)' version \(d.version) is stored with other content (loaded earlier, here or by another daemon on this database); running cases are pinned to that content — raise 'version:' in the workflow file")
    }
}
