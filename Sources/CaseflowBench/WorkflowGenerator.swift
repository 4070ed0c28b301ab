import Foundation

/// Writes synthetic but realistic workflow files for validation benchmarks: a chain of states,
/// each with a guarded transition, a task with outcomes, a timer and an assignment.
enum WorkflowGenerator {
    static func workflow(id: String, states: Int) -> String {
        var text = """
            workflow: \(id)
            version: 1
            title: 生成的工作流 Generated workflow \(id)
            case:
              customer.tier: {type: string, enum: [standard, vip], default: standard}
              order.channel: {type: string, enum: [online, store, phone, tv, mail]}
              order.delivered_at: timestamp
              repair.count: {type: int, default: 0}
              decision.reason: {type: string, optional: true}
            events:
              cancel: {}
            initial: s0
            states:

            """
        for k in 0..<states {
            let next = k + 1 < states ? "s\(k + 1)" : "done"
            text += """
                  s\(k):
                    title: 第\(k)步 Step \(k)
                    entry:
                      - task: work_\(k)
                        queue: desk
                        due: "customer.tier == 'vip' ? duration('4h') : duration('24h')"
                        outcomes: [ok_\(k), redo_\(k)]
                    on:
                      ok_\(k):
                        - target: \(next)
                          when: order.channel == 'online' && repair.count < 2
                          set: {decision.reason: "'step \(k) done'"}
                        - target: \(next)
                      redo_\(k): s\(k)
                    after:
                      - delay: 48h
                        target: \(next)

                """
        }
        text += """
              done: {final: true}
              cancelled: {final: true}
            on:
              cancel: cancelled

            """
        return text
    }

    /// Writes `count` files of `states` states each into `directory`.
    static func write(to directory: String, count: Int, states: Int) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for n in 0..<count {
            let path = directory + "/generated_\(n).yaml"
            try workflow(id: "generated_\(n)", states: states).write(toFile: path, atomically: true, encoding: .utf8)
        }
    }
}
