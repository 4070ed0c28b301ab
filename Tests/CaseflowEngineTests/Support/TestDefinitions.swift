import Testing
import CaseflowExpr
import CaseflowModel
import CaseflowEngine
import CaseflowTestSupport

/// The shipped `cn` business calendar (rules/calendars.yaml): Asia/Shanghai, Monday to Friday
/// 09:00–12:00 and 13:00–18:00, the 2026 public holidays and make-up working days, no rollover.
let cnCalendar = """
    calendars:
      cn:
        title: 中国大陆 Mainland China
        timezone: Asia/Shanghai
        rollover: false
        hours:
          mon-fri: ["09:00-12:00", "13:00-18:00"]
        holidays: [
          2026-01-01, 2026-01-02, 2026-01-03,
          2026-02-15, 2026-02-16, 2026-02-17, 2026-02-18, 2026-02-19,
          2026-02-20, 2026-02-21, 2026-02-22, 2026-02-23,
          2026-04-04, 2026-04-05, 2026-04-06,
          2026-05-01, 2026-05-02, 2026-05-03, 2026-05-04, 2026-05-05,
          2026-06-19, 2026-06-20, 2026-06-21,
          2026-09-25, 2026-09-26, 2026-09-27,
          2026-10-01, 2026-10-02, 2026-10-03, 2026-10-04, 2026-10-05,
          2026-10-06, 2026-10-07,
        ]
        workdays: [2026-01-04, 2026-02-14, 2026-02-28, 2026-05-09, 2026-09-20, 2026-10-10]
    """

/// Loads definition texts without validating them; returns the definitions with the loader's
/// and the validator's problems.
func loadUnchecked(_ texts: [String]) -> (definitions: Definitions, problems: [Diagnostic]) {
    var definitions = Definitions()
    var bag = DiagnosticBag()
    for (index, text) in texts.enumerated() {
        DefinitionLoader().load(text: text, path: "test\(index).yaml", into: &definitions, bag: &bag)
    }
    let problems = Validator(functions: definitions.functionTable().functions).validate(definitions)
    return (definitions, bag.items + problems)
}

/// An engine over validated definition texts.
func makeEngine(_ texts: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> Engine {
    try Engine(definitions: loadDefinitions(texts, sourceLocation: sourceLocation))
}

extension Step {
    /// The names of the tasks opened and cancelled in this step, in order.
    var openedNames: [String] { openedTasks.map(\.name) }
    var cancelledNames: [String] { cancelledTasks.map(\.name) }
}


extension AuditRecord {
    /// The evaluations made for a purpose, in order.
    func evaluations(_ purpose: String) -> [Evaluation] { evaluations.filter { $0.purpose == purpose } }
}

/// Reads as `name=value` text in the order they were made (`unset` for a missing value).
func readTexts(_ reads: [Evaluation.Read]) -> [String] {
    reads.map { "\($0.name)=\($0.value?.debugText ?? "unset")" }
}
