import Foundation

/// A timestamped Ed25519 checkpoint cosignature, `cosignature/v1` (c2sp.org/tlog-cosignature).
///
/// On a signed-note signature line it is `base64(keyID || timestamp || signature)`: the 4-byte
/// key ID of a type-0x04 key (`WitnessKey`), the POSIX timestamp as a big-endian u64, and an
/// RFC 8032 signature over
///
/// ```
/// cosignature/v1
/// time <timestamp, decimal>
/// <the checkpoint's note text, with its final newline, without signature lines>
/// ```
public struct Cosignature: Sendable, Equatable {
    /// The header line of the signed message (domain separation).
    public static let header = "cosignature/v1"

    /// The cosigner's key name.
    public let keyName: String
    /// The cosigner's 4-byte key ID.
    public let keyID: UInt32
    /// When the witness cosigned, in seconds since the Epoch.
    public let timestamp: UInt64
    /// The 64-byte Ed25519 signature.
    public let signature: [UInt8]

    /// The signed message for a checkpoint text and a timestamp.
    /// - Parameters:
    ///   - text: the checkpoint note text (ending in a newline).
    ///   - timestamp: seconds since the Epoch.
    /// - Returns: the message bytes.
    public static func message(text: String, timestamp: UInt64) -> [UInt8] {
        Array("\(header)\ntime \(timestamp)\n\(text)".utf8)
    }

    /// Cosigns a checkpoint text.
    /// - Parameters:
    ///   - text: the checkpoint note text.
    ///   - timestamp: seconds since the Epoch; must not be zero.
    ///   - key: the witness's private key.
    ///   - name: the witness's key name.
    /// - Throws: `LedgerError` for an invalid name.
    public init(signing text: String, timestamp: UInt64, key: SigningKey, name: String) throws {
        let witness = try WitnessKey(name: name, publicKey: key.publicKey)
        self.keyName = name
        self.keyID = witness.keyIDValue
        self.timestamp = timestamp
        self.signature = key.signature(for: Self.message(text: text, timestamp: timestamp))
    }

    /// Reads a note signature as a cosignature.
    /// - Returns: `nil` unless the signature bytes are 8 + 64 long with a timestamp below 2^63.
    public init?(_ noteSignature: SignedNote.Signature) {
        let bytes = noteSignature.signature
        guard bytes.count == 72 else { return nil }
        let time = bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard time < 1 << 63 else { return nil }
        keyName = noteSignature.keyName
        keyID = noteSignature.keyID
        timestamp = time
        signature = Array(bytes.suffix(64))
    }

    /// The note signature (key ID, then timestamp and signature as the signature bytes).
    public var noteSignature: SignedNote.Signature {
        let time = (0..<8).reversed().map { UInt8(timestamp >> (8 * UInt64($0)) & 0xff) }
        return SignedNote.Signature(keyName: keyName, keyID: keyID, signature: time + signature)
    }

    /// The signature line, without its newline.
    public var line: String { noteSignature.line }

    /// Whether this is `key`'s valid cosignature over `text`.
    /// - Parameters:
    ///   - text: the checkpoint note text.
    ///   - key: the trusted witness key.
    /// - Returns: true when name, key ID and signature all match.
    public func verifies(text: String, key: WitnessKey) -> Bool {
        keyName == key.name && keyID == key.keyIDValue && timestamp != 0
            && key.publicKey.isValidSignature(signature, for: Self.message(text: text, timestamp: timestamp))
    }
}
