import Foundation

/// Names a person types as identifiers (actors, keys, origins): normalised to Unicode
/// Normalization Form C when entered, and refused when they hold characters that hide or
/// rewrite what a reader sees.
///
/// NFC (UAX #15) makes `é` typed as one code point and `e` + combining acute the same name; the
/// ledger records the NFC form, so a later NFD spelling cannot create a second, different-looking
/// identity with equal rendering.
public enum IdentifierText {
    /// The longest name, in Unicode scalars.
    public static let maximumLength = 128

    /// Normalises `name` to NFC and checks it.
    /// - Parameters:
    ///   - name: the name as typed.
    ///   - what: what the name is, for messages (`actor name`, `key name`).
    /// - Returns: the NFC form.
    /// - Throws: `LedgerError` (`.badInput`) for an empty or over-long name, a control character,
    ///   an escape sequence, a format character (zero-width, bidirectional), a line separator, or
    ///   leading or trailing white space.
    public static func normalize(_ name: String, what: String) throws -> String {
        let nfc = name.precomposedStringWithCanonicalMapping
        guard !nfc.isEmpty else { throw LedgerError(.badInput, "the \(what) is empty") }
        guard nfc.unicodeScalars.count <= maximumLength else {
            throw LedgerError(.badInput, "the \(what) '\(TerminalText.escapeField(nfc))' is longer than \(maximumLength) characters")
        }
        for (offset, scalar) in nfc.unicodeScalars.enumerated() {
            if let problem = problem(with: scalar) {
                throw LedgerError(
                    .badInput,
                    "the \(what) '\(TerminalText.escapeField(nfc))' holds \(problem) (U+\(hex(scalar))) at character \(offset + 1); names may not hold control characters, escape sequences, format or invisible characters"
                )
            }
        }
        if let first = nfc.unicodeScalars.first, let last = nfc.unicodeScalars.last,
            first.properties.isWhitespace || last.properties.isWhitespace
        {
            throw LedgerError(.badInput, "the \(what) '\(nfc)' starts or ends with white space")
        }
        return nfc
    }

    private static func problem(with scalar: Unicode.Scalar) -> String? {
        if scalar.value == 0x1B { return "an escape character" }
        switch scalar.properties.generalCategory {
        case .control: return "a control character"
        case .format: return "a format character"
        case .lineSeparator, .paragraphSeparator: return "a line separator"
        case .unassigned, .surrogate, .privateUse: return "an unassigned or private-use code point"
        default: break
        }
        if TerminalText.isUnsafe(scalar) { return "a control character" }
        if scalar.properties.isDefaultIgnorableCodePoint { return "an invisible character" }
        return nil
    }

    private static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
