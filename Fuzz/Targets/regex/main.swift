// libFuzzer target: `matches()`, the RE2-style regular expressions of CaseflowExpr (parser,
// compiler, linear-time matcher, its program cache). The input is a pattern, a zero byte and
// the text to search; without a zero byte the input is both the pattern and the text. Both
// come from variables, as a pattern held in case data would, so nothing is checked beforehand.
// Built by scripts/fuzz; see Fuzz/README.md.
//
// A refused pattern is an error value, the normal outcome; only a crash, a hang or a sanitizer
// report is a finding.
import CaseflowExpr

private struct Fixture: Sendable {
    let environment: Environment
    let program: Program
}

private let fixture: Fixture = {
    var environment = Environment()
    environment.declare("text", type: .string)
    environment.declare("pattern", type: .string)
    return Fixture(environment: environment, program: try! Program("text.matches(pattern)", in: environment))
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    // Strings in expressions are Unicode; repair invalid UTF-8 (U+FFFD) rather than drop it.
    let pattern: String, text: String
    if let zero = bytes.firstIndex(of: 0) {
        pattern = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<zero]), as: UTF8.self)
        text = String(decoding: UnsafeBufferPointer(rebasing: bytes[(zero + 1)...]), as: UTF8.self)
    } else {
        pattern = String(decoding: bytes, as: UTF8.self)
        text = pattern
    }
    let bindings = Bindings(fixture.environment, ["text": .string(text), "pattern": .string(pattern)])
    do {
        _ = try fixture.program.evaluate(bindings, budget: 100)
    } catch {
        _ = error.description
    }
    return 0
}
