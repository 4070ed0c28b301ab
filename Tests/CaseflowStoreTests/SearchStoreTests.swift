import Foundation
import Testing
import CaseflowTestSupport
import CaseflowExpr
import CaseflowModel
import CaseflowEngine
import CaseflowStore

/// Cases found by their search values in both stores: written with each step, indexed again
/// when the search fields change, combined with the other filters.
@Suite struct SearchStoreTests {
    let engine: Engine
    let t0: Timestamp

    init() throws {
        engine = try makeServiceEngine()
        t0 = try mondayTen()
    }

    @Test(arguments: StoreKind.allCases) func casesAreFoundByTheirSearchValues(_ kind: StoreKind) async throws {
        let db = try await TempStore(kind)
        // Cases stored before the search field is declared are indexed when it is.
        try await createCase(db.store, engine, id: "A", at: t0, name: "Li Lei")
        try await db.store.useSearchKeys(["name": "customer.name"])
        try await createCase(db.store, engine, id: "B", at: try plus(t0, seconds: 60), name: "Wang Fang")
        try await createCase(db.store, engine, id: "C", at: try plus(t0, seconds: 86_400), name: "Li Lei")
        func ids(_ filter: CaseFilter) async throws -> [String] {
            try await db.store.cases(filter, after: nil, limit: 10).items.map(\.id)
        }
        let li = SearchValue(name: "name", value: "Li Lei")
        #expect(try await ids(CaseFilter(keys: [li])) == ["A", "C"])
        #expect(try await ids(CaseFilter(keys: [SearchValue(name: "name", value: "Wang Fang")])) == ["B"])
        #expect(try await ids(CaseFilter(createdAfter: try plus(t0, seconds: 3600), keys: [li])) == ["C"])
        #expect(try await ids(CaseFilter(createdBefore: try plus(t0, seconds: 3600))) == ["A", "B"])
        #expect(try await ids(CaseFilter(open: false)) == [])
        #expect(try await ids(CaseFilter(workflow: "service", open: true, keys: [li])) == ["A", "C"])
        // Paging through one customer's cases.
        let first = try await db.store.cases(CaseFilter(keys: [li]), after: nil, limit: 1)
        #expect(first.items.map(\.id) == ["A"])
        #expect(try await db.store.cases(CaseFilter(keys: [li]), after: first.next, limit: 1).items.map(\.id) == ["C"])
        // Another search field: every case is indexed again, and the old one finds nothing.
        try await db.store.useSearchKeys(["vip": "customer.name"])
        #expect(try await ids(CaseFilter(keys: [li])) == [])
        #expect(try await ids(CaseFilter(keys: [SearchValue(name: "vip", value: "Li Lei")])) == ["A", "C"])
    }
}
