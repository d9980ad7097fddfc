import Foundation

/// A signed note (c2sp.org/signed-note): UTF-8 text ending in a newline, a blank line, and
/// one or more signature lines `— <key name> base64(keyID || signature)`.
public struct SignedNote: Sendable, Equatable {
    /// One signature line.
    public struct Signature: Sendable, Equatable {
        /// The key name on the line.
        public let keyName: String
        /// The 4-byte key ID, big-endian.
        public let keyID: UInt32
        /// The signature bytes after the key ID.
        public let signature: [UInt8]

        /// Makes a signature line's value.
        /// - Parameters:
        ///   - keyName: the key name.
        ///   - keyID: the 4-byte key ID, big-endian.
        ///   - signature: the bytes after the key ID.
        public init(keyName: String, keyID: UInt32, signature: [UInt8]) {
            self.keyName = keyName
            self.keyID = keyID
            self.signature = signature
        }

        /// The signature line without its newline.
        public var line: String {
            let id = [UInt8(keyID >> 24), UInt8(keyID >> 16 & 0xff), UInt8(keyID >> 8 & 0xff), UInt8(keyID & 0xff)]
            return "\u{2014} \(keyName) \(Base64.encode(id + signature))"
        }
    }

    /// Verifiers must accept at least 16 signatures; Attest accepts up to 64.
    public static let maximumSignatures = 64

    /// The signed text, including its final newline.
    public let text: String
    /// The signatures, in the order they appear.
    public private(set) var signatures: [Signature]

    /// Makes an unsigned note.
    /// - Parameter text: text ending in a newline, without control characters other than newline.
    /// - Throws: `LedgerError` (`.malformedNote`) for an invalid text.
    public init(text: String) throws {
        try Self.validateText(text)
        self.text = text
        self.signatures = []
    }

    /// Parses a signed note.
    /// - Parameter note: the note's full text.
    /// - Throws: `LedgerError` (`.malformedNote`) naming the line that is wrong.
    public init(parsing note: String) throws {
        guard note.hasSuffix("\n") else { throw LedgerError(.malformedNote, "signed note does not end with a newline") }
        guard let split = note.range(of: "\n\n", options: .backwards) else {
            throw LedgerError(.malformedNote, "signed note has no blank line before its signatures")
        }
        let text = String(note[note.startIndex..<note.index(after: split.lowerBound)])
        try Self.validateText(text)
        let signatureBlock = note[split.upperBound...]
        let lines = signatureBlock.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard !lines.isEmpty else { throw LedgerError(.malformedNote, "signed note has no signature lines") }
        guard lines.count <= Self.maximumSignatures else {
            throw LedgerError(.malformedNote, "signed note has \(lines.count) signatures; at most \(Self.maximumSignatures) are accepted")
        }
        let textLines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        var signatures: [Signature] = []
        for (offset, line) in lines.enumerated() {
            let lineNumber = textLines + 1 + offset
            signatures.append(try Self.parseSignature(String(line), lineNumber: lineNumber))
        }
        self.text = text
        self.signatures = signatures
    }

    /// Adds a signature by `signer` over the text (RFC 8032 Ed25519).
    /// - Parameter signer: the signing key.
    public mutating func sign(with signer: Signer) {
        let sig = signer.key.signature(for: Array(text.utf8))
        signatures.append(Signature(keyName: signer.name, keyID: signer.verifierKey.keyIDValue, signature: sig))
    }

    /// Adds a signature made elsewhere (a witness's cosignature), unless the same line is
    /// already present.
    /// - Parameter signature: the signature line's value.
    public mutating func append(_ signature: Signature) {
        guard !signatures.contains(signature) else { return }
        signatures.append(signature)
    }

    /// Parses signature lines (each `— <name> <base64>` and a newline), as a witness answers
    /// add-checkpoint (c2sp.org/tlog-witness).
    /// - Parameter block: the lines.
    /// - Returns: the signatures, in order.
    /// - Throws: `LedgerError` (`.malformedNote`) naming the line.
    public static func parseSignatureLines(_ block: String) throws -> [Signature] {
        guard block.hasSuffix("\n") else { throw LedgerError(.malformedNote, "signature lines must end with a newline") }
        let lines = block.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard !lines.isEmpty, lines.count <= maximumSignatures else {
            throw LedgerError(.malformedNote, "expected 1 to \(maximumSignatures) signature lines, found \(lines.count)")
        }
        return try lines.enumerated().map { try parseSignature(String($0.element), lineNumber: $0.offset + 1) }
    }

    /// Verifies the note against a trusted key.
    ///
    /// Signatures from unknown keys are ignored (kept, as cosignatures); a signature whose name
    /// and key ID match `key` must verify.
    /// - Parameter key: the trusted key.
    /// - Returns: whether a signature by `key` is present and valid.
    public func isSigned(by key: VerifierKey) -> Bool {
        let matching = signatures.filter { $0.keyName == key.name && $0.keyID == key.keyIDValue }
        guard !matching.isEmpty else { return false }
        let message = Array(text.utf8)
        return matching.allSatisfy { key.publicKey.isValidSignature($0.signature, for: message) }
    }

    /// The note's full text: text, blank line, signature lines.
    public var serialized: String {
        text + "\n" + signatures.map { $0.line + "\n" }.joined()
    }

    private static func validateText(_ text: String) throws {
        guard text.hasSuffix("\n") else { throw LedgerError(.malformedNote, "note text must end with a newline") }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            if line.unicodeScalars.contains(where: { $0.value < 0x20 }) {
                throw LedgerError(.malformedNote, "note line \(index + 1) contains a control character")
            }
        }
    }

    private static func parseSignature(_ line: String, lineNumber: Int) throws -> Signature {
        let prefix = "\u{2014} "
        guard line.hasPrefix(prefix) else {
            throw LedgerError(.malformedNote, "note line \(lineNumber): a signature line starts with an em dash and a space")
        }
        let rest = line.dropFirst(prefix.count)
        let fields = rest.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 2, VerifierKey.isValidName(String(fields[0])) else {
            throw LedgerError(.malformedNote, "note line \(lineNumber): expected '— <key name> <base64 signature>'")
        }
        guard let raw = Base64.decode(fields[1]), raw.count > 4 else {
            throw LedgerError(.malformedNote, "note line \(lineNumber): the signature is not base64 of a key ID and a signature")
        }
        let id = raw.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return Signature(keyName: String(fields[0]), keyID: id, signature: Array(raw.dropFirst(4)))
    }
}
