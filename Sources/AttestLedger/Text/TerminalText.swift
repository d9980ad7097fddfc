/// Text made safe for a terminal: control characters (C0, DEL, C1), the escape character that
/// starts terminal escape sequences, bidirectional formatting characters (Trojan Source, CVE-2021-42574)
/// and the line and paragraph separators are shown as `\u{XX}` instead of being sent raw.
///
/// Attest prints text that people typed (comments, purposes, justifications, names from older
/// ledgers); a comment holding `ESC ] 0 ; ...` or a carriage return must not rewrite what the
/// reader sees.
public enum TerminalText {
    /// Whether a scalar must never reach a terminal raw.
    /// - Parameter scalar: the scalar.
    /// - Returns: true for C0 and C1 controls, DEL, bidirectional formatting characters and U+2028/U+2029.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        case 0x2028, 0x2029: true
        default: false
        }
    }

    /// Escapes everything unsafe except line feeds, tabs and the carriage return of a CRLF: for
    /// whole blocks of output whose line structure is Attest's own.
    /// - Parameter text: the text.
    /// - Returns: the text with unsafe scalars written as `\u{XX}`.
    public static func escapeBlock(_ text: String) -> String {
        escape(text, keepingLayout: true)
    }

    /// Escapes everything unsafe, line feeds and tabs included: for one field a person typed,
    /// printed inside a line (a comment, a purpose, a justification).
    /// - Parameter text: the field.
    /// - Returns: the field on one line, with unsafe scalars written as `\u{XX}`.
    public static func escapeField(_ text: String) -> String {
        escape(text, keepingLayout: false)
    }

    /// Whether the text has at least one visible character: not only whitespace, controls,
    /// format characters (zero-width, bidirectional) or default-ignorable code points.
    /// - Parameter text: the text.
    /// - Returns: true when a reader would see something.
    public static func hasVisibleText(_ text: String) -> Bool {
        withoutEscapeSequences(text).contains { scalar in
            let properties = scalar.properties
            if properties.isWhitespace || properties.isDefaultIgnorableCodePoint { return false }
            switch properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .unassigned, .surrogate,
                .privateUse, .nonspacingMark, .enclosingMark:
                return false
            default:
                return !isUnsafe(scalar) && !invisibleLetters.contains(scalar.value)
            }
        }
    }

    /// The scalars of `text` without terminal escape sequences (ECMA-48): CSI (`ESC [` or U+009B,
    /// up to a final byte 0x40-0x7E), OSC (`ESC ]` up to BEL or `ESC \\`), and two-character
    /// `ESC x`. A terminal shows none of them.
    static func withoutEscapeSequences(_ text: String) -> [Unicode.Scalar] {
        let scalars = Array(text.unicodeScalars)
        var kept: [Unicode.Scalar] = []
        var index = 0
        func skipCSI() {
            while index < scalars.count, !(0x40...0x7E).contains(scalars[index].value) { index += 1 }
            index += 1
        }
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if scalar.value == 0x9B {
                skipCSI()
            } else if scalar.value == 0x1B, index < scalars.count {
                let next = scalars[index]
                index += 1
                if next == "[" {
                    skipCSI()
                } else if next == "]" {
                    while index < scalars.count, scalars[index].value != 0x07,
                        !(scalars[index].value == 0x1B && index + 1 < scalars.count && scalars[index + 1] == "\\")
                    {
                        index += 1
                    }
                    index += scalars.indices.contains(index) && scalars[index].value == 0x1B ? 2 : 1
                }
            } else {
                kept.append(scalar)
            }
        }
        return kept
    }

    /// Letters that render as blank space (Hangul fillers, braille blank).
    private static let invisibleLetters: Set<UInt32> = [0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800]

    private static func escape(_ text: String, keepingLayout: Bool) -> String {
        guard needsEscaping(text, keepingLayout: keepingLayout) else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            // In a block, a carriage return that ends a line (CRLF) moves nothing a reader sees.
            let endsLine = scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n"
            let kept = keepingLayout && (scalar == "\n" || scalar == "\t" || endsLine)
            if !kept && isUnsafe(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out.append(contentsOf: "\\u{\(hex.count < 2 ? "0" + hex : hex)}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A fast scan of the UTF-8 bytes: only C0 bytes, DEL, and the lead bytes 0xC2 (C1 controls),
    /// 0xD8 (U+061C) and 0xE2 (U+200E..U+2069) can start an unsafe scalar.
    private static func needsEscaping(_ text: String, keepingLayout: Bool) -> Bool {
        text.utf8.contains { byte in
            if byte == 0x0A || byte == 0x09 { return !keepingLayout }
            return byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2
        }
    }
}
