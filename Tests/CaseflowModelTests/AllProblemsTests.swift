import CaseflowModel
import Testing

/// Guards "one run reports everything": independent problems in one file are all reported, and
/// so are the problems of every broken file, not just the first.
@Suite("All problems in one run")
struct AllProblemsTests {
    static let repair = """
        workflow: repair
        version: 1
        case:
          order.channel: {type: string, enum: [online, store]}
          repair.count: {type: int, default: 0}
        initial: open
        states:
          open:
            titel: 待审核 Waiting for review
            entry:
              - task: review
                outcomes: [approve, deny, escalate]
            on:
              approve:
                - target: pickup
                  when: order.chanel == 'online'
                - target: fix
              deny: done
            after:
              - delay: 2 days
                target: done
          pickup:
            entry:
              - task: collect
                outcomes: [collected]
            on:
              collected:
                target: fix
                set: {repair.count: "'one'"}
          fix:
            entry:
              - task: repair_device
                outcomes: [fixed]
            on:
              fixed: done
          archived: {final: true}
          done: {final: true}

        """

    @Test("independent problems in one file are all reported, in file order")
    func severalInOneFile() throws {
        let directory = try TemporaryDirectory()
        try directory.write("repair.yaml", Self.repair)
        func at(_ needle: String) throws -> Found.Place {
            try #require(locate(needle, in: Self.repair, file: "repair.yaml"))
        }
        let expected: [(DiagnosticCode, Found.Place)] = [
            (.unknownKey, try at("titel")),
            (.unhandledOutcome, try at("escalate")),
            (.unknownField, try at("order.chanel")),
            (.badDuration, try at("2 days")),
            (.typeMismatch, try at("\"'one'\"")),
            (.unreachableState, try at("archived")),
        ]
        let found = directory.found()
        #expect(found.count == 6)
        #expect(found.map(\.code) == expected.map(\.0))
        #expect(found.map(\.place) == expected.map(\.1))
        #expect(found.allSatisfy { $0.severity == .error })
    }

    @Test("two broken files both report")
    func twoBrokenFiles() throws {
        let directory = try TemporaryDirectory()
        try directory.write("workflows/repair.yaml", """
            workflow: repair
            version: 1
            initial: open
            states:
              open:
                entry:
                  - task: review
                    outcomes: [ok]
                on:
                  ok: dnoe
                after:
                  - {delay: 72h, target: done}
              done: {final: true}

            """)
        try directory.write("rules/cn/returns.yaml", """
            ruleset: cn/returns
            fields:
              product.category: string
            values:
              never_returnable: [customized, fresh]
            rules:
              excluded_by_nature:
                when: product.category in values.never_returnabel

            """)
        let found = directory.found()
        #expect(found.map(\.description) == [
            "rules/cn/returns.yaml:8:31: error[CF302] did you mean 'values.never_returnable'",
            "workflows/repair.yaml:10:11: error[CF201] did you mean 'done'",
        ])
    }
}
