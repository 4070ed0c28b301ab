/// A small return policy: a seven-day window counted with `period_end` on the cn calendar, and a
/// no-reason return rule that uses it.
let returnsRuleSet = """
    ruleset: shop/returns
    source: test policy after 网络购买商品七日无理由退货暂行办法
    fields:
      order.channel: string
      order.delivered_at: timestamp
      request.condition: string
    values:
      window_days: 7
    rules:
      within_window:
        title: 七日内 Within seven days of delivery
        basis: 第六条
        when: now <= period_end(order.delivered_at, values.window_days, "cn")
      no_reason_return:
        title: 七日无理由退货 No-reason return
        basis: 第六条、第八条
        when: order.channel == "online" && rules.within_window && request.condition == "intact"
      online_order:
        title: Online order
        basis: 第二条
        when: order.channel == "online"
    """

/// A return workflow that approves by rule and otherwise asks for a decision.
let returnsWorkflow = """
    workflow: returns
    version: 1
    rules: [shop/returns]
    case:
      customer.tier: {type: string, enum: [standard, vip], default: standard}
      order.channel: {type: string, enum: [online, store]}
      order.delivered_at: timestamp
      request.condition: {type: string, enum: [intact, used]}
      decision.reason: {type: string, optional: true}
    events:
      decide: {fields: {approve: bool}}
    initial: requested
    states:
      requested:
        always:
          - target: approved
            when: rules.no_reason_return
          - target: manual_review
      manual_review:
        on:
          decide:
            - target: approved
              when: event.approve && customer.tier == 'vip'
            - target: denied
              set: {decision.reason: "'denied after review: ' + order.channel"}
      approved: {final: true}
      denied: {final: true}
    """
