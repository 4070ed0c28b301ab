import CaseflowExpr
import CaseflowSource
import CaseflowYAML
import Foundation

/// Reads `subscriptions:` files: a list of webhook subscriptions, each checked where it is
/// written (unknown keys and kinds, a URL that is not http(s), no secret, bad durations).
extension Reader {
    static let subscriptionFileKeys = ["subscriptions", "feed_fields", "description"]
    static let subscriptionKeys = ["name", "url", "secret", "secret_env", "secret_file", "notifications", "workflows", "queues", "states",
                                   "fields", "give_up_after", "timeout", "backoff"]
    static let backoffKeys = ["first", "max"]

    mutating func subscriptions(_ root: YAMLNode) -> [Subscription] {
        checkKeys(root, allowed: Self.subscriptionFileKeys, in: "a subscriptions file")
        guard let list = root["subscriptions"] else { return [] }
        if list.isNull { return [] }
        guard let items = list.items else {
            bag.error(.wrongType, at: list.location, "'subscriptions' must be a list of subscriptions (lines starting with '- name: …'), not a \(list.kindName)")
            return []
        }
        var seen: [String: SourceLocation] = [:]
        var result: [Subscription] = []
        for item in items {
            guard let s = subscription(item) else { continue }
            if let first = seen[s.name] {
                bag.error(.duplicateKey, at: s.location, "subscription '\(s.name)' is defined twice (first at line \(first.line)); names must differ, since deliveries and dead letters are kept by name")
                continue
            }
            seen[s.name] = s.location
            result.append(s)
        }
        return result
    }

    private mutating func subscription(_ node: YAMLNode) -> Subscription? {
        guard mapping(node, "a subscription") != nil else { return nil }
        checkKeys(node, allowed: Self.subscriptionKeys, in: "a subscription")
        guard let nameNode = require(node, "name", in: "a subscription"), let name = string(nameNode, "the subscription's name") else { return nil }
        if !FieldNames.isValid(name) {
            bag.error(.badName, at: nameNode.location, "subscription name '\(name)' must be a word of letters, digits and underscores")
        }
        guard let urlNode = require(node, "url", in: "subscription '\(name)'"), let url = string(urlNode, "the URL") else { return nil }
        if !Self.isWebURL(url) {
            bag.error(.badValue, at: urlNode.location, "'\(url)' is not an http:// or https:// URL with a host; write the receiver's full address, e.g. https://pay.example.com/hooks/caseflow")
        }
        let secret = secretSource(node, name)
        var kinds: Set<NotificationKind> = []
        for kind in names(node["notifications"], "a notification kind") {
            if let k = NotificationKind(rawValue: kind.value) {
                kinds.insert(k)
            } else {
                let all = NotificationKind.allCases.map(\.rawValue)
                bag.error(.badValue, at: kind.location, "unknown notification '\(kind.value)'; known: \(all.joined(separator: ", "))",
                          suggestion: Suggestion.closest(to: kind.value, among: all))
            }
        }
        var subscription = Subscription(
            name: name, url: url, secret: secret ?? .literal(""), kinds: kinds,
            workflows: names(node["workflows"], "a workflow id").map(\.value),
            queues: names(node["queues"], "a queue").map(\.value),
            states: names(node["states"], "a state").map(\.value),
            fields: names(node["fields"], "a case field").map(\.value),
            location: nameNode.location)
        if let ms = milliseconds(node["give_up_after"], "'give_up_after'") { subscription.giveUpAfter = ms }
        if let ms = milliseconds(node["timeout"], "'timeout'") { subscription.timeout = ms }
        if let backoff = node["backoff"], mapping(backoff, "'backoff'") != nil {
            checkKeys(backoff, allowed: Self.backoffKeys, in: "'backoff'")
            if let ms = milliseconds(backoff["first"], "the first backoff") { subscription.firstBackoff = ms }
            if let ms = milliseconds(backoff["max"], "the longest backoff") { subscription.maxBackoff = ms }
            if subscription.maxBackoff < subscription.firstBackoff {
                bag.error(.badValue, at: backoff.location, "the longest backoff (max) is shorter than the first; make 'max' at least 'first'")
            }
        }
        return secret == nil ? nil : subscription
    }

    /// Exactly one of `secret`, `secret_env` and `secret_file`.
    private mutating func secretSource(_ node: YAMLNode, _ name: String) -> SecretSource? {
        var found: [SecretSource] = []
        if let s = string(node["secret"], "the secret") { found.append(.literal(s)) }
        if let s = string(node["secret_env"], "the secret's environment variable") { found.append(.environment(s)) }
        if let s = string(node["secret_file"], "the secret's file") { found.append(.file(s)) }
        guard found.count == 1 else {
            bag.error(found.isEmpty ? .missingKey : .badValue, at: node.location,
                      found.isEmpty ? "subscription '\(name)' needs a secret to sign its deliveries: 'secret_env: VARIABLE' (or 'secret_file: PATH', or 'secret: TEXT')"
                                    : "subscription '\(name)' gives its secret \(found.count) ways; keep one of secret, secret_env and secret_file")
            return nil
        }
        if case .literal(let s) = found[0], s.utf8.count < 16 {
            bag.error(.badValue, at: node["secret"]?.location ?? node.location, "the secret of subscription '\(name)' is shorter than 16 bytes; use a long random one (openssl rand -hex 32)")
        }
        return found[0]
    }

    /// A positive duration in whole milliseconds: a written duration (`30s`, `24h`) or
    /// milliseconds (`500ms`).
    private mutating func milliseconds(_ node: YAMLNode?, _ what: String) -> Int64? {
        if let node, let text = node.string, text.hasSuffix("ms"), let n = Int64(text.dropLast(2)) {
            guard n > 0, n <= 366 * 86_400_000 else {
                bag.error(.badDuration, at: node.location, "\(what) must be more than 0 and at most a year")
                return nil
            }
            return n
        }
        guard let node, let d = duration(node, what) else { return nil }
        let ms = d.seconds.multipliedReportingOverflow(by: 1000).partialValue + Int64(d.nanos / 1_000_000)
        guard ms > 0, d.seconds < 366 * 86_400 else {
            bag.error(.badDuration, at: node.location, "\(what) must be more than 0 and at most a year")
            return nil
        }
        return ms
    }

    static func isWebURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else { return false }
        return true
    }
}
