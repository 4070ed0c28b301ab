import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine

/// Eventless `always` transitions: tried in order after entry, the first whose `when` holds is
/// taken, chains settle in one step, and a chain longer than ``Engine/alwaysLimit`` fails.
@Suite struct AlwaysTests {
    static let triage = """
        workflow: triage
        version: 1
        case:
          order.channel: {type: string, enum: [online, store]}
          amount: int
          route: {type: string, optional: true}
        events:
          recheck: {}
        initial: received
        states:
          received:
            always:
              - target: large
                when: amount >= 1000
              - target: online
                when: order.channel == 'online'
              - target: manual
          online:
            always:
              - target: auto_approved
                when: amount < 100
                set: {route: "'auto'"}
            on:
              recheck: received
          large: {final: true}
          manual: {final: true}
          auto_approved: {final: true}
        """

    static let chain = """
        workflow: chain
        version: 1
        initial: s0
        states:
          s0:
            always: s1
          s1:
            always: s2
          s2:
            always: s3
          s3: {final: true}
        """

    let t0: Timestamp

    init() throws {
        t0 = try ts("2026-03-09T10:00:00+08:00")
    }

    func start(_ channel: String, _ amount: Int64) throws -> Step {
        try makeEngine(Self.triage).start(workflow: "triage", id: "T-1",
                                          data: ["order.channel": .string(channel), "amount": .int(amount)], at: t0)
    }

    @Test func aChainOfAlwaysTransitionsSettlesInOneStep() throws {
        let step = try start("online", 50)
        #expect(step.after.state == "auto_approved")
        #expect(step.after.data["route"] == .string("auto"))
        #expect(step.after.isClosed)
        #expect(step.after.step == 1)
        #expect(step.taken.map(\.state) == ["received", "online"])
        #expect(step.taken.map(\.trigger.text) == ["always", "always"])
        #expect(step.taken.map(\.index) == [1, 0])
        #expect(step.taken.map(\.target) == ["online", "auto_approved"])
        #expect(step.audit.evaluations.map(\.purpose) == ["always in 'received'", "always in 'received'", "always in 'online'", "set route"])
        #expect(step.audit.evaluations.map(\.result) == [.bool(false), .bool(true), .bool(true), .string("auto")])
    }

    @Test func theFirstTransitionWhoseConditionHoldsWins() throws {
        // Both 'amount >= 1000' and the online condition hold: the first listed is taken.
        let step = try start("online", 2000)
        #expect(step.after.state == "large")
        #expect(step.taken.map(\.index) == [0])
        #expect(step.audit.evaluations.count == 1)
    }

    @Test func aGuardThatDoesNotHoldLeavesTheCaseWhereItIs() throws {
        let step = try start("online", 500)
        #expect(step.after.state == "online")
        #expect(step.after.isClosed == false)
        #expect(step.after.data["route"] == nil)
    }

    @Test func anUnguardedTransitionIsTheFallback() throws {
        let step = try start("store", 50)
        #expect(step.after.state == "manual")
        #expect(step.taken.map(\.index) == [2])
        #expect(step.audit.evaluations.map(\.result) == [.bool(false), .bool(false)])
    }

    @Test func alwaysTransitionsRunAfterAnEventToo() throws {
        let engine = try makeEngine(Self.triage)
        let started = try engine.start(workflow: "triage", id: "T-1",
                                       data: ["order.channel": .string("online"), "amount": .int(500)], at: t0)
        let step = try engine.apply(Event("recheck", at: t0), to: started.after)
        #expect(step.after.state == "online")
        #expect(step.taken.map(\.description) == ["online —on:recheck→ received", "received —always#2→ online"])
    }

    @Test func aChainLongerThanTheLimitFails() throws {
        var engine = try makeEngine(Self.chain)
        #expect(try engine.start(workflow: "chain", id: "K-1", data: [:], at: t0).after.state == "s3")
        engine.alwaysLimit = 2
        let error = try #require(throws: EngineError.self) {
            try engine.start(workflow: "chain", id: "K-1", data: [:], at: t0)
        }
        #expect(error.kind == .alwaysLimit)
        #expect(error.message == "'always' transitions fired more than 2 times in one step, last from 's2'; they loop")
        #expect(error.location != nil)
    }

    @Test func aLoopThatValidationRejectsStillStopsAtTheLimit() throws {
        let spin = """
            workflow: spin
            version: 1
            case:
              n: {type: int, default: 0}
            initial: a
            states:
              a:
                always:
                  - target: b
                    set: {n: n + 1}
              b:
                always: a
              done: {final: true}
            """
        let (definitions, problems) = loadUnchecked([spin])
        #expect(problems.contains { $0.code == .alwaysLoop })
        let engine = try Engine(definitions: definitions)
        #expect(engine.alwaysLimit == 64)
        let error = try #require(throws: EngineError.self) {
            try engine.start(workflow: "spin", id: "S-1", data: [:], at: t0)
        }
        #expect(error.kind == .alwaysLimit)
        #expect(error.message == "'always' transitions fired more than 64 times in one step, last from 'a'; they loop")
    }
}
