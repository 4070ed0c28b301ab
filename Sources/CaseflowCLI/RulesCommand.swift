import ArgumentParser
import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import Foundation

/// `caseflow rules …`: work with policy rules.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Evaluate and explain policy rules.",
        subcommands: [RulesEval.self]
    )
}

/// `caseflow rules eval RULESET/RULE --data FILE --at TIME`: a rule's answer on a real case, and why.
struct RulesEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate one rule against a case's data at a given time and explain the result.",
        discussion: """
            Prints the rule's title and legal basis, its result, each condition that decided it with its \
            value (for comparisons, both sides, such as a computed period end), and every rule it used \
            with the values those read. Exit status 0 when the rule was evaluated (true or false), 1 for \
            bad input.

            Example: caseflow rules eval cn/returns/seven_day_return --data case.json --at 2026-03-09T23:59:00+08:00
            """
    )

    @Argument(help: "The rule as RULESET/RULE, e.g. cn/returns/seven_day_return.")
    var rule: String

    @Option(help: "A JSON or YAML file with the case's fields (dotted names or nested objects).")
    var data: String

    @Option(help: "The time of evaluation (the value of 'now'), RFC 3339 with a zone.")
    var at: String

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Directory of rule and calendar files.")
    var rules = "rules"

    func run() throws {
        guard let slash = rule.lastIndex(of: "/") else {
            throw ValidationError("name the rule as RULESET/RULE, e.g. cn/returns/seven_day_return")
        }
        let setID = String(rule[..<slash]), ruleName = String(rule[rule.index(after: slash)...])
        let time = try timestamp(at, option: "--at")
        let definitions = try loadDefinitions([rules])
        guard let set = definitions.ruleSet(setID) else {
            let known = definitions.ruleSets.map(\.id)
            throw ValidationError("unknown rule set '\(setID)'" + (Suggestion.closest(to: setID, among: known).map { " (did you mean '\($0)'?)" } ?? "")
                + "; known: \(known.joined(separator: ", "))")
        }
        let caseData: [String: Value]
        do { caseData = try CaseData.load(path: data) } catch {
            standardError("\(error)\n")
            throw ExitCode(1)
        }
        let verdict: RuleVerdict
        do {
            verdict = try CompiledRuleSet(set, functions: definitions.functionTable().functions)
                .evaluate(rule: ruleName, data: caseData, at: time)
        } catch where error.kind == .unknownWorkflow {
            // A rule name the set lacks is a mistake on the command line, not in the data.
            throw ValidationError(error.message)
        } catch {
            standardError("\(data): error: \(error.message)\n")
            throw ExitCode(1)
        }
        standardOutput(format == .json ? RuleVerdictText.json(verdict, at: time) : RuleVerdictText.text(verdict, at: time, zone: PeopleTime.zone(of: set, in: definitions)))
    }
}

/// `text` or `json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
