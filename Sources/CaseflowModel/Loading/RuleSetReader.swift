import CaseflowCalendar
import CaseflowExpr
import Foundation
import CaseflowSource
import CaseflowYAML

/// Reads `ruleset:` files and `calendars:` sections.
extension Reader {
    static let vocabularyKeys = ["vocabulary", "description"]
    static let ruleSetKeys = ["ruleset", "source", "description", "fields", "values", "rules", "calendars"]
    static let ruleKeys = ["title", "basis", "when", "description", "choice"]

    mutating func ruleSet(_ root: YAMLNode) -> RuleSet? {
        guard let idNode = root["ruleset"], let id = string(idNode, "the rule set id") else { return nil }
        if !id.split(separator: "/", omittingEmptySubsequences: false).allSatisfy(FieldNames.isWord) {
            bag.error(.badName, at: idNode.location, "rule set id '\(id)' must be words joined by '/', e.g. cn/returns")
        }
        var set = RuleSet(id: id, source: string(root["source"], "the source"), fields: schema(root["fields"], "'fields'", kind: .caseFields),
                          values: [], rules: [], location: idNode.location, file: file.path)
        set.declaredFields = set.fields
        if let valuesNode = root["values"], let entries = mapping(valuesNode, "'values'") {
            for entry in entries {
                guard let name = string(entry.key, "a value name") else { continue }
                let value = YAMLValue.untyped(entry.value)
                set.values.append(NamedValue(name: name, value: value, type: YAMLValue.type(of: value), location: entry.key.location))
            }
        }
        if let rulesNode = require(root, "rules", in: "a rule set"), let entries = mapping(rulesNode, "'rules'") {
            for entry in entries {
                guard let name = string(entry.key, "a rule name") else { continue }
                if !FieldNames.isValid(name) || name.contains(".") {
                    bag.error(.badName, at: entry.key.location, "rule name '\(name)' must be a word of letters, digits and underscores")
                } else if FieldNames.reservedPart(of: name) != nil {
                    bag.error(.badName, at: entry.key.location, "'\(name)' is a reserved word in expressions, so rules.\(name) could never be read; choose another name")
                }
                guard mapping(entry.value, "rule '\(name)'") != nil else { continue }
                checkKeys(entry.value, allowed: Self.ruleKeys, in: "rule '\(name)'")
                guard let when = expression(require(entry.value, "when", in: "rule '\(name)'"), "'when'") else { continue }
                set.rules.append(Rule(name: name, title: string(entry.value["title"], "the title"),
                                      basis: string(entry.value["basis"], "the basis"), when: when, location: entry.key.location))
            }
        }
        return set
    }

    static let calendarKeys = ["timezone", "rollover", "hours", "holidays", "workdays", "title", "description", "choice"]

    mutating func calendars(_ node: YAMLNode) -> [CalendarDefinition] {
        guard let entries = mapping(node, "'calendars'") else { return [] }
        var result: [CalendarDefinition] = []
        for entry in entries {
            guard let name = string(entry.key, "a calendar name") else { continue }
            let c = entry.value
            guard mapping(c, "calendar '\(name)'") != nil else { continue }
            checkKeys(c, allowed: Self.calendarKeys, in: "calendar '\(name)'")
            guard let zone = located(require(c, "timezone", in: "calendar '\(name)'"), "the time zone") else { continue }
            checkZone(zone)
            guard let rolloverNode = require(c, "rollover", in: "calendar '\(name)' (a named choice: true or false, never a hidden default)") else { continue }
            var hours: [String: [String]] = [:]
            if let hoursNode = c["hours"], let hourEntries = mapping(hoursNode, "'hours'") {
                for h in hourEntries {
                    guard let day = string(h.key, "a weekday") else { continue }
                    hours[day] = names(h.value, "opening hours").map(\.value)
                }
            }
            let holidays = names(c["holidays"], "a holiday date"), workdays = names(c["workdays"], "a make-up working day")
            for date in holidays + workdays where CivilDate(iso: date.value) == nil {
                bag.error(.badTimestamp, at: date.location, "'\(date.value)' is not a date; write YYYY-MM-DD, e.g. 2026-10-01")
            }
            result.append(CalendarDefinition(name: name, timezone: zone, hours: hours, holidays: holidays, workdays: workdays,
                                             rollover: bool(rolloverNode, "'rollover'") ?? false, location: entry.key.location))
        }
        return result
    }

    /// Reports a time zone name the system does not know, with the closest known one.
    mutating func checkZone(_ zone: Located<String>) {
        guard ZoneRule(zone.value) == nil else { return }
        bag.error(.badValue, at: zone.location, "unknown time zone '\(zone.value)'; use an IANA name such as Asia/Shanghai or Europe/Berlin, or an offset such as +08:00",
                  suggestion: Suggestion.closest(to: zone.value, among: TimeZone.knownTimeZoneIdentifiers))
    }
}
