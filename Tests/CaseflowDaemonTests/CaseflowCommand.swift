import Foundation

/// Runs the `caseflow` binary from the repository root, as ops staff run it, and returns its
/// exit status and what it printed (standard output, and standard error with `errors`).
/// `url` is the daemon the command talks to (`CASEFLOW_URL`).
func runCaseflow(_ arguments: [String], url: String? = nil, errors: Bool = false) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = DaemonProcess.binary
    process.arguments = arguments
    process.currentDirectoryURL = DaemonProcess.packageRoot
    if let url { process.environment = ["CASEFLOW_URL": url] }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = errors ? pipe : FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
