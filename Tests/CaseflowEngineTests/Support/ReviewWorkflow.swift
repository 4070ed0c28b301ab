/// A review step with three tasks opened on entry: one with outcomes, due time, priority and
/// data; one counted in business hours and kept when the case moves on; one bare. Used by the
/// task and exit tests.
let reviewWorkflow = """
    workflow: review
    version: 1
    case:
      customer.tier: {type: string, enum: [standard, vip], default: standard}
      order.id: string
      reminders: {type: int, default: 0}
      review.note: {type: string, optional: true}
      review.left_at: {type: timestamp, optional: true}
    events:
      remind: {}
      stop_stock_check: {}
      close: {}
    initial: reviewing
    states:
      reviewing:
        entry:
          - task: review_request
            title: Review the return request
            queue: returns_desk
            due: "customer.tier == 'vip' ? duration('4h') : duration('24h')"
            priority: "customer.tier == 'vip' ? 10 : 1"
            outcomes: [approve, deny]
            data: {order: order.id, urgent: "customer.tier == 'vip'"}
          - task: call_customer
            queue: call_center
            due: "duration('4h')"
            calendar: cn
            keep: true
          - task: check_stock
            queue: warehouse
        exit:
          - set: {review.left_at: now}
        on:
          approve:
            target: approved
            set: {review.note: "'approved'"}
          deny: denied
          remind:
            set: {reminders: reminders + 1}
          stop_stock_check:
            actions:
              - cancel_task: check_stock
      approved:
        entry:
          - task: schedule_pickup
            queue: logistics
        on:
          close: done
      denied: {final: true}
      done: {final: true}
    """
