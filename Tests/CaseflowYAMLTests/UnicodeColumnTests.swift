import CaseflowSource
import CaseflowYAML
import Testing

@Suite("Columns count characters, not bytes")
struct UnicodeColumnTests {
    @Test func keyAfterChineseValueInFlowMapping() {
        // Each of 退货退款 is 3 bytes in UTF-8; a byte count would put `k` at column 33.
        let top = root("m: {title: 退货退款 Return, k: v}\n")
        let entry = node(top, "m")?.entry(forKey: "k")
        #expect(entry?.key.location == at(1, 25))
        #expect(entry?.value.location == at(1, 28))
        #expect(node(top, "m", "title")?.string == "退货退款 Return")
    }

    @Test func valueAfterChineseKey() {
        let top = root("退货: 七日无理由\n三包期限: \"12 个月\"\n")
        #expect(node(top, "退货")?.location == at(1, 5))
        #expect(node(top, "三包期限")?.location == at(2, 7))
        #expect(node(top, "三包期限")?.scalar?.contentStart == at(2, 8))
    }

    @Test func sequenceItemsAfterChineseText() {
        let top = root("queues: [退货台, 维修, phone]\n")
        #expect(node(top, "queues")?.items?.map(\.location) == [at(1, 10), at(1, 15), at(1, 19)])
    }

    @Test func emojiAndAccentsAreOneColumnPerScalar() {
        // 📦 is 4 bytes and one Unicode scalar.
        let top = root("[📦, é, x]\n")
        #expect(top?.items?.map(\.location) == [at(1, 2), at(1, 5), at(1, 8)])
    }

    @Test func blockScalarAfterChineseKeyStartsAtItsIndentation() {
        let top = root("规则:\n  说明: |\n    七日无理由退货\n    第二行\n")
        let scalar = node(top, "规则", "说明")?.scalar
        #expect(scalar?.contentStart == at(3, 5))
        #expect(scalar?.value == "七日无理由退货\n第二行\n")
    }
}
