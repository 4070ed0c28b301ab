import CaseflowExpr

/// Reads the text-format tree of a `cel.expr.conformance.test.SimpleTestFile` into a
/// ``ConformanceFile``. A test that uses a field this runner cannot honour is kept, marked
/// ``ConformanceTest/unsupported``, so it is reported as skipped rather than run wrongly.
enum TestFileDecoding {
    static func file(_ root: TextProtoMessage, name: String) throws(TextProtoError) -> ConformanceFile {
        var sections: [ConformanceSection] = []
        for sectionField in root.all("section") {
            let section = try sectionField.message()
            let sectionName = try section.field("name")?.string() ?? ""
            var tests: [ConformanceTest] = []
            for testField in section.all("test") {
                tests.append(try test(testField, idPrefix: "\(name)/\(sectionName)/"))
            }
            sections.append(ConformanceSection(name: sectionName, tests: tests))
        }
        return ConformanceFile(name: name, sections: sections)
    }

    private static func test(_ field: TextProtoField, idPrefix: String) throws(TextProtoError) -> ConformanceTest {
        let message = try field.message()
        let id = idPrefix + (try message.field("name")?.string() ?? "")
        let expr = try message.field("expr")?.string() ?? ""
        do {
            return try decode(message, id: id, expr: expr)
        } catch let error as TextProtoError {
            throw error
        } catch let error as Unsupported {
            return .unsupported(id: id, expr: expr, reason: error.reason)
        } catch {
            throw TextProtoError("\(error)", at: field.location)
        }
    }

    private static func decode(_ message: TextProtoMessage, id: String, expr: String) throws -> ConformanceTest {
        var test = ConformanceTest(id: id, expr: expr, disableCheck: false, declarations: [], bindings: [],
                                   expectation: .value(.bool(true)), unsupported: nil)
        for f in message.fields {
            if f.isExtension { throw Unsupported("extension field [\(f.name)]") }
            switch f.name {
            case "name", "expr", "description":
                break
            case "disable_check":
                test.disableCheck = try f.bool()
            case "disable_macros", "check_only":
                if try f.bool() { throw Unsupported("\(f.name) is set") }
            case "container", "locale":
                let text = try f.string()
                if !text.isEmpty { throw Unsupported("\(f.name) '\(text)'") }
            case "type_env":
                test.declarations.append(try declaration(f))
            case "bindings":
                test.bindings.append(try binding(f))
            case "value":
                test.expectation = .value(try ValueDecoding.value(f))
            case "eval_error", "any_eval_errors":
                _ = try f.message()
                test.expectation = .error
            case "typed_result":
                throw Unsupported("typed_result needs the type-deduction checker")
            default:
                throw Unsupported("field '\(f.name)'")
            }
        }
        return test
    }

    /// A `cel.expr.Decl`: only identifier declarations are supported.
    private static func declaration(_ field: TextProtoField) throws -> (name: String, type: CELType) {
        let decl = try field.message()
        guard let name = try decl.field("name")?.string() else {
            throw TextProtoError("a declaration needs a name", at: field.location)
        }
        guard let ident = decl.field("ident") else { throw Unsupported("function declaration '\(name)'") }
        guard let type = try ident.message().field("type") else { return (name, .dyn) }
        return (name, try ValueDecoding.type(type))
    }

    /// A `bindings` map entry: a name and a `cel.expr.ExprValue` holding a value.
    private static func binding(_ field: TextProtoField) throws -> (name: String, value: Value) {
        let entry = try field.message()
        guard let key = entry.field("key"), let exprValue = entry.field("value") else {
            throw TextProtoError("a binding needs 'key' and 'value'", at: field.location)
        }
        let name = try key.string()
        guard let value = try exprValue.message().field("value") else {
            throw Unsupported("binding '\(name)' is not a plain value")
        }
        return (name, try ValueDecoding.value(value))
    }
}
