import CaseflowYAML
import Testing

@Suite("Core schema resolution of plain scalars")
struct ResolutionTests {
    static func value(_ text: String) -> YAMLNode? {
        root("v: \(text)\n")?["v"]
    }

    @Test(arguments: [("true", true), ("True", true), ("TRUE", true), ("false", false), ("FALSE", false)])
    func bools(text: String, expected: Bool) {
        #expect(Self.value(text)?.bool == expected)
    }

    @Test(arguments: ["yes", "no", "on", "off", "tRUE", "\"true\"", "'false'", "1"])
    func notBools(text: String) throws {
        let node = try #require(Self.value(text))
        #expect(node.bool == nil)
    }

    @Test(arguments: ["~", "null", "Null", "NULL", ""])
    func nulls(text: String) {
        #expect(Self.value(text)?.isNull == true)
    }

    @Test(arguments: ["\"null\"", "'~'", "nil", "none", "0"])
    func notNulls(text: String) throws {
        let node = try #require(Self.value(text))
        #expect(node.isNull == false)
    }

    @Test(arguments: [("0", 0), ("42", 42), ("-17", -17), ("+3", 3), ("007", 7), ("0x1F", 31), ("0o17", 15),
                      ("9223372036854775807", Int.max)])
    func ints(text: String, expected: Int) {
        #expect(Self.value(text)?.int == expected)
    }

    @Test(arguments: ["1.5", "\"12\"", "12abc", "0x", "0xG1", "0o8", "0x-1", "1_000", "9223372036854775808", "1-2", ""])
    func notInts(text: String) throws {
        let node = try #require(Self.value(text))
        #expect(node.int == nil)
    }

    @Test(arguments: [("1.5", 1.5), ("-2e3", -2000), (".5", 0.5), ("3.", 3), ("1E+2", 100), ("12", 12),
                      (".inf", Double.infinity), ("-.Inf", -Double.infinity)])
    func doubles(text: String, expected: Double) {
        #expect(Self.value(text)?.double == expected)
    }

    @Test(arguments: ["abc", "1.2.3", "e5", ".", "'1.5'", "1e", "inf", "NaN"])
    func notDoubles(text: String) throws {
        let node = try #require(Self.value(text))
        #expect(node.double == nil)
    }

    @Test func nanIsADouble() {
        #expect(Self.value(".nan")?.double?.isNaN == true)
    }

    @Test func stringIsTheTextWhateverItResolvesTo() {
        #expect(Self.value("~")?.string == "~")
        #expect(Self.value("042")?.string == "042")
        #expect(Self.value("[1]")?.string == nil)
    }

    @Test func explicitTagsOverrideQuotingAndResolution() {
        #expect(Self.value("!!int \"12\"")?.int == 12)
        #expect(Self.value("!!bool 'true'")?.bool == true)
        #expect(Self.value("!!str 12")?.int == nil)
        #expect(Self.value("!!str true")?.bool == nil)
        #expect(Self.value("!!str true")?.string == "true")
        #expect(Self.value("!!null ''")?.isNull == true)
        #expect(Self.value("!!float 1")?.double == 1)
        #expect(Self.value("!custom 12")?.int == nil)
        #expect(Self.value("!custom 12")?.tag == "!custom")
    }
}
