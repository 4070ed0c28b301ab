import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine

/// Events: the first transition whose `when` holds is taken; an event no transition takes is
/// rejected with a reason and changes nothing; the workflow-level `on` applies in non-final
/// states unless the state handles the event itself; final states take nothing.
@Suite struct EventTests {
    static let claim = """
        workflow: claim
        version: 1
        case:
          customer.tier: {type: string, enum: [standard, vip], default: standard}
          claim.count: {type: int, default: 0}
          claim.amount: {type: double, optional: true}
          claim.status: {type: string, enum: [new, paid, rejected], default: new}
          claim.received_at: {type: timestamp, optional: true}
        events:
          review: {}
          decide: {}
          cancel: {}
          estimate: {}
          pay: {fields: {amount: double, reference: {type: string, optional: true}}}
          mark: {fields: {status: string}}
          receive: {fields: {at: timestamp}}
          add: {fields: {by: int}}
        initial: open
        states:
          open:
            on:
              review:
                - target: fast_track
                  when: customer.tier == 'vip'
                - target: reviewing
                  when: claim.count < 3
              pay:
                target: paid
                set: {claim.amount: event.amount, claim.status: "'paid'"}
              estimate:
                set: {claim.amount: "claim.count * 100"}
              mark:
                set: {claim.status: event.status}
              receive:
                set: {claim.received_at: event.at}
              add:
                set: {claim.count: claim.count + event.by}
              cancel: withdrawn
          reviewing:
            on:
              decide: paid
          fast_track:
            on:
              decide: paid
          paid: {final: true}
          withdrawn: {final: true}
          cancelled: {final: true}
        on:
          cancel: cancelled
        """

    let engine: Engine
    let t0: Timestamp
    let t1: Timestamp

    init() throws {
        engine = try makeEngine(Self.claim)
        t0 = try ts("2026-03-09T10:00:00+08:00")
        t1 = try ts("2026-03-09T11:00:00+08:00")
    }

    func open(_ data: [String: Value] = [:]) throws -> CaseState {
        try engine.start(workflow: "claim", id: "C-1", data: data, at: t0).after
    }

    func apply(_ name: String, _ data: [String: Value] = [:], to c: CaseState) throws(EngineError) -> Step {
        try engine.apply(Event(name, data: data, at: t1), to: c)
    }

    // MARK: Choosing a transition

    @Test func theFirstTransitionWhoseConditionHoldsIsTaken() throws {
        let vip = try apply("review", to: open(["customer.tier": .string("vip")]))
        #expect(vip.after.state == "fast_track")
        #expect(vip.taken.map(\.index) == [0])
        let standard = try apply("review", to: open())
        #expect(standard.after.state == "reviewing")
        #expect(standard.taken.map(\.trigger.text) == ["on:review"])
        #expect(standard.taken.map(\.index) == [1])
        #expect(standard.audit.evaluations.map(\.result) == [.bool(false), .bool(true)])
        #expect(standard.audit.from == "open")
        #expect(standard.audit.to == "reviewing")
        #expect(standard.after.step == 2)
        #expect(standard.after.updatedAt == t1)
        #expect(standard.after.createdAt == t0)
    }

    @Test func anEventTheStateDoesNotHandleIsRejectedWithWhatItAccepts() throws {
        let reviewing = try apply("review", to: open()).after
        let error = try #require(throws: EngineError.self) { try apply("pay", ["amount": .double(1)], to: reviewing) }
        #expect(error.kind == .eventRejected)
        #expect(error.message == "state 'reviewing' does not accept 'pay'; it accepts: decide, cancel")
    }

    @Test func anEventTheWorkflowDoesNotKnowIsNamedAsSuch() throws {
        let error = try #require(throws: EngineError.self) { try apply("refund", to: open()) }
        #expect(error.kind == .eventRejected)
        #expect(error.message == "state 'open' does not accept 'refund' ('refund' is not an event of workflow 'claim'); it accepts: review, pay, estimate, mark, receive, add, cancel")
    }

    @Test func anEventWhoseConditionsAllFailIsRejected() throws {
        let error = try #require(throws: EngineError.self) { try apply("review", to: open(["claim.count": .int(3)])) }
        #expect(error.kind == .eventRejected)
        #expect(error.message == "'review' is not accepted in state 'open': no transition's condition holds (see the conditions evaluated)")
    }

    @Test func aRejectedEventChangesNothing() throws {
        let c = try open(["claim.count": .int(3)])
        let copy = c
        #expect(throws: EngineError.self) { try apply("review", to: c) }
        #expect(throws: EngineError.self) { try apply("decide", to: c) }
        #expect(throws: EngineError.self) { try apply("mark", ["status": .string("refunded")], to: c) }
        #expect(c == copy)
        #expect(c.step == 1)
        // The same value still takes an event it accepts.
        #expect(try apply("cancel", to: c).after.state == "withdrawn")
        #expect(c == copy)
    }

    // MARK: Workflow-level handlers and final states

    @Test func theWorkflowLevelHandlerAppliesInAStateWithoutItsOwn() throws {
        let reviewing = try apply("review", to: open()).after
        let step = try apply("cancel", to: reviewing)
        #expect(step.after.state == "cancelled")
        #expect(step.taken.map(\.trigger.text) == ["global:cancel"])
        #expect(step.after.isClosed)
    }

    @Test func aStatesOwnHandlerWinsOverTheWorkflowLevelOne() throws {
        let step = try apply("cancel", to: open())
        #expect(step.after.state == "withdrawn")
        #expect(step.taken.map(\.trigger.text) == ["on:cancel"])
    }

    @Test func aFinalStateTakesNoEventsNotEvenWorkflowLevelOnes() throws {
        let paid = try apply("pay", ["amount": .double(10)], to: open()).after
        #expect(paid.state == "paid")
        #expect(paid.isClosed)
        for name in ["cancel", "decide", "review"] {
            let error = try #require(throws: EngineError.self) { try apply(name, to: paid) }
            #expect(error.kind == .eventRejected)
            #expect(error.message == "case 'C-1' is closed (final state 'paid') and takes no events")
        }
    }

    // MARK: set

    @Test func setReadsTheEventPayloadAndConvertsIntToDouble() throws {
        let step = try apply("pay", ["amount": .int(120)], to: open())
        #expect(step.after.state == "paid")
        #expect(step.after.data["claim.amount"] == .double(120))
        #expect(step.after.data["claim.status"] == .string("paid"))
    }

    @Test func anIntExpressionAssignedToADoubleFieldIsConverted() throws {
        let step = try apply("estimate", to: open(["claim.count": .int(2)]))
        #expect(step.after.data["claim.amount"] == .double(200))
        #expect(step.after.state == "open")
    }

    @Test func setComputesFromTheCaseAndThePayload() throws {
        let step = try apply("add", ["by": .int(2)], to: open(["claim.count": .int(1)]))
        #expect(step.after.data["claim.count"] == .int(3))
    }

    @Test func aTimestampInThePayloadMayBeText() throws {
        let step = try apply("receive", ["at": .string("2026-03-10T09:00:00+08:00")], to: open())
        #expect(step.after.data["claim.received_at"] == .timestamp(try ts("2026-03-10T09:00:00+08:00")))
    }

    @Test func setChecksTheEnumWhileRunning() throws {
        let c = try open()
        #expect(try apply("mark", ["status": .string("rejected")], to: c).after.data["claim.status"] == .string("rejected"))
        let error = try #require(throws: EngineError.self) { try apply("mark", ["status": .string("refunded")], to: c) }
        #expect(error.kind == .invalidData)
        #expect(error.field == "claim.status")
        #expect(error.message == "'claim.status' must be one of new, paid, rejected, got 'refunded'")
    }

    // MARK: Payloads

    @Test func anUndeclaredPayloadFieldIsRefused() throws {
        let error = try #require(throws: EngineError.self) {
            try apply("pay", ["amount": .double(10), "tip": .double(2)], to: open())
        }
        #expect(error.kind == .invalidPayload)
        #expect(error.field == "tip")
        #expect(error.message == "event 'pay': unknown field 'tip'")
    }

    @Test func anUndeclaredFieldIsReportedBeforeAMistypedOne() throws {
        // The unknown name usually explains the rest (a misspelling, a field of another event).
        let error = try #require(throws: EngineError.self) {
            try apply("pay", ["amount": .string("ten"), "tip": .double(2)], to: open())
        }
        #expect(error.field == "tip")
        #expect(error.message == "event 'pay': unknown field 'tip'")
    }

    @Test func aPayloadFieldCloseToADeclaredOneGetsASuggestion() throws {
        let error = try #require(throws: EngineError.self) {
            try apply("pay", ["amount": .double(10), "referense": .string("X")], to: open())
        }
        #expect(error.kind == .invalidPayload)
        #expect(error.field == "referense")
        #expect(error.message == "event 'pay': unknown field 'referense' (did you mean 'reference'?)")
    }

    @Test func ofSeveralUndeclaredPayloadFieldsTheAlphabeticallyFirstIsReported() throws {
        let c = try open()
        let unknown = ["tip", "referense", "note", "currency", "amout", "channel"]
        for capacity in [0, 8, 64, 512] {
            for names in [unknown, unknown.reversed()] {
                var payload = [String: Value](minimumCapacity: capacity)
                payload["amount"] = .double(10)
                for name in names { payload[name] = .string("x") }
                let error = try #require(throws: EngineError.self) { try apply("pay", payload, to: c) }
                #expect(error.kind == .invalidPayload)
                #expect(error.field == "amout")
                #expect(error.message == "event 'pay': unknown field 'amout' (did you mean 'amount'?)")
            }
        }
    }

    @Test func aPayloadForAnEventThatDeclaresNoFieldsIsRefused() throws {
        let error = try #require(throws: EngineError.self) { try apply("review", ["note": .string("hi")], to: open()) }
        #expect(error.kind == .invalidPayload)
        #expect(error.field == "note")
        #expect(error.message == "event 'review': unknown field 'note'")
    }

    @Test func aMissingOrMistypedPayloadFieldIsRefused() throws {
        let missing = try #require(throws: EngineError.self) { try apply("pay", to: open()) }
        #expect(missing.kind == .invalidPayload)
        #expect(missing.field == "amount")
        #expect(missing.message == "event 'pay': missing required field 'amount' (double)")
        let mistyped = try #require(throws: EngineError.self) { try apply("pay", ["amount": .string("lots")], to: open()) }
        #expect(mistyped.kind == .invalidPayload)
        #expect(mistyped.field == "amount")
        #expect(mistyped.message == "event 'pay': 'amount' must be double, got string 'lots'")
    }

    // MARK: Determinism

    @Test func theSameEventOnTheSameCaseGivesTheSameStep() throws {
        let c = try open(["customer.tier": .string("vip")])
        let a = try apply("review", to: c)
        let b = try apply("review", to: c)
        #expect(a.after == b.after)
        #expect(a.audit == b.audit)
        #expect(a.taken == b.taken)
        #expect(a.before == b.before)
        let s1 = try engine.start(workflow: "claim", id: "C-9", data: ["claim.count": .int(1)], at: t0)
        let s2 = try engine.start(workflow: "claim", id: "C-9", data: ["claim.count": .int(1)], at: t0)
        #expect(s1.after == s2.after)
        #expect(s1.audit == s2.audit)
    }
}

/// The audit names a condition after the state the case is in: for a workflow-level handler,
/// which serves every state, that name is made per step; for a state's own, once at compile time.
@Suite struct GuardPurposeTests {
    static let desk = """
        workflow: desk
        version: 1
        case:
          customer.tier: {type: string, default: standard}
        events:
          escalate: {}
          next: {}
        initial: first
        states:
          first:
            on:
              next:
                target: second
                when: customer.tier == 'standard'
          second: {}
          urgent: {final: true}
        on:
          escalate:
            - target: urgent
              when: customer.tier == 'vip'
            - target: urgent
        """

    @Test func aWorkflowLevelConditionIsNamedAfterTheCurrentState() throws {
        let engine = try makeEngine(Self.desk)
        let t0 = try ts("2026-03-02T10:00:00+08:00")
        let first = try engine.start(workflow: "desk", id: "D-1", data: [:], at: t0).after
        let fromFirst = try engine.apply(Event("escalate", at: t0), to: first)
        #expect(fromFirst.audit.evaluations.map(\.purpose) == ["when of global:escalate in 'first'"])
        let next = try engine.apply(Event("next", at: t0), to: first)
        #expect(next.audit.evaluations.map(\.purpose) == ["when of on:next in 'first'"])
        let fromSecond = try engine.apply(Event("escalate", at: t0), to: next.after)
        #expect(fromSecond.audit.evaluations.map(\.purpose) == ["when of global:escalate in 'second'"])
        #expect(fromSecond.after.state == "urgent")
    }

    /// A YAML alias puts one transition under two states; each state's audit still names itself.
    @Test func anAliasedTransitionIsNamedAfterTheStateThatTookIt() throws {
        let engine = try makeEngine("""
            workflow: shared
            version: 1
            case:
              customer.tier: {type: string, default: standard}
            events:
              next: {}
              drop: {}
            initial: draft
            states:
              draft:
                on:
                  next: review
                  drop: &drop
                    - target: dropped
                      when: customer.tier == 'standard'
                    - target: kept
              review:
                on:
                  drop: *drop
              dropped: {final: true}
              kept: {final: true}
            """)
        let t0 = try ts("2026-03-02T10:00:00+08:00")
        let draft = try engine.start(workflow: "shared", id: "S-1", data: [:], at: t0).after
        let fromDraft = try engine.apply(Event("drop", at: t0), to: draft)
        #expect(fromDraft.audit.evaluations.map(\.purpose) == ["when of on:drop in 'draft'"])
        let review = try engine.apply(Event("next", at: t0), to: draft).after
        let fromReview = try engine.apply(Event("drop", at: t0), to: review)
        #expect(fromReview.audit.evaluations.map(\.purpose) == ["when of on:drop in 'review'"])
        #expect(fromReview.after.state == "dropped")
    }
}
