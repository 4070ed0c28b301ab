import CaseflowEngine
import CaseflowExpr
import CaseflowJSON
import CaseflowReport
import CaseflowStore
import CaseflowTestSupport
import Testing

/// The report tables in both stores: each step writes its case's facts row and the SLA results
/// it settled in its own transaction; a refused step writes none; the rows read back the same
/// from SQLite and PostgreSQL, so a report over them is the same too.
@Suite struct KPIStoreTests {
    let engine: Engine

    init() throws {
        engine = try Engine(definitions: loadDefinitions(try repositoryRuleTexts() + [kpiDeskWorkflow, kpiSurveyWorkflow]))
    }

    func step(_ store: any CaseStore, _ id: String, _ body: @escaping @Sendable (CaseState) throws(EngineError) -> Step) async throws {
        _ = try await store.apply(caseID: id, eventID: nil, body, response: { _ in [] })
    }

    func send(_ store: any CaseStore, _ id: String, _ event: String, _ at: String, _ data: [String: Value] = [:]) async throws {
        let engine = engine, when = try ts(at)
        try await step(store, id) { (c: CaseState) throws(EngineError) -> Step in try engine.apply(Event(event, data: data, at: when), to: c) }
    }

    /// A: answered, resolved in time, confirmed. C: misses its SLA (the breach timer fires), then
    /// is answered and resolved. S1 scores A.
    func history(_ store: any CaseStore) async throws {
        for (id, tier, at) in [("A", "vip", "2026-09-28T10:00:00+08:00"), ("C", "standard", "2026-09-29T09:00:00+08:00")] {
            let step = try engine.start(workflow: "desk", id: id, data: ["customer.id": .string("C-" + id), "customer.tier": .string(tier)], at: try ts(at))
            try await store.create(step, response: [])
        }
        try await send(store, "A", "answer", "2026-09-28T10:30:00+08:00")
        try await send(store, "A", "resolve", "2026-09-28T12:00:00+08:00")
        try await send(store, "A", "confirm", "2026-09-28T13:00:00+08:00")
        let breach = try #require(try await store.loadCase("C")?.timers.first { $0.trigger == .slaBreach("resolution") })
        let engine = engine, due = breach.due
        try await step(store, "C") { (c: CaseState) throws(EngineError) -> Step in try engine.fire(timer: breach.id, at: due, in: c) }
        try await send(store, "C", "answer", "2026-09-30T09:30:00+08:00")
        try await send(store, "C", "resolve", "2026-09-30T10:00:00+08:00")
        let survey = try engine.start(workflow: "survey", id: "S1", data: ["parent.id": .string("A")], at: try ts("2026-10-08T09:00:00+08:00"))
        try await store.create(survey, response: [])
        try await send(store, "S1", "scored", "2026-10-08T09:10:00+08:00", ["csat": .int(5), "nps": .int(9)])
    }

    @Test(arguments: StoreKind.allCases) func eachStepWritesItsCasesFacts(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        try await history(db.store)
        let from = try ts("2026-09-01T00:00:00+08:00"), to = try ts("2026-11-01T00:00:00+08:00")
        let rows = try await db.store.kpiCases(from: from, to: to)
        #expect(rows.map(\.caseID) == ["A", "C", "S1"])
        let a = rows[0].measures, c = rows[1].measures, s1 = rows[2].measures
        let opened = try ts("2026-09-28T10:00:00+08:00"), answered = try ts("2026-09-28T10:30:00+08:00")
        let resolved = try ts("2026-09-28T12:00:00+08:00"), closed = try ts("2026-09-28T13:00:00+08:00")
        #expect(rows[0].workflow == "desk" && rows[0].openedAt == opened)
        #expect(a.queue == "vip_desk" && a.tier == "vip" && a.channel == "phone")
        #expect(a.firstResponseAt == answered && a.firstResponseBusiness == 1800)
        #expect(a.resolvedAt == resolved && a.resolutionBusiness == 7200)
        #expect(a.firstContact == true && a.reopens == 0 && a.confirmed == true)
        #expect(a.closedAt == closed)
        #expect(c.queue == "desk" && c.closedAt == nil && c.confirmed == false && c.resolutionBusiness == 32400)
        let scored = try ts("2026-10-08T09:10:00+08:00")
        #expect(s1.surveyOf == "A" && s1.csat == 5 && s1.nps == 9 && s1.answeredAt == scored)
        #expect(s1.confirmed == nil && s1.recovered == false)

        // The SLA results: A met when resolved; C breached at its deadline (and still so when resolved).
        let outcomes = try await db.store.kpiSLAOutcomes(from: from, to: to)
        #expect(outcomes == [SLAOutcome(caseID: "A", sla: "resolution", met: true, at: try ts("2026-09-28T12:00:00+08:00")),
                             SLAOutcome(caseID: "C", sla: "resolution", met: false, at: try ts("2026-09-29T17:00:00+08:00"))])
        // A case closed before the range is not read; one named by id is, whenever it was open.
        #expect(try await db.store.kpiCases(from: try ts("2026-09-29T00:00:00+08:00"), to: to).map(\.caseID) == ["C", "S1"])
        #expect(try await db.store.kpiCases(ids: ["A", "nobody"]).map(\.caseID) == ["A"])
        // The facts are kept with the case too, so the next step goes on from them.
        #expect(try await db.store.loadCase("A")?.measures == a)
    }

    @Test(arguments: StoreKind.allCases) func aRefusedStepWritesNoFacts(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let step = try engine.start(workflow: "desk", id: "A", data: ["customer.id": .string("C-A"), "customer.tier": .string("vip")], at: try ts("2026-09-28T10:00:00+08:00"))
        try await db.store.create(step, response: [])
        // 'resolve' is not taken in new_vip: the engine refuses, and nothing is written.
        await #expect(throws: StoreError.self) { try await send(db.store, "A", "resolve", "2026-09-28T11:00:00+08:00") }
        let rows = try await db.store.kpiCases(from: try ts("2026-09-01T00:00:00Z"), to: try ts("2026-11-01T00:00:00Z"))
        #expect(rows.count == 1 && rows[0].measures.resolvedAt == nil && rows[0].measures.firstResponseAt == nil)
    }

    @Test func bothStoresGiveTheSameReport() async throws {
        var reports: [[UInt8]] = []
        for kind in StoreKind.allCases {
            let db = try await TempStore(kind)
            try await history(db.store)
            let query = KPIQuery(from: try ts("2026-09-28T00:00:00+08:00"), to: try ts("2026-10-12T00:00:00+08:00"), groupBy: [.queue],
                                 period: .week, zone: try #require(ZoneRule("Asia/Shanghai")))
            let cases = try await db.store.kpiCases(from: query.from, to: query.to)
            let report = try KPIReport.build(query, cases: cases, slaOutcomes: try await db.store.kpiSLAOutcomes(from: query.from, to: query.to),
                                         subjects: try await db.store.kpiCases(ids: KPIReport.subjectIDs(of: cases)))
            #expect(report.total.opened == 3 && report.total.sla["resolution"]?.met == 1 && report.total.sla["resolution"]?.breached == 1)
            #expect(report.periods == ["2026-W40", "2026-W41"])
            reports.append(JSONWriter.kpiReport(report))
        }
        #expect(reports[0] == reports[1])
    }

    @Test(arguments: StoreKind.allCases) func aBreachStaysWhereItWasCountedAndManyContactsAreKept(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        let first = try engine.start(workflow: "desk", id: "A", data: ["customer.id": .string("C-A"), "customer.tier": .string("standard")],
                                     at: try ts("2026-09-28T09:00:00+08:00"))
        try await db.store.create(first, response: [])
        try await send(db.store, "A", "answer", "2026-09-28T09:30:00+08:00")
        // Missed at 17:00; then paused and resumed (the clock's deadline moves to the resumption).
        let breach = try #require(try await db.store.loadCase("A")?.timers.first { $0.trigger == .slaBreach("resolution") })
        let engine = engine, due = breach.due
        try await step(db.store, "A") { (c: CaseState) throws(EngineError) -> Step in try engine.fire(timer: breach.id, at: due, in: c) }
        // Twelve rounds with the customer: more contacts than a snapshot's last bytes could count.
        for round in 0..<12 {
            try await send(db.store, "A", "wait_for_customer", "2026-09-29T10:\(10 + 2 * round):00+08:00")
            try await send(db.store, "A", "customer_back", "2026-09-29T10:\(11 + 2 * round):00+08:00")
        }
        try await send(db.store, "A", "resolve", "2026-09-29T12:00:00+08:00")
        let outcomes = try await db.store.kpiSLAOutcomes(from: try ts("2026-09-01T00:00:00Z"), to: try ts("2026-11-01T00:00:00Z"))
        #expect(outcomes == [SLAOutcome(caseID: "A", sla: "resolution", met: false, at: try ts("2026-09-28T17:00:00+08:00"))])
        // Read back from the database, not the store's cache.
        let other = try await db.reopen()
        let measures = try #require(try await other.loadCase("A")?.measures)
        #expect(measures.contacts == 12 && measures.firstContact == false)
    }

    @Test func tooManyGroupsAreRefusedNotMade() throws {
        // A value per case, by day over 1000 days: 300 × 1000 groups.
        let rows = (0..<300).map { n in
            var m = CaseMeasures()
            m.assignee = "agent-\(n)"
            return KPIRow(caseID: "K-\(1000 + n)", workflow: "desk", openedAt: Timestamp(milliseconds: 1_788_192_000_000 + Int64(n) * 60_000), measures: m)
        }
        let query = try KPIQuery.parse(from: try ts("2024-01-01T00:00:00Z"), to: try ts("2026-09-27T00:00:00Z"), by: "assignee,day", zone: .utc)
        #expect(throws: KPIQueryError.self) { try KPIReport.build(query, KPIRows(cases: rows, slaOutcomes: [], subjects: [])) }
        let monthly = try KPIQuery.parse(from: query.from, to: query.to, by: "assignee,month", zone: .utc)
        #expect(try KPIReport.build(monthly, KPIRows(cases: rows, slaOutcomes: [], subjects: [])).total.backlog == 300)
    }
}
