import CaseflowExpr
import CaseflowSource
import CaseflowYAML

/// Reads a `workflow:` file into a ``Workflow``, reporting every shape problem with its place.
extension Reader {
    static let workflowKeys = ["workflow", "version", "title", "description", "timezone", "rules", "case", "events", "initial", "states", "on", "sla", "kpi"]
    static let stateKeys = ["title", "description", "final", "entry", "exit", "on", "always", "after"]

    mutating func workflow(_ root: YAMLNode) -> Workflow? {
        checkKeys(root, allowed: Self.workflowKeys, in: "a workflow")
        guard let idNode = root["workflow"], let id = string(idNode, "the workflow id") else { return nil }
        if !FieldNames.isValid(id) {
            bag.error(.badName, at: idNode.location, "workflow id '\(id)' must be a word of letters, digits and underscores")
        }
        let version = root["version"].map { int($0, "'version'") ?? 0 } ?? {
            bag.error(.missingKey, at: root.location, "a workflow needs 'version: N'; bump it on every change so running cases keep theirs")
            return 0
        }()
        var workflow = Workflow(
            id: id, version: version, title: string(root["title"], "the title"),
            timezone: string(root["timezone"], "the time zone"),
            ruleSets: names(root["rules"], "a rule set id"),
            fields: schema(root["case"], "the case schema", kind: .caseFields),
            events: events(root["events"]),
            initial: located(require(root, "initial", in: "a workflow"), "the initial state") ?? Located("", at: root.location),
            states: [], globalHandlers: handlers(root["on"], "the workflow-level 'on'"),
            slas: [], location: idNode.location, file: file.path)
        workflow.declaredFields = workflow.fields
        if let zone = located(root["timezone"], "the time zone") { checkZone(zone) }
        if let statesNode = require(root, "states", in: "a workflow"), let entries = mapping(statesNode, "'states'") {
            workflow.states = entries.compactMap { state($0) }
        }
        if let slaNode = root["sla"], let entries = mapping(slaNode, "'sla'") {
            workflow.slas = entries.compactMap { sla($0) }
        }
        if let kpiNode = root["kpi"] { workflow.kpi = kpi(kpiNode) }
        return workflow
    }

    private mutating func events(_ node: YAMLNode?) -> [EventDefinition] {
        guard let node, let entries = mapping(node, "'events'") else { return [] }
        return entries.compactMap { entry in
            guard let name = string(entry.key, "an event name") else { return nil }
            checkKeys(entry.value, allowed: ["fields", "title", "description"], in: "event '\(name)'")
            return EventDefinition(name: name, fields: schema(entry.value["fields"], "the fields of event '\(name)'"), location: entry.key.location)
        }
    }

    private mutating func state(_ entry: YAMLMappingEntry) -> State? {
        guard let name = string(entry.key, "a state name") else { return nil }
        if !FieldNames.isValid(name) || name.contains(".") {
            bag.error(.badName, at: entry.key.location, "state name '\(name)' must be a word of letters, digits and underscores")
        }
        let node = entry.value
        _ = mapping(node, "state '\(name)'")
        checkKeys(node, allowed: Self.stateKeys, in: "state '\(name)'")
        var timers: [TimerDefinition] = []
        for (k, item) in (node["after"].map { sequence($0, "'after'") } ?? []).enumerated() {
            if let timer = timer(item, state: name, index: k) { timers.append(timer) }
        }
        return State(
            name: name, title: string(node["title"], "the title"),
            isFinal: bool(node["final"], "'final'") ?? false,
            entry: actions(node["entry"], "'entry'"), exit: actions(node["exit"], "'exit'"),
            handlers: handlers(node["on"], "'on' of state '\(name)'"),
            always: transitions(node["always"], "'always'"), timers: timers,
            location: entry.key.location)
    }

    /// A sequence, or a single item treated as a one-item sequence.
    mutating func sequence(_ node: YAMLNode, _ what: String) -> [YAMLNode] {
        if let items = node.items { return items }
        if node.isNull { return [] }
        return [node]
    }

    mutating func handlers(_ node: YAMLNode?, _ what: String) -> [EventHandler] {
        guard let node, let entries = mapping(node, what) else { return [] }
        return entries.compactMap { entry in
            guard let event = string(entry.key, "an event name") else { return nil }
            return EventHandler(event: event, transitions: transitions(entry.value, "'\(event)'"), location: entry.key.location)
        }
    }

    /// `target`, `{target, when, set, actions}`, or a list of those.
    mutating func transitions(_ node: YAMLNode?, _ what: String) -> [Transition] {
        guard let node else { return [] }
        return sequence(node, what).compactMap { transition($0, what) }
    }

    static let transitionKeys = ["target", "when", "set", "actions", "description"]

    mutating func transition(_ node: YAMLNode, _ what: String) -> Transition? {
        if node.scalar != nil {
            guard let target = located(node, "a target state") else { return nil }
            return Transition(target: target, when: nil, assignments: [], actions: [], location: node.location)
        }
        guard mapping(node, "a transition of \(what)") != nil else { return nil }
        checkKeys(node, allowed: Self.transitionKeys, in: "a transition")
        return Transition(
            target: located(node["target"], "the target state"),
            when: expression(node["when"], "'when'"),
            assignments: assignments(node["set"], "'set'"),
            actions: actions(node["actions"], "'actions'"),
            location: node.location)
    }

    private mutating func timer(_ node: YAMLNode, state: String, index: Int) -> TimerDefinition? {
        guard mapping(node, "a timer of 'after'") != nil else { return nil }
        checkKeys(node, allowed: ["delay", "at", "calendar"] + Self.transitionKeys, in: "a timer")
        let delay = self.delay(node["delay"], "the delay")
        if case .workingDays? = delay, node["calendar"] == nil, let delayNode = node["delay"] {
            bag.error(.missingKey, at: delayNode.location,
                      "the delay '\(delay?.shortText ?? "")' counts working days, which need a calendar; add 'calendar: cn' (or another calendar's name) to the timer")
        }
        warnOfDaysInBusinessTime(node["delay"], calendar: node["calendar"], what: "the delay")
        let at = expression(node["at"], "'at'")
        switch (node["delay"], node["at"]) {
        case (nil, nil):
            bag.error(.missingKey, at: node.location, "a timer needs 'delay: 48h' (after entering the state) or 'at: <time expression>' (a deadline)")
            return nil
        case (.some, .some):
            bag.error(.badValue, at: node.location, "a timer takes 'delay' or 'at', not both")
            return nil
        default:
            if delay == nil && at == nil { return nil }
        }
        let transition = Transition(
            target: located(node["target"], "the target state"), when: expression(node["when"], "'when'"),
            assignments: assignments(node["set"], "'set'"), actions: actions(node["actions"], "'actions'"),
            location: node.location)
        return TimerDefinition(delay: delay, at: at, calendar: located(node["calendar"], "the calendar"),
                               transition: transition, location: node.location)
    }

    private mutating func warnBefore(_ node: YAMLNode) -> CELDuration? {
        warnOfDaysInBusinessTime(node["warn_before"], calendar: node["calendar"], what: "'warn_before'")
        return duration(node["warn_before"], "'warn_before'")
    }

    /// A written duration with days, counted in a calendar's business time: `3d` is then 72
    /// business hours, about nine working days, which people rarely mean.
    private mutating func warnOfDaysInBusinessTime(_ node: YAMLNode?, calendar: YAMLNode?, what: String) {
        guard let node, calendar != nil, let text = node.string, !text.hasSuffix("wd"), text.contains("d"),
              case .success(let span) = WrittenDuration.parse(text, what) else { return }
        let hours = span.seconds / 3_600
        let days = text.prefix { $0.isNumber }
        bag.warning(.daysInBusinessTime, at: node.location,
                    "\(what) '\(text)' is counted in the calendar's business hours: \(hours) business hours, about \(max(1, hours / 8)) working days of 8 hours, not \(days) working days; write \(days)wd for \(days) working days, or \(hours)h to keep business hours")
    }

    private mutating func sla(_ entry: YAMLMappingEntry) -> SLADefinition? {
        guard let name = string(entry.key, "an SLA name") else { return nil }
        let node = entry.value
        guard mapping(node, "SLA '\(name)'") != nil else { return nil }
        checkKeys(node, allowed: ["title", "description", "target", "calendar", "start", "stop", "pause", "warn_before", "on_breach"], in: "SLA '\(name)'")
        guard let target = expression(require(node, "target", in: "SLA '\(name)'"), "the target") else { return nil }
        return SLADefinition(
            name: name, title: string(node["title"], "the title"), target: target,
            calendar: located(node["calendar"], "the calendar"),
            start: names(require(node, "start", in: "SLA '\(name)'"), "a state or event"),
            stop: names(require(node, "stop", in: "SLA '\(name)'"), "a state or event"),
            pause: names(node["pause"], "a state"),
            warnBefore: warnBefore(node),
            onBreach: actions(node["on_breach"], "'on_breach'"),
            location: entry.key.location)
    }
}
