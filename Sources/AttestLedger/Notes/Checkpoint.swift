import Foundation

/// A transparency-log checkpoint (c2sp.org/tlog-checkpoint): the body of a signed note.
///
/// ```
/// <origin>
/// <tree size, decimal>
/// <root hash, base64>
/// [extension lines]
/// ```
public struct Checkpoint: Sendable, Equatable {
    /// The log's origin line, e.g. `ledger.example.com/credit-models`.
    public let origin: String
    /// The number of entries committed to.
    public let size: UInt64
    /// The RFC 9162 Merkle tree hash of the first `size` entries.
    public let root: Digest
    /// Optional extension lines, kept verbatim.
    public let extensions: [String]

    /// Makes a checkpoint body.
    public init(origin: String, size: UInt64, root: Digest, extensions: [String] = []) {
        self.origin = origin
        self.size = size
        self.root = root
        self.extensions = extensions
    }

    /// The note text.
    public var text: String {
        ([origin, String(size), root.base64] + extensions).map { $0 + "\n" }.joined()
    }

    /// Parses a checkpoint body.
    /// - Parameter text: the note text (ending in a newline).
    /// - Throws: `LedgerError` (`.malformedCheckpoint`) naming the line.
    public init(parsing text: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        guard lines.count >= 3 else {
            throw LedgerError(.malformedCheckpoint, "checkpoint has \(lines.count) lines; origin, size and root hash are required")
        }
        guard !lines[0].isEmpty else { throw LedgerError(.malformedCheckpoint, "checkpoint line 1: the origin is empty") }
        guard let size = UInt64(lines[1]), lines[1] == String(size) else {
            throw LedgerError(.malformedCheckpoint, "checkpoint line 2: '\(lines[1])' is not a decimal tree size without leading zeros")
        }
        guard let root = Digest(base64: lines[2]) else {
            throw LedgerError(.malformedCheckpoint, "checkpoint line 3: '\(lines[2])' is not base64 of a 32-byte hash")
        }
        if let empty = lines.dropFirst(3).firstIndex(where: \.isEmpty) {
            throw LedgerError(.malformedCheckpoint, "checkpoint line \(empty + 1): extension lines must not be empty")
        }
        self.init(origin: lines[0], size: size, root: root, extensions: Array(lines.dropFirst(3)))
    }
}

/// A checkpoint together with its signed note.
public struct SignedCheckpoint: Sendable, Equatable {
    /// The parsed body.
    public let checkpoint: Checkpoint
    /// The note, with the log's signature and any cosignatures.
    public let note: SignedNote

    /// Signs a checkpoint with the log key.
    public init(checkpoint: Checkpoint, signer: Signer) throws {
        var note = try SignedNote(text: checkpoint.text)
        note.sign(with: signer)
        self.checkpoint = checkpoint
        self.note = note
    }

    /// Parses a signed checkpoint and verifies it against the log key.
    /// - Parameters:
    ///   - text: the signed note.
    ///   - logKey: the log's verifier key; its name must equal the origin.
    /// - Throws: `LedgerError` (`.malformedCheckpoint`, `.malformedNote`) or
    ///   (`.verificationFailed`) when no valid signature by `logKey` is present.
    public init(parsing text: String, logKey: VerifierKey?) throws {
        let note = try SignedNote(parsing: text)
        let checkpoint = try Checkpoint(parsing: note.text)
        if let logKey {
            guard checkpoint.origin == logKey.name else {
                throw LedgerError(
                    .verificationFailed,
                    "the checkpoint is for origin '\(checkpoint.origin)' but the log key is named '\(logKey.name)': a log key signs only its own log's checkpoints"
                )
            }
            guard note.isSigned(by: logKey) else {
                throw LedgerError(
                    .verificationFailed,
                    "checkpoint for '\(checkpoint.origin)' at size \(checkpoint.size) carries no valid signature by log key \(logKey.name)")
            }
        }
        self.checkpoint = checkpoint
        self.note = note
    }

    /// The signed note's text.
    public var serialized: String { note.serialized }
}
