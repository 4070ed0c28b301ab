/// A support case that starts a `fix` child case and waits for it to report back (`on_done`).
public let supportWorkflow = """
    workflow: support
    version: 1
    case:
      customer.id: {type: string}
      ticket.topic: {type: string}
    events:
      fix_done: {fields: {state: string, child: string, result: {type: string, optional: true}}}
    initial: triage
    states:
      triage:
        entry:
          - task: diagnose
            queue: support_desk
            outcomes: [needs_fix, solved]
        on:
          needs_fix:
            target: fixing
            actions:
              - start: fix
                data: {customer.id: customer.id}
                on_done: {event: fix_done, fields: {result: fix.result}}
          solved: done
      fixing:
        on:
          fix_done:
            - target: done
              when: event.state == 'fixed'
              set: {ticket.topic: "ticket.topic + ' (' + event.result + ')'"}
            - target: triage
      done: {final: true}
    """
/// The child a support case starts: fixed or broken, with a result.
public let fixWorkflow = """
    workflow: fix
    version: 1
    case:
      customer.id: {type: string}
      fix.result: {type: string, optional: true}
    initial: working
    states:
      working:
        entry:
          - task: repair_it
            queue: workshop
            outcomes: [fixed, failed]
        on:
          fixed:
            target: fixed
            set: {fix.result: "'replaced the board'"}
          failed: broken
      fixed: {final: true}
      broken: {final: true}
    """
