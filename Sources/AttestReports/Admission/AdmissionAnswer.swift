import AttestLedger
import Foundation

/// An admission answer as it travels (docs/admission.md, "The file"): a JSON object holding the
/// signed text as a C2SP signed note, the signed checkpoint it names, and one C2SP tlog-proof
/// per deciding entry (with the entry's leaf bytes as the proof's `extra`).
///
/// ```json
/// {"answer": "<signed note>", "checkpoint": "<signed checkpoint>",
///  "format": "attest.dev/admission@v1", "proofs": ["<tlog-proof>", ...]}
/// ```
public struct AdmissionAnswer: Codable, Sendable, Equatable {
    /// The value of `format`.
    public static let format = "attest.dev/admission@v1"
    /// The media type a server gives it.
    public static let mediaType = "application/json"
    /// The largest answer file read: 4 MiB.
    public static let maximumBytes = 4 << 20

    /// Always ``format``.
    public var format: String
    /// The signed note whose text is an ``AdmissionStatement``, signed by the log key.
    public var answer: String
    /// The signed checkpoint (C2SP tlog-checkpoint) the statement names.
    public var checkpoint: String
    /// One inclusion proof per deciding entry, in the statement's order.
    public var proofs: [String]

    /// Assembles an answer.
    public init(answer: String, checkpoint: String, proofs: [String]) {
        self.format = Self.format
        self.answer = answer
        self.checkpoint = checkpoint
        self.proofs = proofs
    }

    /// The file's bytes: JSON with sorted keys, two-space indentation, a final newline.
    public var bytes: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8)
    }

    /// Reads an answer file.
    /// - Parameters:
    ///   - bytes: the file's bytes.
    ///   - source: the file's name, for messages.
    /// - Throws: `AdmissionError` (`.badInput`) when it is not an admission answer.
    public init(parsing bytes: Data, source: String) throws {
        guard bytes.count <= Self.maximumBytes else {
            throw AdmissionError(.badInput, "\(source): \(bytes.count) bytes; an admission answer is at most \(Self.maximumBytes)")
        }
        let decoded: AdmissionAnswer
        do { decoded = try JSONDecoder().decode(AdmissionAnswer.self, from: bytes) } catch let error as DecodingError {
            throw AdmissionError(.badInput, "\(source): not an admission answer: \(ReportError.describe(error))")
        }
        guard decoded.format == Self.format else {
            throw AdmissionError(.badInput, "\(source): 'format' is '\(decoded.format.prefix(80))', expected '\(Self.format)'")
        }
        self = decoded
    }
}
