// libFuzzer target: one definition file's bytes -> YAML composer -> definition reader ->
// validation (graph, events, rule sets, every expression parsed and checked) -> every
// diagnostic renderer. Built by scripts/fuzz; see Fuzz/README.md.
//
// Diagnostics are the normal outcome for bad input; only a crash, a hang or a sanitizer report
// is a finding.
import CaseflowExpr
import CaseflowModel
import CaseflowYAML

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    // `DefinitionLoader.load(paths:)` turns bytes that are not UTF-8 into a diagnostic before
    // the text reaches the composer; do the same here, without the disk.
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    let path = "fuzz.yaml"

    var definitions = Definitions()
    var bag = DiagnosticBag()
    // A vocabulary beside the file, so that its workflows and rule sets are resolved against
    // one (named, narrowed, contradicted fields).
    DefinitionLoader().load(text: vocabulary, path: "vocabulary.yaml", into: &definitions, bag: &bag)
    DefinitionLoader().load(text: text, path: path, into: &definitions, bag: &bag)

    // What DefinitionCheck.run does after loading, for this one file.
    let (functions, calendarProblems) = definitions.functionTable()
    let checked = Validator(functions: functions).validate(definitions)
    let all = (bag.items + calendarProblems + checked).sorted { ($0.location, $0.code.id) < ($1.location, $1.code.id) }

    // The renderers quote source lines and messages that carry the input's text.
    for format in DiagnosticFormat.allCases {
        _ = format.render(all, files: definitions.files, fileCount: 1)
    }
    return 0
}

/// A small case data vocabulary: enums, defaults, optional fields, a map and a list.
private let vocabulary = """
    vocabulary:
      customer.id: {type: string, personal: true, meaning: the customer's id}
      customer.tier: {type: string, enum: [standard, vip], default: standard}
      order.channel: {type: string, enum: [online, store, phone, tv, mail]}
      order.delivered_at: timestamp
      order.extra: map
      order.lines: {type: list, optional: true}
      product.category: string
      request.condition: {type: string, enum: [intact, used, damaged]}
      repair.count: {type: int, default: 0}
      refund.refunded_at: {type: timestamp, optional: true}
    """
