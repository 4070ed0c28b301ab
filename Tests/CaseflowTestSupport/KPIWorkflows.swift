import Foundation

// Workflows of the service-quality report tests (server and stores).

/// A desk workflow whose `kpi:` block names every moment a report counts: tasks in queue
/// `vip_desk` or `desk` by tier, an 8-hour resolution SLA paused while waiting for the customer.
public let kpiDeskWorkflow = """
    workflow: desk
    version: 1
    title: A desk for the KPI tests
    timezone: Asia/Shanghai
    case:
      customer.id:
      customer.tier:
      contact.channel: {type: string, default: phone}
    events:
      answer: {}
      resolve: {}
      wait_for_customer: {}
      customer_back: {}
      reopen: {}
      confirm: {}
      close: {}
    initial: intake
    states:
      intake:
        always:
          - target: new_vip
            when: customer.tier == 'vip'
          - target: new_standard
      new_vip:
        entry:
          - task: first_answer
            queue: vip_desk
        on:
          answer: working
      new_standard:
        entry:
          - task: first_answer
            queue: desk
        on:
          answer: working
      working:
        on:
          resolve: resolved
          wait_for_customer: waiting
      waiting:
        on:
          customer_back: working
      resolved:
        on:
          reopen: working
          confirm: closed
          close: closed
      closed: {final: true}
    sla:
      resolution:
        target: "duration('8h')"
        start: [intake]
        stop: [resolved]
        pause: [waiting]
    kpi:
      calendar: cn
      first_response: [answer]
      resolution: [resolved]
      reopen: [reopen]
      contact: [customer_back]
      confirmed: [confirm]
      channel: contact.channel
      tier: customer.tier
    """

/// A survey whose scores count for the case named by `parent.id`.
public let kpiSurveyWorkflow = """
    workflow: survey
    version: 1
    title: A survey for the KPI tests
    timezone: Asia/Shanghai
    case:
      parent.id:
      survey.csat: {type: int, optional: true}
      survey.nps: {type: int, optional: true}
    events:
      scored: {fields: {csat: int, nps: int}}
      rated: {fields: {nps: int}}
      no_answer: {}
      recovered: {}
    initial: asking
    states:
      asking:
        on:
          scored:
            target: scored
            set: {survey.csat: event.csat, survey.nps: event.nps}
          rated:
            target: scored
            set: {survey.nps: event.nps}
          no_answer: unanswered
      scored:
        always:
          - target: recovery
            when: (has(survey.csat) && survey.csat <= 2) || (has(survey.nps) && survey.nps <= 6)
          - target: done
      recovery:
        on:
          recovered: done
      done: {final: true}
      unanswered: {final: true}
    kpi:
      survey:
        follows: parent.id
        csat: survey.csat
        nps: survey.nps
        recovery: [recovery]
    """

/// The repository's calendars and vocabulary files, which the KPI workflows use (`calendar: cn`).
public func repositoryRuleTexts() throws -> [String] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try ["rules/calendars.yaml", "rules/vocabulary.yaml"].map {
        try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8)
    }
}
