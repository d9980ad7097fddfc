import AttestLedger
import Foundation
import GRDB

extension Registry {
    /// Checks an actor's name as typed and returns its NFC form: 1-128 letters, combining marks,
    /// digits and `.`, `_`, `-`, `@` (no white space, controls, escape sequences or invisible
    /// characters).
    /// - Parameter name: the name as typed.
    /// - Returns: the name in Unicode Normalization Form C.
    /// - Throws: `RegistryError` (`.badInput`).
    public static func normalizeActorName(_ name: String) throws -> String {
        let nfc = try normalizeIdentifier(name, what: "actor name")
        let allowed = nfc.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark,
                .spacingMark, .decimalNumber:
                return true
            default:
                return "._-@".unicodeScalars.contains(scalar)
            }
        }
        guard allowed, let first = nfc.unicodeScalars.first, !first.properties.generalCategory.isMark else {
            throw RegistryError(
                .badInput,
                "actor name '\(TerminalText.escapeField(nfc))' must be 1-128 letters, digits, '.', '_', '-' or '@', starting with a letter or digit"
            )
        }
        return nfc
    }

    /// NFC-normalises any identifier a person typed and refuses hidden or control characters.
    /// - Throws: `RegistryError` (`.badInput`).
    static func normalizeIdentifier(_ name: String, what: String) throws -> String {
        do {
            return try IdentifierText.normalize(name, what: what)
        } catch let error as LedgerError {
            throw RegistryError(.badInput, error.message)
        }
    }

    /// Refuses a new name that is confusable (UTS #39 skeleton) with an existing name of the same
    /// kind; the same name itself is not refused here.
    /// - Parameters:
    ///   - name: the new name (NFC).
    ///   - what: what kind of name, for the message (`actor`, `model`, `role`).
    ///   - existing: the names in use.
    /// - Throws: `RegistryError` (`.refused`) naming both names.
    static func requireNotConfusable(_ name: String, what: String, existing: [String]) throws {
        let skeleton = Confusables.skeleton(name)
        for other in existing where !other.unicodeScalars.elementsEqual(name.unicodeScalars) {
            guard Confusables.skeleton(other) == skeleton else { continue }
            throw RegistryError(
                .refused,
                "\(what) '\(TerminalText.escapeField(name))' is confusable with the existing \(what) '\(TerminalText.escapeField(other))' (\(codePoints(name, other)); Unicode UTS #39 skeleton); choose a name that looks different"
            )
        }
    }

    /// Refuses a name confusable with one returned by `sql`.
    static func requireNotConfusable(
        _ name: String, what: String, db: Database, sql: String, arguments: StatementArguments = []
    ) throws {
        try requireNotConfusable(name, what: what, existing: try String.fetchAll(db, sql: sql, arguments: arguments))
    }

    /// `U+0070 U+0430 ... vs U+0070 U+0061 ...` when either name is not plain ASCII, so that the
    /// difference is visible; `same skeleton` otherwise.
    private static func codePoints(_ name: String, _ other: String) -> String {
        let ascii = { (text: String) in text.unicodeScalars.allSatisfy { $0.value < 0x80 } }
        guard !ascii(name) || !ascii(other) else { return "same skeleton" }
        let points = { (text: String) in text.unicodeScalars.map { "U+" + String(format: "%04X", $0.value) }.joined(separator: " ") }
        return "\(points(name)) vs \(points(other))"
    }
}

extension Unicode.GeneralCategory {
    fileprivate var isMark: Bool { self == .nonspacingMark || self == .spacingMark || self == .enclosingMark }
}
