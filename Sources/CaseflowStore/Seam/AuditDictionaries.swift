import CaseflowEngine
import CaseflowModel
import Foundation
import Synchronization

/// The audit dictionaries of the workflow versions a store has seen, by content hash: what
/// its audit records are written against and read back with.
///
/// Each dictionary is made from the version's *stored* bundle (the files the version was first
/// stored with, which never change after), so every daemon on a database, and every restart,
/// makes the same one; a record written by one daemon reads back on another.
public final class AuditDictionaries: Sendable {
    private let byHash = Mutex<[String: AuditDictionary]>([:])
    /// Bundles that did not compile (made by hand, or by a Caseflow that read them otherwise),
    /// so they are not compiled again on every read: their records are written in full.
    private let unusable = Mutex<Set<String>>([])

    public init() {}

    public subscript(hash hash: String) -> AuditDictionary? {
        byHash.withLock { $0[hash] }
    }

    /// Makes the dictionary of a stored version unless known; true when there is one.
    @discardableResult
    public func learn(_ stored: StoredDefinition) -> Bool {
        if self[hash: stored.hash] != nil { return true }
        if unusable.withLock({ $0.contains(stored.hash) }) { return false }
        guard let compiled = stored.compiled(), compiled.hash == stored.hash else {
            unusable.withLock { _ = $0.insert(stored.hash) }
            return false
        }
        byHash.withLock { $0[stored.hash] = compiled.auditDictionary }
        return true
    }
}

extension StoredDefinition {
    /// Compiles the version from its bundle: the workflow file and every rule and calendar file
    /// it was loaded with. Nil when the bundle does not load (it was stored by hand).
    public func compiled() -> CompiledWorkflow? {
        guard let files = try? JSONDecoder().decode([String: String].self, from: Data(source.utf8)) else { return nil }
        var definitions = Definitions()
        var bag = DiagnosticBag()
        let loader = DefinitionLoader()
        for (path, text) in files.sorted(by: { $0.key < $1.key }) { loader.load(text: text, path: path, into: &definitions, bag: &bag) }
        guard !bag.hasErrors, let engine = try? Engine(definitions: definitions) else { return nil }
        return engine.workflows[workflow]?.first { $0.version == version }
    }
}
