import AttestLedger
import Foundation
import Testing

/// The one JSON value type: strict parsing, exact integers, and agreement with Foundation's decoder.
@Suite struct JSONValueTests {
    @Test(arguments: [
        "01", "+1", "1.", ".5", "1e", "1e+", "-", "--1", "0x10", "NaN", "Infinity", "1e999", "\"\\ud800\"", "\"\\udc00x\"",
        "\"\\u12\"", "\"\\q\"", "\"tab\there\"", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "[1 2]", "tru", "nul", "1 2", "",
    ])
    func refusesWhatIsNotJSON(_ text: String) {
        #expect(JSONValue(parsing: Array(text.utf8)) == nil, "accepted \(text)")
        // Foundation's decoder takes a trailing comma; the RFC, and this parser, do not.
        if !text.contains(",]") && !text.contains(",}") {
            #expect((try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) == nil, "Foundation accepted \(text)")
        }
    }

    @Test func wholeNumbersStayExactIntegers() throws {
        let value = try #require(
            JSONValue(parsing: Array(#"{"big":9007199254740993,"neg":-0,"f":1.5,"e":2e3,"s":"\u00e9\ud83d\ude00"}"#.utf8)))
        #expect(value["big"] == .integer(9_007_199_254_740_993))
        #expect(value["neg"] == .integer(0))
        #expect(value["f"] == .number(1.5))
        #expect(value["e"] == .number(2000))
        #expect(value["e"]?.integerValue == 2000)
        #expect(value["s"]?.stringValue == "é😀")
        #expect(value.canonicalBytes == Array(#"{"big":9007199254740993,"e":2000,"f":1.5,"neg":0,"s":"é😀"}"#.utf8))
    }

    @Test func agreesWithFoundationOnValidDocuments() throws {
        let documents = [
            #"{"a":[1,2.25,-3e-2,true,false,null],"b":{"c":"x\"y\\z\/\n"},"d":[]}"#, "[]", "{}", "  42 ", "\"plain\"",
            #"[{"nested":[[[{"k":-9223372036854775808}]]]}]"#,
        ]
        for text in documents {
            let ours = try #require(JSONValue(parsing: Array(text.utf8)), "refused \(text)")
            #expect(ours == (try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))), "differs on \(text)")
        }
    }

    @Test func refusesNestingDeeperThanItsLimit() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(JSONValue(parsing: Array(deep.utf8)) == nil)
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(JSONValue(parsing: Array(fine.utf8)) != nil)
    }
}
