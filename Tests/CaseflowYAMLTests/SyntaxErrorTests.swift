import CaseflowSource
import CaseflowYAML
import Testing

@Suite("Syntax errors are located and explained")
struct SyntaxErrorTests {
    @Test func misalignedKey() throws {
        let error = try #require(parseError("a:\n  b: 1\n c: 2\n"))
        #expect(error.kind == .syntax)
        // The key " c" is indented by one space: neither under "a" nor under "b".
        #expect(error.location == at(3, 2))
        #expect(error.message.contains("did not find expected key"))
        #expect(error.message.contains("indentation"))
        #expect(error.notes.first?.location == at(1, 1))
        #expect(error.notes.first?.message == "the block mapping starts here")
    }

    @Test func unclosedQuotePointsAtTheOpeningQuote() throws {
        let error = try #require(parseError("title: \"退货 unclosed\nnext: 1\n"))
        #expect(error.kind == .syntax)
        #expect(error.location == at(1, 8))
        #expect(error.message.contains("closing quote"))
        // The end of the file, on the last line that has text (not on the empty line after it).
        #expect(error.notes.first?.location == at(2, 8))
    }

    @Test func colonInsidePlainValue() throws {
        let error = try #require(parseError("due: customer.tier == 'vip' ? a: b\n"))
        #expect(error.location == at(1, 32))
        #expect(error.message.contains("quote the whole value"))
    }

    @Test func tabIndentation() throws {
        let error = try #require(parseError("a: 1\n\tb: 2\n"))
        #expect(error.kind == .syntax)
        #expect(error.location == at(2, 1))
        #expect(error.message.contains("tab"))
    }

    @Test func unclosedFlowSequence() throws {
        let error = try #require(parseError("k: [a, b\nm: 1\n"))
        #expect(error.location == at(2, 2))
        #expect(error.notes.first?.location == at(1, 4))
        #expect(error.message.contains("close the \"[\" list"))
    }

    @Test func syntaxErrorAfterChineseTextCountsCharacters() throws {
        let error = try #require(parseError("标题: 退货: 退款\n"))
        // 标题: 退货: 退款 — the second ":" is the 7th character (and the 13th byte).
        #expect(error.location == at(1, 7))
    }

    @Test func controlCharacterIsRejected() throws {
        let error = try #require(parseError("a: 1\nb: x\u{07}y\n"))
        #expect(error.kind == .syntax)
        #expect(error.location == at(2, 5))
        #expect(error.message.contains("control characters"))
    }

    @Test func secondDocumentIsRejected() throws {
        let error = try #require(parseError("a: 1\n---\nb: 2\n"))
        #expect(error.kind == .multipleDocuments)
        #expect(error.location == at(2, 1))
        #expect(error.message.contains("exactly one"))
    }

    @Test func documentEndMarkerAloneIsFine() {
        #expect(root("---\na: 1\n...\n")?["a"]?.int == 1)
    }

    @Test func descriptionReadsLikeACompilerDiagnostic() throws {
        let error = try #require(parseError("a:\n  b: 1\n c: 2\n"))
        let lines = error.description.split(separator: "\n")
        #expect(lines.first?.hasPrefix("t.yaml:3:2: error: did not find expected key") == true)
        #expect(lines.last == "t.yaml:1:1: note: the block mapping starts here")
    }

    @Test func errorKindsCanBeMatchedInASwitch() throws {
        let error = try #require(parseError("a: *nope\n"))
        let handled: String
        switch error.kind {
        case .syntax: handled = "syntax"
        case .unknownAlias: handled = "alias"
        default: handled = "other"
        }
        #expect(handled == "alias")
        #expect(error.kind.description == "unknown-alias")
    }
}
