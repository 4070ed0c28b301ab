import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import Foundation

/// Prints steps for people: state changes, open tasks, and the reasons behind each decision.
enum StepText {
    static func render(_ steps: [Step], as format: OutputFormat) -> String {
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            guard let data = try? encoder.encode(steps.map(StepJSON.init)) else { return "[]\n" }
            return String(decoding: data, as: UTF8.self) + "\n"
        }
        return steps.map(text).joined(separator: "\n")
    }

    static func text(_ s: Step) -> String {
        var out = "step \(s.after.step): \(s.audit.event) at \(s.audit.at.rfc3339)"
        if let due = s.audit.dueAt, due != s.audit.at { out += " (due \(due.rfc3339))" }
        out += ": \(s.audit.from.map { "\($0) → " } ?? "")\(s.after.state)\(s.after.isClosed ? " (closed)" : "")\n"
        for t in s.openedTasks { out += "  opened task \(t.name)" + (t.queue.map { " in \($0)" } ?? "") + (t.due.map { ", due \($0.rfc3339)" } ?? "") + "\n" }
        if let t = s.completedTask { out += "  completed task \(t.name)\n" }
        for t in s.cancelledTasks { out += "  cancelled task \(t.name)\n" }
        for t in s.armedTimers { out += "  timer \(t.event) due \(t.due.rfc3339)\n" }
        for c in s.children { out += "  starts child case of \(c.workflow) at \(c.startAt.rfc3339)\n" }
        for c in s.slaChanges { out += "  SLA \(c.sla) \(c.kind.rawValue)" + (c.deadline.map { ", deadline \($0.rfc3339)" } ?? "") + "\n" }
        if !s.audit.evaluations.isEmpty { out += "  because:\n" }
        for e in s.audit.evaluations {
            let result = e.result.map { RuleVerdictText.show($0) } ?? "error: \(e.error ?? "")"
            out += "    \(e.purpose): \(oneLine(e.expression)) = \(result)" + (e.title.map { "  \($0)" } ?? "") + (e.basis.map { " (\($0))" } ?? "") + "\n"
            let reads = e.reads.filter { !$0.name.hasPrefix("rules.") }
            if !reads.isEmpty { out += "      read " + reads.map { "\($0.name) = \(RuleVerdictText.show($0.value))" }.joined(separator: ", ") + "\n" }
        }
        for n in s.audit.notes { out += "  note: \(n)\n" }
        let open = s.after.openTasks.map(\.name)
        out += "  open tasks: \(open.isEmpty ? "none" : open.joined(separator: ", "))\n"
        return out
    }

    static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
