import CaseflowModel

extension RenderSample {
    /// The sample written to a fresh folder and checked: its report and the file's path.
    static func check(in directory: TemporaryDirectory) throws -> (report: DefinitionCheck.Report, path: String) {
        let path = try directory.write(name, text)
        return (directory.check(), path)
    }

    /// The sample's diagnostics rendered in `format`, and the file's path.
    static func render(_ format: DiagnosticFormat, in directory: TemporaryDirectory) throws -> (output: String, path: String) {
        let (report, path) = try check(in: directory)
        let output = format.render(report.diagnostics, files: report.definitions.files, fileCount: report.definitions.files.count)
        return (output, path)
    }
}
