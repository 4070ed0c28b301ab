import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import Foundation

/// Renders a rule's verdict for people (text) and for programs (JSON).
enum RuleVerdictText {
    /// Times are shown in `zone` (the rule's calendar's), durations as `24h`.
    static func text(_ v: RuleVerdict, at: Timestamp, zone: TimeZone) -> String {
        let show = { (value: Value?) in PeopleTime.value(value, in: zone) }
        var out = "\(v.setID)/\(v.rule.name): \(v.result)\n"
        if let title = v.rule.title { out += "  \(title)\n" }
        if let basis = v.rule.basis { out += "  basis: \(basis)\n" }
        out += "  at: \(PeopleTime.text(at, in: zone))\n  because:\n"
        for c in v.conditions {
            out += "    \(c.expression) = \(show(c.value))\n"
            for d in c.details { out += "      \(d.expression) = \(show(d.value))\n" }
        }
        let used = v.evaluations.filter { !$0.purpose.hasSuffix("/" + v.rule.name) }
        if !used.isEmpty {
            out += "  rules used:\n"
            for e in used {
                let name = e.purpose.replacingOccurrences(of: "rule ", with: "")
                out += "    \(name) = \(show(e.result))" + (e.title.map { "  \($0)" } ?? "") + (e.basis.map { " (\($0))" } ?? "") + "\n"
                let ruleName = String(name.split(separator: "/").last ?? "")
                for c in v.usedConditions[ruleName] ?? [] where c.expression != "rules." + ruleName {
                    out += "      \(c.expression) = \(show(c.value))\n"
                    for d in c.details { out += "        \(d.expression) = \(show(d.value))\n" }
                }
            }
        }
        let reads = Dictionary(v.evaluations.flatMap(\.reads).map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        out += "  values read:\n"
        for name in reads.keys.sorted() where !name.hasPrefix("rules.") {
            out += "    \(name) = \(show(reads[name] ?? nil))\n"
        }
        return out
    }

    struct Document: Encodable {
        let rule: String
        let result: Bool
        let title: String?
        let basis: String?
        let at: String
        let explanation: Explanation
    }

    struct Explanation: Encodable {
        let conditions: [Condition]
        let rules: [RuleUse]
        let reads: [String: JSONValue]
    }

    struct Condition: Encodable {
        let expression: String
        let value: JSONValue
        let details: [Detail]
    }

    struct Detail: Encodable {
        let expression: String
        let value: JSONValue
    }

    struct RuleUse: Encodable {
        let rule: String
        let result: JSONValue
        let title: String?
        let basis: String?
        let error: String?
    }

    static func json(_ v: RuleVerdict, at: Timestamp) -> String {
        var reads: [String: JSONValue] = [:]
        for e in v.evaluations { for r in e.reads where reads[r.name] == nil { reads[r.name] = JSONValue(r.value) } }
        let doc = Document(
            rule: "\(v.setID)/\(v.rule.name)", result: v.result, title: v.rule.title, basis: v.rule.basis, at: at.rfc3339,
            explanation: Explanation(
                conditions: v.conditions.map { c in
                    Condition(expression: c.expression, value: JSONValue(c.value),
                              details: c.details.map { Detail(expression: $0.expression, value: JSONValue($0.value)) })
                },
                rules: v.evaluations.map { RuleUse(rule: $0.purpose.replacingOccurrences(of: "rule ", with: ""), result: JSONValue($0.result),
                                                   title: $0.title, basis: $0.basis, error: $0.error) },
                reads: reads))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(doc) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
