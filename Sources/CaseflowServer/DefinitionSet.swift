import CaseflowCalendar
import CaseflowEngine
import CaseflowModel
import CaseflowStore
import Foundation

/// Loads workflow files into an engine, keeps every version cases may be pinned to, and records
/// each version in the store with the texts it was compiled from.
///
/// A version's bundle holds the workflow file and every rule and calendar file, so a case that
/// started on it runs on exactly those rules after the files change.
enum DefinitionSet {
    /// The result of loading the files: diagnostics on failure, else the compiled workflows.
    struct Loaded {
        var workflows: [CompiledWorkflow]
        var bundles: [StoredDefinition]
        /// Every calendar's name, and those whose holidays lack this year or the next.
        var calendars: [String] = []
        var calendarGaps: [DefinitionCheck.CalendarGap] = []
        /// The vocabulary's search fields: search name (`customer`) → case field (`customer.id`).
        var searchKeys: [String: String] = [:]
        /// Webhook subscriptions, their secrets read, and the fields the feed carries.
        var subscriptions: [Subscription] = []
        var feedFields: [String] = []
    }

    /// Refuses a workflows path that is not a folder, saying where to run from.
    static func requireFolder(_ workflows: String) throws(ServiceError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: workflows, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ServiceError(.invalidDefinitions, "no workflows directory at '\(workflows)'; run from the repository root or pass --workflows DIR")
        }
    }

    /// Loads and validates `workflows` and `rules`; throws the error text when they do not validate.
    /// `today` is the daemon's date, for the calendar check (CF310).
    static func load(workflows: String, rules: String, subscriptions: String? = nil, today: CivilDate) throws(ServiceError) -> Loaded {
        try requireFolder(workflows)
        let paths = [workflows, rules] + (subscriptions.map { [$0] } ?? [])
        let report = DefinitionCheck.run(paths: paths.filter { FileManager.default.fileExists(atPath: $0) }, today: today)
        if report.hasErrors {
            let text = report.diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "\n")
            throw ServiceError(.invalidDefinitions, "the definitions do not validate:\n\(text)")
        }
        var loaded = try compile(report.definitions)
        loaded.calendars = report.definitions.calendars.map(\.name)
        loaded.calendarGaps = DefinitionCheck.calendarGaps(report.definitions, asOf: today)
        loaded.searchKeys = Dictionary(report.definitions.vocabulary.compactMap { f in f.search.map { ($0, f.name) } },
                                       uniquingKeysWith: { a, _ in a })
        loaded.subscriptions = try report.definitions.subscriptions.map(withSecret)
        loaded.feedFields = report.definitions.feedFields
        return loaded
    }

    /// The subscription with its secret read from the environment or its file (a path relative
    /// to the subscriptions file's folder).
    static func withSecret(_ s: Subscription) throws(ServiceError) -> Subscription {
        var resolved = s
        switch s.secret {
        case .literal: return s
        case .environment(let name):
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                throw ServiceError(.invalidDefinitions, "\(s.location): subscription '\(s.name)' takes its secret from the environment variable \(name), which is not set; export it before starting (or reloading) the daemon")
            }
            resolved.secret = .literal(value)
        case .file(let path):
            let folder = URL(fileURLWithPath: s.location.file).deletingLastPathComponent()
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
            guard let text = try? String(contentsOf: url, encoding: .utf8), !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ServiceError(.invalidDefinitions, "\(s.location): subscription '\(s.name)' takes its secret from \(url.path), which cannot be read or is empty")
            }
            resolved.secret = .literal(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return resolved
    }

    static func compile(_ definitions: Definitions) throws(ServiceError) -> Loaded {
        let engine: Engine
        do { engine = try Engine(definitions: definitions) } catch {
            throw ServiceError(.invalidDefinitions, error.description)
        }
        // Subscriptions are the daemon's configuration (and may hold a secret): no version keeps them.
        let shared = definitions.files.filter { path, _ in
            !definitions.workflows.contains { $0.file == path } && !definitions.subscriptionFiles.contains(path)
        }.mapValues(\.text)
        var bundles: [StoredDefinition] = []
        var compiled: [CompiledWorkflow] = []
        for versions in engine.workflows.values {
            for w in versions {
                var files = shared
                files[w.workflow.file] = definitions.files[w.workflow.file]?.text ?? ""
                let source = (try? JSONEncoder().encode(files)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                bundles.append(StoredDefinition(workflow: w.id, version: w.version, hash: w.hash, source: source))
                compiled.append(w)
            }
        }
        return Loaded(workflows: compiled, bundles: bundles)
    }

    /// Recompiles a stored version from its bundle.
    static func restore(_ stored: StoredDefinition) -> CompiledWorkflow? { stored.compiled() }
}
