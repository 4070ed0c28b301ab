// libFuzzer target: a request body's bytes -> JSONInput.object (the direct reader, and
// JSONDecoder with libyaml-located errors when it declines) -> CaseData.flatten; the same bytes
// through CaseData.parse (case data files: JSON or YAML, via the composer). The values read are
// printed, compared and written back as JSON, as the daemon does with case data.
// Built by scripts/fuzz; see Fuzz/README.md.
//
// Thrown errors are the normal outcome for bad input; only a crash, a hang or a sanitizer
// report is a finding.
import CaseflowExpr
import CaseflowModel
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))

    if let fields = try? JSONInput.object(bytes) {
        var map = CELMap()
        for key in fields.keys.sorted() { map.insert(.string(key), fields[key]!) }
        let value = Value.map(map)
        exercise(value)
        // A request's `data` object is flattened into dotted field names; the engine does it
        // against the schema, keeping map and list fields whole and refusing a name given twice.
        if let body = fields["data"] {
            exercise(.map(mapOf(CaseData.flatten(body))))
            if let flat = try? CaseData.flatten(CaseData.entries(body), keeping: ["order.extra", "order.lines", "a"]) {
                exercise(.map(mapOf(flat)))
            }
        }
        exercise(.map(mapOf(CaseData.flatten(value))))
    }

    // Case data files are read by the YAML composer (JSON is YAML's flow style).
    if let text = String(validating: bytes, as: UTF8.self),
       let fields = try? CaseData.parse(text: text, file: "fuzz.json") {
        exercise(.map(mapOf(fields)))
    }
    return 0
}

private func mapOf(_ fields: [String: Value]) -> CELMap {
    var map = CELMap()
    for key in fields.keys.sorted() { map.insert(.string(key), fields[key]!) }
    return map
}

/// What the engine and the daemon do with values read from a body: print them (diagnostics,
/// logs), compare them (CEL `==`, change detection) and write them back as JSON.
private func exercise(_ value: Value) {
    _ = value.description
    _ = value == value
    _ = value.celEquals(value)
    _ = try? JSONEncoder().encode(JSONValue(value))
}
