/// A workflow with one error that has a suggestion and one warning that has a note, for the
/// renderer tests.
enum RenderSample {
    static let name = "repair.yaml"

    static let text = """
        workflow: repair
        version: 1
        case:
          customer.tier: {type: string, enum: [standard, vip], default: standard}
        initial: open
        states:
          open:
            entry:
              - task: review
                outcomes: [approve, deny]
            on:
              approve:
                - target: queued
                - target: express
                  when: customer.tier == 'vip'
              deny: deniedd
            after:
              - {delay: 72h, target: denied}
          queued: {final: true}
          express: {final: true}
          denied: {final: true}

        """
}
