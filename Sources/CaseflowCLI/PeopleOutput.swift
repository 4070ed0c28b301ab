import ArgumentParser
import CaseflowExpr
import Foundation

/// Text for people from the API's JSON: aligned tables, times in the workflow's zone with their
/// offset (`2026-03-11 10:00 +08:00`), durations as `8h` or `2h30m`.
struct PeopleOutput {
    /// Each workflow's zone, from `GET /v1/workflows`.
    let zones: [String: TimeZone]
    /// The zone for what belongs to no known workflow: the one all workflows share, else UTC.
    let fallback: TimeZone

    init(workflows: Any?) {
        var zones: [String: TimeZone] = [:]
        for w in workflows as? [[String: Any]] ?? [] {
            if let id = w["id"] as? String, let name = w["timezone"] as? String, let zone = TimeZone(identifier: name) { zones[id] = zone }
        }
        self.zones = zones
        let distinct = Set(zones.values.map(\.identifier))
        fallback = distinct.count == 1 ? (zones.values.first ?? .gmt) : .gmt
    }

    func zone(_ workflow: Any?) -> TimeZone { (workflow as? String).flatMap { zones[$0] } ?? fallback }

    /// An RFC 3339 time from the API, in `zone`: `2026-03-11 10:00 +08:00`.
    func time(_ value: Any?, in zone: TimeZone) -> String {
        guard let text = value as? String, let t = Timestamp(rfc3339: text) else { return (value as? String) ?? "" }
        return PeopleTime.text(t, in: zone)
    }

    /// A value for a cell: durations (`28800s`) as `8h`, times in the zone, the rest as text.
    func value(_ v: Any?, in zone: TimeZone) -> String {
        switch v {
        case nil, is NSNull: return ""
        case let s as String:
            if let d = CELDuration(text: s), s.hasSuffix("s"), s.dropLast().allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) { return d.shortText }
            if s.count >= 20, Timestamp(rfc3339: s) != nil { return time(s, in: zone) }
            return s
        // JSONSerialization gives bools as NSNumbers of Objective-C type 'c'.
        case let n as NSNumber: return n.objCType.pointee == CChar(UInt8(ascii: "c")) ? (n.boolValue ? "true" : "false") : n.stringValue
        case let list as [Any]: return "[" + list.map { value($0, in: zone) }.joined(separator: ", ") + "]"
        case let map as [String: Any]: return "{" + map.keys.sorted().map { "\($0): \(value(map[$0], in: zone))" }.joined(separator: ", ") + "}"
        default: return "\(v ?? "")"
        }
    }

    /// Columns aligned by display width (a CJK character takes two).
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { width($0[i]) }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - width(cell)) }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { sum, s in
            let v = s.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
                || (0x1F300...0x1F64F).contains(v) || (0x20000...0x3FFFD).contains(v)
            return sum + (s.properties.generalCategory == .nonspacingMark ? 0 : wide ? 2 : 1)
        }
    }

    // MARK: What each command prints

    func cases(_ json: Any?) -> String {
        let rows = (json as? [[String: Any]] ?? []).map { c -> [String] in
            let zone = self.zone(c["workflow"])
            return [c["id"] as? String ?? "", "\(c["workflow"] as? String ?? "") v\(value(c["version"], in: zone))", c["state"] as? String ?? "",
                    (c["closed"] as? Bool) == true ? "closed" : "open", value(c["step"], in: zone),
                    String((c["tasks"] as? [Any])?.count ?? 0), time(c["updatedAt"], in: zone)]
        }
        return Self.table(["ID", "WORKFLOW", "STATE", "", "STEP", "OPEN TASKS", "UPDATED"], rows)
    }

    func tasks(_ json: Any?) -> String {
        let rows = (json as? [[String: Any]] ?? []).map { t -> [String] in
            [t["id"] as? String ?? "", t["caseID"] as? String ?? "", t["name"] as? String ?? "", t["queue"] as? String ?? "",
             t["status"] as? String ?? "", time(t["due"], in: fallback), (t["outcome"] as? String) ?? ((t["outcomes"] as? [String])?.joined(separator: "|") ?? "")]
        }
        return Self.table(["ID", "CASE", "TASK", "QUEUE", "STATUS", "DUE", "OUTCOME(S)"], rows)
    }

    func caseDetail(_ json: Any?) -> String {
        guard let c = json as? [String: Any] else { return "" }
        let zone = self.zone(c["workflow"])
        var out = "\(c["id"] as? String ?? "")  \(c["workflow"] as? String ?? "") v\(value(c["version"], in: zone))  state \(c["state"] as? String ?? "")"
            + ((c["closed"] as? Bool) == true ? " (closed)" : "") + "  step \(value(c["step"], in: zone))\n"
        out += "created \(time(c["createdAt"], in: zone)), updated \(time(c["updatedAt"], in: zone))\n"
        if let data = c["data"] as? [String: Any], !data.isEmpty {
            out += "\ndata:\n" + Self.table(["FIELD", "VALUE"], data.keys.sorted().map { [$0, value(data[$0], in: zone)] })
        }
        if let tasks = c["tasks"] as? [[String: Any]], !tasks.isEmpty {
            out += "\nopen tasks:\n" + Self.table(["ID", "TASK", "QUEUE", "DUE", "OUTCOMES"], tasks.map {
                [$0["id"] as? String ?? "", $0["name"] as? String ?? "", $0["queue"] as? String ?? "", time($0["due"], in: zone),
                 ($0["outcomes"] as? [String])?.joined(separator: "|") ?? ""]
            })
        }
        if let timers = c["timers"] as? [[String: Any]], !timers.isEmpty {
            out += "\ntimers:\n" + Self.table(["EVENT", "DUE"], timers.map { [$0["event"] as? String ?? "", time($0["due"], in: zone)] })
        }
        if let slas = c["slas"] as? [[String: Any]], !slas.isEmpty {
            out += "\nSLAs:\n" + Self.table(["SLA", "STATUS", "DEADLINE"], slas.map {
                [$0["name"] as? String ?? "", $0["status"] as? String ?? "", time($0["deadline"], in: zone)]
            })
        }
        return out
    }

    func history(_ json: Any?, workflow: Any?) -> String {
        let zone = self.zone(workflow)
        return (json as? [[String: Any]] ?? []).map { h -> String in
            var line = "#\(value(h["step"], in: zone))  \(time(h["at"], in: zone))  \(h["event"] as? String ?? "")"
            line += "  \(h["from"] as? String ?? "∅") → \(h["to"] as? String ?? "")"
            if let actor = h["actor"] as? [String: Any] {
                line += "  by \([actor["person"], actor["token"]].compactMap { $0 as? String }.joined(separator: " via "))"
            }
            if let id = h["eventID"] as? String { line += "  (\(h["requestKind"] as? String ?? "id") \(id))" }
            var out = line + "\n"
            for r in h["reasons"] as? [[String: Any]] ?? [] {
                let expression = (r["expression"] as? String ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
                out += "    \(r["purpose"] as? String ?? ""): \(expression) = \(r["error"] as? String ?? value(r["result"], in: zone))\n"
            }
            for note in h["notes"] as? [String] ?? [] { out += "    note: \(note)\n" }
            return out
        }.joined()
    }
}
