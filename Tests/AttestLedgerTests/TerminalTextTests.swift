import Testing

@testable import AttestLedger

@Suite("Text: terminal escaping, visible text, identifier names")
struct TerminalTextTests {
    @Test("escape sequences, carriage returns and bidi overrides never reach a terminal raw")
    func terminalEscapesAreShown() {
        #expect(TerminalText.escapeBlock("ok\u{1B}]0;pwned\u{7}") == "ok\\u{1B}]0;pwned\\u{07}")
        #expect(TerminalText.escapeBlock("a\nb\tc\r\nd") == "a\nb\tc\r\nd")
        #expect(TerminalText.escapeBlock("ok\rFAKE") == "ok\\u{0D}FAKE")
        #expect(TerminalText.escapeField("a\nb\rc") == "a\\u{0A}b\\u{0D}c")
        #expect(TerminalText.escapeBlock("x\u{202E}y\u{9B}z\u{7F}") == "x\\u{202E}y\\u{9B}z\\u{7F}")
        #expect(TerminalText.escapeBlock("caf\u{E9} \u{2014} \u{20AC}") == "caf\u{E9} \u{2014} \u{20AC}")
    }

    @Test("a justification of white space, zero-width or format characters has no visible text")
    func invisibleTextIsNotVisible() {
        for text in [
            "", "   ", "\u{200B}", "\u{200B}\u{200D}\u{FEFF}", "\u{2060}\n\t", "\u{3164}", "\u{202E}\u{2066}", "\u{1B}[0m",
            "\u{1B}]0;title\u{7}", "\u{1B}[2J\u{1B}[H \u{200B}",
        ] {
            #expect(!TerminalText.hasVisibleText(text), "\(text.unicodeScalars.map(\.value))")
        }
        for text in ["INC-1", " x ", "\u{200B}ok", "\u{E9}", "\u{4E2D}", "\u{1B}[1mINC-2\u{1B}[0m"] {
            #expect(TerminalText.hasVisibleText(text))
        }
    }

    @Test("identifiers are NFC and refuse controls and invisible characters")
    func identifiers() throws {
        #expect(try IdentifierText.normalize("jose\u{301}", what: "name").unicodeScalars.elementsEqual("jos\u{E9}".unicodeScalars))
        for bad in ["", "a\u{1B}b", "a\u{200B}", "a\u{202E}", " a", "a\u{9B}", String(repeating: "a", count: 129)] {
            #expect(throws: LedgerError.self) { try IdentifierText.normalize(bad, what: "name") }
        }
    }
}
