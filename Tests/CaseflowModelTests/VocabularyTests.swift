import CaseflowSource
import CaseflowExpr
import CaseflowModel
import CaseflowYAML
import Testing

/// The case data vocabulary: the shipped `rules/vocabulary.yaml`, and how workflows and rule
/// sets use, narrow and may not contradict it.
@Suite("Case data vocabulary")
struct VocabularyTests {
    static let vocabulary = """
        vocabulary:
          customer.id: {type: string, personal: true, meaning: the customer's id}
          customer.tier: {type: string, enum: [standard, vip], default: standard}
          order.channel:
            type: string
            enum: [online, store, phone, tv, mail]
            meaning: where the order was placed
          order.delivered_at: timestamp
          order.paid_at: timestamp
          refund.refunded_at: {type: timestamp, optional: true}
        """

    /// A return workflow whose `case:` is `caseBlock`; it uses rule set shop/returns.
    static func workflow(_ caseBlock: String) -> String {
        """
        workflow: return
        version: 1
        rules: [shop/returns]
        case:
        \(caseBlock)
        initial: requested
        states:
          requested:
            always:
              - target: approved
                when: rules.in_time && customer.tier == 'vip'
              - target: denied
          approved: {final: true}
          denied: {final: true}
        """
    }

    /// Reads `order.channel` and `order.delivered_at`, declaring neither.
    static let ruleSet = """
        ruleset: shop/returns
        rules:
          in_time:
            when: order.channel != 'store' && now - order.delivered_at <= duration('168h')
        """

    /// Loads texts as separate files, validates, and returns the resolved definitions and
    /// every problem.
    func check(_ texts: String...) -> (definitions: Definitions, problems: [Diagnostic]) {
        var definitions = Definitions()
        var bag = DiagnosticBag()
        for (index, text) in texts.enumerated() {
            DefinitionLoader().load(text: text, path: "file\(index).yaml", into: &definitions, bag: &bag)
        }
        let problems = bag.items + Validator(functions: definitions.functionTable().functions).validate(definitions)
        return (definitions.resolvingVocabulary().definitions, problems)
    }

    @Test("a search name is a lower-case word on a string field, and finds one field")
    func searchNames() {
        var definitions = Definitions()
        var bag = DiagnosticBag()
        DefinitionLoader().load(text: """
            vocabulary:
              customer.id: {type: string, search: customer}
              order.id: {type: string, search: customer}
              order.total: {type: double, search: total}
              product.serial: {type: string, search: Serial-No}
            """, path: "v.yaml", into: &definitions, bag: &bag)
        let problems = bag.items + definitions.resolvingVocabulary().diagnostics
        #expect(problems.contains { $0.code == .badValue && $0.message.contains("'search: customer' is declared for 'customer.id' already") })
        #expect(problems.contains { $0.code == .badValue && $0.message.contains("'search: total' must be a lower-case word") && $0.message.contains("on a string field") })
        #expect(problems.contains { $0.code == .badValue && $0.message.contains("'search: Serial-No'") })
        #expect(definitions.vocabulary.first { $0.name == "customer.id" }?.search == "customer")
    }

    // MARK: The shipped vocabulary

    static let shippedPaths = ["workflows", "rules"].map { PackagePaths.root.appendingPathComponent($0).path }

    @Test("rules/vocabulary.yaml declares DESIGN.md's table, with meanings and the personal fields marked")
    func shippedVocabulary() throws {
        let report = DefinitionCheck.run(paths: Self.shippedPaths)
        #expect(!report.hasErrors)
        let vocabulary = report.definitions.vocabulary
        let byName = Dictionary(vocabulary.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let table: [(String, FieldType)] = [
            ("customer.id", .string), ("customer.name", .string), ("customer.tier", .string), ("order.id", .string),
            ("order.channel", .string), ("order.paid_at", .timestamp), ("order.invoiced_at", .timestamp),
            ("order.delivered_at", .timestamp), ("order.exclusion_confirmed", .bool), ("order.withdrawal_info_given", .bool),
            ("product.sku", .string), ("product.serial", .string), ("product.category", .string), ("request.kind", .string),
            ("request.reason", .string), ("request.fault", .string), ("request.condition", .string),
            ("request.performance_fault", .bool), ("repair.count", .int), ("repair.days", .int),
        ]
        for (name, type) in table {
            let field = try #require(byName[name], "\(name) is missing from the vocabulary")
            #expect(field.type == type, "\(name)")
        }
        for field in vocabulary {
            #expect(field.meaning?.isEmpty == false, "\(field.name) says nothing of what it means")
        }
        #expect(byName["customer.tier"]?.allowed == ["standard", "vip"])
        #expect(byName["order.channel"]?.allowed == ["online", "store", "phone", "tv", "mail"])
        #expect(byName["request.kind"]?.allowed == ["return", "exchange", "repair"])
        #expect(byName["request.condition"]?.allowed == ["intact", "used", "damaged"])
        #expect(byName["order.exclusion_confirmed"]?.defaultValue == .bool(false))
        #expect(byName["order.withdrawal_info_given"]?.defaultValue == .bool(true))
        #expect(byName["request.performance_fault"]?.defaultValue == .bool(false))
        #expect(byName["repair.count"]?.defaultValue == .int(0))
        #expect(byName["repair.days"]?.defaultValue == .int(0))
        #expect(Set(vocabulary.filter(\.personal).map(\.name))
                == ["customer.name", "customer.id", "order.id", "product.serial", "request.reason", "request.fault"])
    }

    @Test("no shipped workflow or rule set declares a vocabulary field's type again")
    func noRedeclarations() {
        let report = DefinitionCheck.run(paths: Self.shippedPaths)
        let names = Set(report.definitions.vocabulary.map(\.name))
        for w in report.definitions.workflows {
            let again = w.declaredFields.filter { names.contains($0.name) && $0.typeWritten }.map(\.name)
            #expect(again == [], "workflow '\(w.id)' declares vocabulary fields with their type again")
        }
        for set in report.definitions.ruleSets {
            let again = set.declaredFields.filter { names.contains($0.name) && $0.typeWritten }.map(\.name)
            #expect(again == [], "rule set '\(set.id)' declares vocabulary fields with their type again")
        }
    }

    @Test("a shipped workflow's schema has the vocabulary fields its rules read, as the vocabulary declares them")
    func shippedSchemas() throws {
        let report = DefinitionCheck.run(paths: Self.shippedPaths)
        let ret = try #require(report.definitions.workflow("return"))
        // Read by cn/returns, declared nowhere but in the vocabulary.
        let channel = try #require(ret.field("order.channel"))
        #expect(channel.type == .string && channel.allowed == ["online", "store", "phone", "tv", "mail"] && channel.isRequired)
        #expect(ret.field("order.delivered_at")?.isRequired == true)
        #expect(ret.field("refund.refunded_at")?.optional == true)
        // Named to be required, and narrowed.
        #expect(ret.field("customer.id")?.isRequired == true)
        #expect(ret.field("request.kind")?.allowed == ["return", "exchange"])
        #expect(ret.field("request.kind")?.defaultValue == .string("return"))
        // Not used: not in the schema, but a case may carry it.
        #expect(ret.field("customer.name") == nil)
        #expect(ret.acceptedFields.contains { $0.name == "customer.name" })
        let repair = try #require(report.definitions.workflow("repair"))
        #expect(repair.field("order.invoiced_at")?.isRequired == true)
        #expect(repair.field("request.kind")?.defaultValue == .string("repair"))
    }

    // MARK: Using and narrowing

    @Test("a rule set may read vocabulary fields the workflow does not declare")
    func ruleSetReadsUndeclaredVocabularyFields() throws {
        let (definitions, problems) = check(Self.vocabulary, Self.ruleSet, Self.workflow("  customer.id:"))
        #expect(problems.map(\.description) == [])
        let w = try #require(definitions.workflow("return"))
        #expect(w.fields.map(\.name) == ["customer.id", "customer.tier", "order.channel", "order.delivered_at"])
        #expect(w.field("order.delivered_at")?.type == .timestamp)
        let set = try #require(definitions.ruleSet("shop/returns"))
        #expect(set.fields.map(\.name) == ["order.channel", "order.delivered_at"])
    }

    @Test("narrowing order.channel to an enum subset, with a default, is accepted")
    func narrowingIsAccepted() throws {
        let (definitions, problems) = check(Self.vocabulary, Self.ruleSet, Self.workflow("""
              order.channel: {enum: [online, store], default: online}
              order.paid_at: {optional: true}
            """))
        #expect(problems.map(\.description) == [])
        let w = try #require(definitions.workflow("return"))
        let channel = try #require(w.field("order.channel"))
        #expect(channel.type == .string)
        #expect(channel.allowed == ["online", "store"])
        #expect(channel.defaultValue == .string("online"))
        #expect(w.field("order.paid_at")?.optional == true)
        #expect(w.field("order.paid_at")?.type == .timestamp)
        // The rule set still reads the vocabulary's declaration.
        #expect(definitions.ruleSet("shop/returns")?.fields.first?.allowed == ["online", "store", "phone", "tv", "mail"])
    }

    @Test("writing the vocabulary's own type is allowed; another type is CF307 at the declaration")
    func changingTheTypeIsAnError() throws {
        let same = check(Self.vocabulary, Self.ruleSet, Self.workflow("  order.channel: {type: string, enum: [online]}"))
        #expect(same.problems.map(\.description) == [])

        let (_, problems) = check(Self.vocabulary, Self.ruleSet, Self.workflow("  order.channel: int"))
        let problem = try #require(problems.first)
        #expect(problems.count == 1, "\(problems)")
        #expect(problem.code == .schemaMismatch)
        #expect(problem.location == SourceLocation(file: "file2.yaml", line: 5, column: 3))
        #expect(problem.message.contains("'order.channel' is int in workflow 'return', but the vocabulary declares 'order.channel' string (one of online, store, phone, tv, mail)"))
        #expect(problem.notes.map(\.location) == [SourceLocation(file: "file0.yaml", line: 4, column: 3)])
    }

    @Test("a narrowed enum outside the vocabulary's, a default of the wrong type, and a rule set's change of type are errors")
    func otherContradictions() throws {
        let wider = check(Self.vocabulary, Self.ruleSet, Self.workflow("  order.channel: {enum: [online, fax]}")).problems
        #expect(wider.map(\.code) == [.schemaMismatch])
        #expect(wider.first?.message.contains("'order.channel' allows 'fax'") == true)

        let badDefault = check(Self.vocabulary, Self.ruleSet, Self.workflow("  order.paid_at: {default: yesterday}")).problems
        #expect(badDefault.map(\.code) == [.badTimestamp])
        #expect(badDefault.first?.location == SourceLocation(file: "file2.yaml", line: 5, column: 28))

        let ruleSetType = check(Self.vocabulary, """
            ruleset: shop/returns
            fields:
              order.delivered_at: string
            rules:
              in_time:
                when: order.channel != 'store'
            """, Self.workflow("  customer.id:")).problems
        #expect(ruleSetType.map(\.code) == [.schemaMismatch])
        #expect(ruleSetType.first?.message.contains("in rule set 'shop/returns'") == true)
        #expect(ruleSetType.first?.location == SourceLocation(file: "file1.yaml", line: 3, column: 3))
    }

    @Test("a name neither declared nor in the vocabulary is refused with the closest name")
    func unknownNames() {
        // Named without a type: it must be a vocabulary field.
        let typeless = check(Self.vocabulary, Self.ruleSet, Self.workflow("  order.chanel:")).problems
        #expect(typeless.map(\.code) == [.missingKey])
        #expect(typeless.first?.suggestion == "order.channel")
        // Read in an expression: the closest name among the schema and the vocabulary.
        let read = check(Self.vocabulary, """
            ruleset: shop/returns
            rules:
              in_time:
                when: now - order.paid_att <= duration('168h')
            """, Self.workflow("  customer.id:")).problems
        #expect(read.map(\.code) == [.unknownField])
        #expect(read.first?.suggestion == "order.paid_at")
        // Set by the workflow.
        let set = check(Self.vocabulary, Self.ruleSet, """
            workflow: return
            version: 1
            rules: [shop/returns]
            initial: requested
            states:
              requested:
                always:
                  - target: done
                    set: {refund.refunded_att: now}
              done: {final: true}
            """).problems
        #expect(set.map(\.code) == [.unknownField])
        #expect(set.first?.suggestion == "refund.refunded_at")
    }

    @Test("a workflow may set and read a vocabulary field it does not declare; it joins the schema")
    func setAndReadWithoutDeclaring() throws {
        let (definitions, problems) = check(Self.vocabulary, """
            workflow: refund
            version: 1
            initial: paying
            states:
              paying:
                always:
                  - target: paid
                    when: "!has(refund.refunded_at)"
                    set: {refund.refunded_at: now}
              paid: {final: true}
            """)
        #expect(problems.map(\.description) == [])
        #expect(definitions.workflow("refund")?.fields.map(\.name) == ["refund.refunded_at"])
    }

    @Test("without a vocabulary a field needs its type, as before")
    func noVocabulary() {
        let problems = check("""
            workflow: return
            version: 1
            case:
              customer.tier:
            initial: requested
            states:
              requested:
                always:
                  - target: done
                    when: customer.tier == 'vip'
              done: {final: true}
            """).problems
        #expect(problems.map(\.code) == [.missingKey])
        #expect(problems.first?.message.contains("no vocabulary file is loaded") == true)
    }

    @Test("resolving is idempotent, so the loader, the validator and the engine may each do it")
    func idempotent() throws {
        let (once, _) = check(Self.vocabulary, Self.ruleSet, Self.workflow("  order.channel: {enum: [online, store]}"))
        let (twice, problems) = once.resolvingVocabulary()
        #expect(problems.isEmpty)
        let a = try #require(once.workflow("return")), b = try #require(twice.workflow("return"))
        #expect(a.fields.map(\.name) == b.fields.map(\.name))
        #expect(a.fields.map(\.allowed) == b.fields.map(\.allowed))
    }

    @Test("vocabulary files take type, enum, default, optional, meaning and personal; nothing else")
    func vocabularyKeys() {
        let problems = check("""
            vocabulary:
              customer.id: {type: string, personel: true}
            """).problems
        #expect(problems.map(\.code) == [.unknownKey])
        #expect(problems.first?.suggestion == "personal")
    }
}
