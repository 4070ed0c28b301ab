/// A support case that starts a `fix` child case and waits for it to report back (`on_done`);
/// withdrawn, it cancels its children.
public let supportWorkflow = """
    workflow: support
    version: 1
    case:
      customer.id: {type: string}
      ticket.topic: {type: string}
    events:
      fix_done: {fields: {state: string, child: string, result: {type: string, optional: true}}}
      withdraw: {}
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
      withdrawn: {final: true}
    on:
      withdraw:
        target: withdrawn
        actions:
          - cancel_children: cancel
    """
/// The child a support case starts: fixed or broken, with a result; or cancelled.
public let fixWorkflow = """
    workflow: fix
    version: 1
    case:
      customer.id: {type: string}
      fix.result: {type: string, optional: true}
    events:
      cancel: {}
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
      cancelled: {final: true}
    on:
      cancel: cancelled
    """
