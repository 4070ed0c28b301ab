import Foundation

// caseflow-bench [expr] [--seconds N]: prints one line per benchmark. Build with -c release.
var arguments = Array(CommandLine.arguments.dropFirst())
var seconds = 2.0
if let i = arguments.firstIndex(of: "--seconds"), i + 1 < arguments.count, let s = Double(arguments[i + 1]) {
    seconds = s
    arguments.removeSubrange(i...(i + 1))
}
let suites = arguments.isEmpty ? ["expr"] : arguments
do {
    for suite in suites {
        switch suite {
        case "expr":
            for m in try ExpressionBenchmark.run(seconds: seconds) { print(m.line) }
        default:
            FileHandle.standardError.write(Data("unknown benchmark '\(suite)'; known: expr\n".utf8))
            exit(2)
        }
    }
} catch {
    FileHandle.standardError.write(Data("benchmark failed: \(error)\n".utf8))
    exit(1)
}
