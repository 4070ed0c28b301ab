import CaseflowEngine
import CaseflowExpr
import CaseflowModel
import Testing

/// A service workflow touching everything the store persists: data of every field type, three
/// tasks on entry (one with outcomes, one kept, one without a queue), two `after` timers, an
/// SLA clock with warning and breach timers that pauses while waiting for the customer, a
/// guarded event that can be rejected, and two child cases (one delayed) on approval.
public let serviceWorkflow = """
    workflow: service
    version: 1
    case:
      customer.name: string
      customer.vip: {type: bool, default: false}
      order.count: int
      order.amount: double
      order.placed_at: timestamp
      order.items: list
      order.meta: map
      order.window: {type: duration, optional: true}
      bumps: {type: int, default: 0}
      note: {type: string, optional: true}
    events:
      bump: {}
      approve: {fields: {ok: bool}}
      wait_customer: {}
      customer_reply: {}
    initial: open
    states:
      open:
        entry:
          - task: triage
            title: Triage the request
            queue: desk
            due: "duration('8h')"
            priority: "customer.vip ? 10 : 1"
            outcomes: [accept, decline]
            data: {customer: customer.name, vip: customer.vip}
          - task: call_customer
            queue: phone
            keep: true
          - task: file_note
        after:
          - delay: 48h
            target: expired
          - delay: 4h
            when: "!customer.vip"
            target: escalated
        on:
          bump:
            set: {bumps: bumps + 1}
          accept: working
          decline: declined
      escalated:
        on:
          accept: working
      working:
        entry:
          - task: repair
            queue: workshop
        on:
          bump:
            set: {bumps: bumps + 1}
          wait_customer: waiting_customer
          approve:
            - target: approved
              when: event.ok
              set: {note: "'approved for ' + customer.name"}
      waiting_customer:
        on:
          customer_reply: working
      approved:
        entry:
          - start: revisit
            after: 3d
            data: {customer.name: customer.name}
          - start: survey
            data: {customer.name: customer.name}
        always: done
      done: {final: true}
      declined: {final: true}
      expired: {final: true}
    sla:
      resolution:
        title: Resolve within the promise
        target: "customer.vip ? duration('4h') : duration('24h')"
        start: [open]
        stop: [done]
        pause: [waiting_customer]
        warn_before: 1h
    """

/// The smallest workflow the service starts as a child: open, then closed.
public func childWorkflow(_ id: String) -> String {
    """
    workflow: \(id)
    version: 1
    case:
      customer.name: string
    events:
      close: {}
    initial: open
    states:
      open:
        on:
          close: closed
      closed: {final: true}
    """
}

public let revisitWorkflow = childWorkflow("revisit")
public let surveyWorkflow = childWorkflow("survey")

/// The engine over the service, revisit and survey workflows.
public func makeServiceEngine(sourceLocation: SourceLocation = #_sourceLocation) throws -> Engine {
    try Engine(definitions: loadDefinitions([serviceWorkflow, revisitWorkflow, surveyWorkflow], sourceLocation: sourceLocation))
}

/// Monday 2026-03-09 10:00 in Shanghai.
public func mondayTen() throws -> Timestamp { try ts("2026-03-09T10:00:00+08:00") }

/// The data of a service case, with a value of every field type.
public func serviceData(name: String = "Li Lei", vip: Bool = false) throws -> [String: Value] {
    var meta = CELMap()
    meta.insert(.string("source"), .string("app"))
    meta.insert(.string("attempts"), .int(3))
    meta.insert(.string("weights"), .list([.double(0.25), .double(1e-7)]))
    var nested = CELMap()
    nested.insert(.string("ok"), .bool(true))
    nested.insert(.int(7), .string("seven"))
    meta.insert(.string("nested"), .map(nested))
    return [
        "customer.name": .string(name),
        "customer.vip": .bool(vip),
        "order.count": .int(Int64.max),
        "order.amount": .double(1234.5678),
        "order.placed_at": .timestamp(try ts("2026-03-02T10:15:30.123456789+08:00")),
        "order.items": .list([.string("phone"), .int(-2), .double(0.1), .bool(false), .null,
                              .timestamp(try ts("2026-03-01T00:00:00Z")), .list([.string("退货 ✓ \"q\"\n")])]),
        "order.meta": .map(meta),
        "order.window": .duration(try #require(CELDuration(seconds: 7 * 24 * hour, nanos: 500))),
    ]
}

