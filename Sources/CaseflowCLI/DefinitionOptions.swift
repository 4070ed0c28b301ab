import ArgumentParser
import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import Foundation

/// `--workflows` and `--rules`: where definitions are read from, shared by the commands that run them.
struct DefinitionOptions: ParsableArguments {
    @Option(help: "Directory of workflow files.")
    var workflows = "workflows"

    @Option(help: "Directory of rule and calendar files.")
    var rules = "rules"

    /// Loads and validates the definitions; prints the diagnostics and exits 1 if they have errors.
    func load() throws -> Definitions {
        try loadDefinitions([workflows, rules])
    }

    /// Loads the definitions and compiles them into an engine; exits 1 if either fails.
    func loadEngine() throws -> (Definitions, Engine) {
        let loaded = try load()
        do { return (loaded, try Engine(definitions: loaded)) } catch {
            standardError("error: \(error)\n")
            throw ExitCode(1)
        }
    }
}

/// Loads and validates definitions under the paths that exist; prints errors and exits 1 if any.
func loadDefinitions(_ paths: [String]) throws -> Definitions {
    let report = DefinitionCheck.run(paths: paths.filter { FileManager.default.fileExists(atPath: $0) })
    if report.hasErrors {
        let errors = report.diagnostics.filter { $0.severity == .error }
        standardError(DiagnosticFormat.text.render(errors, files: report.definitions.files, fileCount: report.definitions.files.count))
        standardError("the definitions have errors; fix them first (caseflow validate)\n")
        throw ExitCode(1)
    }
    return report.definitions
}

func standardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

func standardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// Parses `--at` style times.
func timestamp(_ text: String, option: String) throws -> Timestamp {
    guard let t = Timestamp(rfc3339: text) else {
        throw ValidationError("\(option) '\(text)' is not a time; write RFC 3339 with a zone, e.g. 2026-03-09T23:59:00+08:00")
    }
    return t
}
