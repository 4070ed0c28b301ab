import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import Testing

/// Helpers shared by the engine, store and server test suites: definitions from YAML texts,
/// timestamps from text, and lookups that fail the test with a clear message.

/// Loads definition texts (each a workflow, rule set or calendars file) and requires that
/// neither loading nor validation reports an error.
public func loadDefinitions(_ texts: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Definitions {
    var definitions = Definitions()
    var bag = DiagnosticBag()
    for (index, text) in texts.enumerated() {
        DefinitionLoader().load(text: text, path: "test\(index).yaml", into: &definitions, bag: &bag)
    }
    let loadErrors = bag.items.filter { $0.severity == .error }
    #expect(loadErrors.isEmpty, "load errors: \(loadErrors)", sourceLocation: sourceLocation)
    let problems = Validator(functions: definitions.functionTable().functions).validate(definitions)
    let errors = problems.filter { $0.severity == .error }
    #expect(errors.isEmpty, "validation errors: \(errors)", sourceLocation: sourceLocation)
    try #require(loadErrors.isEmpty && errors.isEmpty, sourceLocation: sourceLocation)
    return definitions
}

/// A timestamp from RFC 3339 text; fails the test on a typo.
public func ts(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Timestamp {
    try #require(Timestamp(rfc3339: text), sourceLocation: sourceLocation)
}

/// `t` plus whole seconds (and nanoseconds) of wall-clock time.
public func plus(_ t: Timestamp, seconds: Int64, nanos: Int64 = 0, sourceLocation: SourceLocation = #_sourceLocation) throws -> Timestamp {
    try #require(Timestamp(seconds: t.seconds + seconds, nanos: Int64(t.nanos) + nanos), sourceLocation: sourceLocation)
}

/// Seconds in an hour.
public let hour: Int64 = 3600

extension CaseState {
    /// The open task with a name.
    public func task(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> TaskInstance {
        try #require(openTasks.first { $0.name == name }, "no open task '\(name)' in \(openTasks.map(\.name))",
                     sourceLocation: sourceLocation)
    }

    /// The pending timer that fires an event.
    public func timer(_ event: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> TimerInstance {
        try #require(timers.first { $0.event == event }, "no timer '\(event)' in \(timers.map(\.event))",
                     sourceLocation: sourceLocation)
    }

    /// The clock of an SLA.
    public func sla(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> SLAClock {
        try #require(slas.first { $0.name == name }, "no SLA clock '\(name)'", sourceLocation: sourceLocation)
    }
}
