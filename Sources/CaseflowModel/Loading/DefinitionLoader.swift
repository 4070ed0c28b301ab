import CaseflowExpr
import CaseflowSource
import CaseflowYAML
import Foundation

/// Loads every workflow, rule set and calendar under the given paths, collecting diagnostics
/// for every file instead of stopping at the first problem.
///
/// A file's kind comes from its first key: `workflow:`, `ruleset:`, `calendars:` or
/// `vocabulary:`. Once all files are read, workflows and rule sets are resolved against the
/// vocabulary (``Definitions/resolvingVocabulary()``; the validator reports its problems). Scenario
/// files (`scenario:`) and rule test files (`rule_tests:`) are skipped here; `caseflow test`
/// reads them.
public struct DefinitionLoader: Sendable {
    public var limits: YAMLLimits

    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// The result of loading: definitions and the problems found while reading them.
    public struct Output: Sendable {
        public var definitions: Definitions
        public var diagnostics: [Diagnostic]
    }

    /// Loads files and directories (recursively, `*.yaml` and `*.yml`), in sorted path order.
    public func load(paths: [String]) -> Output {
        var bag = DiagnosticBag()
        let files = Self.yamlFiles(under: paths, bag: &bag)
        let loader = self
        let parts = parallelMap(files) { path in
            var definitions = Definitions()
            var fileBag = DiagnosticBag()
            loader.load(file: path, into: &definitions, bag: &fileBag)
            return (definitions, fileBag.items)
        }
        var definitions = Definitions()
        for (part, diagnostics) in parts {
            definitions.workflows += part.workflows
            definitions.ruleSets += part.ruleSets
            definitions.calendars += part.calendars
            definitions.vocabulary += part.vocabulary
            definitions.subscriptions += part.subscriptions
            definitions.subscriptionFiles.formUnion(part.subscriptionFiles)
            definitions.feedFields += part.feedFields
            definitions.files.merge(part.files) { a, _ in a }
            bag.append(contentsOf: diagnostics)
        }
        return Output(definitions: definitions.resolvingVocabulary().definitions, diagnostics: bag.items)
    }

    /// Loads one file's text (used by tests and by `load(paths:)`).
    public func load(text: String, path: String, into definitions: inout Definitions, bag: inout DiagnosticBag) {
        let file = SourceFile(path: path, text: text)
        definitions.files[path] = file
        let (repaired, slips) = FullWidthPunctuation.repair(text)
        for slip in slips {
            bag.error(.fullWidthPunctuation, at: SourceLocation(file: path, line: slip.line, column: slip.column), slip.message)
        }
        let parsed: YAMLParseResult
        do {
            parsed = try YAML.parse(text: repaired, file: path, limits: limits)
        } catch {
            bag.append(Self.diagnostic(error))
            return
        }
        for problem in parsed.problems { bag.append(Self.diagnostic(problem)) }
        guard let root = parsed.root else { return }
        var reader = Reader(file: file)
        defer { bag.append(contentsOf: reader.bag.items) }
        guard root.entries != nil else {
            reader.bag.error(.unknownFileKind, at: root.location, "a definition file must be a mapping starting with 'workflow:', 'ruleset:', 'calendars:', 'vocabulary:' or 'subscriptions:'")
            return
        }
        if root["scenario"] != nil || root["rule_tests"] != nil {
            return
        } else if root["workflow"] != nil {
            if let workflow = reader.workflow(root) { definitions.workflows.append(workflow) }
        } else if root["subscriptions"] != nil || root["feed_fields"] != nil {
            definitions.subscriptionFiles.insert(path)
            definitions.subscriptions += reader.subscriptions(root)
            definitions.feedFields += reader.names(root["feed_fields"], "a case field").map(\.value)
        } else if root["vocabulary"] != nil {
            reader.checkKeys(root, allowed: Reader.vocabularyKeys, in: "a vocabulary file")
            definitions.vocabulary += reader.schema(root["vocabulary"], "'vocabulary'", kind: .vocabulary)
        } else if root["ruleset"] != nil || root["calendars"] != nil {
            reader.checkKeys(root, allowed: Reader.ruleSetKeys, in: "a rules file")
            if root["ruleset"] != nil, let set = reader.ruleSet(root) { definitions.ruleSets.append(set) }
            if let calendars = root["calendars"] { definitions.calendars.append(contentsOf: reader.calendars(calendars)) }
        } else {
            let first = root.entries?.first?.key
            reader.bag.error(.unknownFileKind, at: first?.location ?? root.location,
                             "cannot tell what this file defines: start it with 'workflow:', 'ruleset:', 'calendars:', 'vocabulary:' or 'subscriptions:'",
                             suggestion: first?.string.flatMap { Suggestion.closest(to: $0, among: ["workflow", "ruleset", "calendars", "vocabulary", "subscriptions"]) })
        }
    }

    private func load(file path: String, into definitions: inout Definitions, bag: inout DiagnosticBag) {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > limits.maxBytes {
                bag.error(.yamlLimit, at: SourceLocation(file: path, line: 1, column: 1),
                          "file is \(size) bytes, over the limit of \(limits.maxBytes); split it into several files")
                return
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            bag.error(.unreadableFile, at: SourceLocation(file: path, line: 1, column: 1), "cannot read the file: \(error.localizedDescription)")
            return
        }
        let bytes = [UInt8](data)
        if let bad = Self.firstInvalidUTF8(bytes) {
            bag.error(.unreadableFile, at: SourceLocation(file: path, line: bad.line, column: bad.column),
                      "byte 0x\(String(bytes[bad.offset], radix: 16, uppercase: true)) here is not UTF-8 text; save the file as UTF-8 (an editor's 'encoding' setting), or retype the character")
            return
        }
        let text = String(decoding: bytes, as: UTF8.self)
        load(text: text, path: path, into: &definitions, bag: &bag)
    }

    /// Where the first byte that is not part of valid UTF-8 stands: its offset, and its 1-based
    /// line and column (in characters, as the rest of the diagnostics count them).
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (offset: Int, line: Int, column: Int)? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0, line = 1, column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
                if encoded.count == 1 && encoded.first == 0x0A { line += 1; column = 1 } else { column += 1 }
            case .error:
                return (offset, line, column)
            case .emptyInput:
                return nil
            }
        }
    }

    /// `*.yaml`/`*.yml` files under the paths; a missing path is a diagnostic.
    public static func yamlFiles(under paths: [String], bag: inout DiagnosticBag) -> [String] {
        var files: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                bag.error(.unreadableFile, at: SourceLocation(file: path, line: 1, column: 1), "no such file or directory")
                continue
            }
            if !isDirectory.boolValue {
                files.append(path)
                continue
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            let found = (fm.enumerator(atPath: path)?.compactMap { $0 as? String } ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .map { base + "/" + $0 }
            files.append(contentsOf: found.sorted())
        }
        return files
    }

    static func diagnostic(_ error: YAMLError) -> Diagnostic {
        let code: DiagnosticCode
        switch error.kind {
        case .duplicateKey: code = .duplicateKey
        case .syntax, .multipleDocuments, .unknownAlias, .mergeKey: code = .yamlSyntax
        case .unreadableFile: code = .unreadableFile
        default: code = .yamlLimit
        }
        return Diagnostic(code, .error, at: error.location, error.message,
                          notes: error.notes.map { Diagnostic.Note($0.location, $0.message) })
    }
}
