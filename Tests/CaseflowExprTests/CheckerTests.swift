import Testing
@testable import CaseflowExpr

@Suite struct CheckerTests {
    let schema: [String: CELType] = [
        "order.channel": .string, "order.delivered_at": .timestamp, "repair.count": .int,
        "product.category": .string, "now": .timestamp,
    ]

    @Test func misspeltFieldSuggestsTheRightOne() throws {
        let errors = try check("now <= order.deliverd_at + duration('168h')", schema)
        #expect(errors.count == 1)
        #expect(errors.first?.code == .unknownField)
        #expect(errors.first?.suggestion == "order.delivered_at")
        #expect(errors.first?.position.column == 8)
    }

    @Test func unknownRootNameIsReported() throws {
        let errors = try check("ordr.channel == 'online'", schema)
        #expect(errors.first?.code == .unknownIdentifier)
        #expect(errors.first?.position.column == 1)
    }

    @Test func stringComparedWithNumberIsATypeError() throws {
        let errors = try check("order.channel == 1", schema)
        #expect(errors.map(\.code) == [.typeMismatch])
        #expect(errors.first?.position.column == 15)
    }

    @Test func guardsMustBeBool() throws {
        #expect(try check("repair.count + 1", schema, expecting: .bool).map(\.code) == [.notBool])
        #expect(try check("repair.count >= 2", schema, expecting: .bool).isEmpty)
    }

    @Test func arithmeticNeedsMatchingNumberTypes() throws {
        #expect(try check("repair.count + 1.5 > 2.0", schema).map(\.code) == [.noMatchingOverload])
    }

    @Test func allProblemsAreCollected() throws {
        let errors = try check("ordr.x == 1 && order.chanel == 'a' && size(1)", schema)
        #expect(errors.count == 3)
    }

    @Test func unknownFunctionSuggestsClosest() throws {
        let errors = try check("product.category.startswith('ph')", schema)
        #expect(errors.first?.code == .unknownFunction)
        #expect(errors.first?.suggestion == "startsWith")
    }

    @Test func comprehensionVariablesAreTyped() throws {
        #expect(try check("[1, 2].all(x, x > 0)", schema).isEmpty)
        #expect(try check("['a'].all(x, x > 0)", schema).map(\.code) == [.typeMismatch])
    }
}
