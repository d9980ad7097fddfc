public import Foundation

/// A document attached to a version as evidence (a model card, a validation report...).
public struct EvidenceDocument: Hashable, Codable, Sendable {
    /// Its kind, e.g. `model_card` or `validation_report` (key `kind`).
    public var kind: String
    /// Its content digest (key `digest`).
    public var digest: String
    /// The entry that attached it (key `seq`).
    public var seq: EntrySeq
    /// When it was attached (key `time`, ISO 8601).
    public var time: Date
    /// For a `model_signature` document, the identity whose OMS signature Attest verified against
    /// the version's registered files (key `signer`, left out when absent): `sha256:<hex>` of a
    /// key's PEM, or a certificate's subject.
    public var signer: String?
    /// For a `model_signature` document verified with a certificate, the root its chain ended at
    /// (key `signerRoot`, left out when absent): `sha256:<hex>` of the root certificate's DER.
    public var signerRoot: String?

    /// Creates an evidence document fact.
    /// - Parameters:
    ///   - kind: Document kind.
    ///   - digest: Content digest.
    ///   - seq: Attaching entry.
    ///   - time: Attach time.
    ///   - signer: For a verified model signature, who signed.
    ///   - signerRoot: For a signature verified with a certificate, the root's digest.
    public init(kind: String, digest: String, seq: EntrySeq, time: Date, signer: String? = nil, signerRoot: String? = nil) {
        self.kind = kind
        self.digest = digest
        self.seq = seq
        self.time = time
        self.signer = signer
        self.signerRoot = signerRoot
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case kind, digest, seq, time, signer, signerRoot }

    /// Decodes an evidence document, rejecting unknown keys.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a missing, mistyped or unknown key.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(String.self, forKey: .kind)
        digest = try c.decode(String.self, forKey: .digest)
        seq = try c.decode(EntrySeq.self, forKey: .seq)
        time = try c.decodeTime(forKey: .time)
        signer = try c.decodeIfPresent(String.self, forKey: .signer)
        signerRoot = try c.decodeIfPresent(String.self, forKey: .signerRoot)
    }

    /// Encodes the document with its time in ISO 8601.
    /// - Parameter encoder: The encoder.
    /// - Throws: Whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(digest, forKey: .digest)
        try c.encode(seq, forKey: .seq)
        try c.encodeTime(time, forKey: .time)
        try c.encodeIfPresent(signer, forKey: .signer)
        try c.encodeIfPresent(signerRoot, forKey: .signerRoot)
    }
}
