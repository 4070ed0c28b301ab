import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import Foundation

/// Prints steps for people: state changes, open tasks, and the reasons behind each decision.
enum StepText {
    /// Times are shown in `zone` (the workflow's), durations as `24h`.
    static func render(_ steps: [Step], as format: OutputFormat, zone: TimeZone) -> String {
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            guard let data = try? encoder.encode(steps.map(StepJSON.init)) else { return "[]\n" }
            return String(decoding: data, as: UTF8.self) + "\n"
        }
        return steps.map { text($0, zone: zone) }.joined(separator: "\n")
    }

    static func text(_ s: Step, zone: TimeZone) -> String {
        let time = { (t: Timestamp) in PeopleTime.text(t, in: zone) }
        // Steps of child cases are shown with their case.
        var out = (s.after.parentID.map { _ in "[\(s.after.id)] " } ?? "") + "step \(s.after.step): \(s.audit.event) at \(time(s.audit.at))"
        if let due = s.audit.dueAt, due != s.audit.at { out += " (due \(time(due)))" }
        out += ": \(s.audit.from.map { "\($0) → " } ?? "")\(s.after.state)\(s.after.isClosed ? " (closed)" : "")\n"
        for t in s.openedTasks { out += "  opened task \(t.name)" + (t.queue.map { " in \($0)" } ?? "") + (t.due.map { ", due \(time($0))" } ?? "") + "\n" }
        if let t = s.completedTask { out += "  completed task \(t.name)\n" }
        for t in s.cancelledTasks { out += "  cancelled task \(t.name)\n" }
        for t in s.armedTimers { out += "  timer \(t.event) due \(time(t.due))\n" }
        for c in s.children { out += "  starts child case of \(c.workflow) at \(time(c.startAt))\n" }
        for c in s.slaChanges { out += "  SLA \(c.sla) \(c.kind.rawValue)" + (c.deadline.map { ", deadline \(time($0))" } ?? "") + "\n" }
        if !s.audit.evaluations.isEmpty { out += "  because:\n" }
        for e in s.audit.evaluations {
            let result = e.result.map { PeopleTime.value($0, in: zone) } ?? "error: \(e.error ?? "")"
            out += "    \(e.purpose): \(oneLine(e.expression)) = \(result)" + (e.title.map { "  \($0)" } ?? "") + (e.basis.map { " (\($0))" } ?? "") + "\n"
            let reads = e.reads.filter { !$0.name.hasPrefix("rules.") }
            if !reads.isEmpty { out += "      read " + reads.map { "\($0.name) = \(PeopleTime.value($0.value, in: zone))" }.joined(separator: ", ") + "\n" }
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
