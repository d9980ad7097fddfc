/// A dataset bound to a version in its lineage.
public struct DatasetFact: Hashable, Codable, Sendable {
    /// Its role: `train`, `validation`, `test` or another name (key `role`).
    public var role: String
    /// Its content digest, e.g. `sha256:...` (key `digest`).
    public var digest: String
    /// The entry that recorded it (key `seq`), if known.
    public var seq: EntrySeq?

    /// Creates a dataset fact.
    /// - Parameters:
    ///   - role: Dataset role.
    ///   - digest: Content digest.
    ///   - seq: Recording entry.
    public init(role: String, digest: String, seq: EntrySeq? = nil) {
        self.role = role
        self.digest = digest
        self.seq = seq
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case role, digest, seq }

    /// Decodes a dataset fact, rejecting unknown keys.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a missing, mistyped or unknown key.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        role = try c.decode(String.self, forKey: .role)
        digest = try c.decode(String.self, forKey: .digest)
        seq = try c.decodeIfPresent(EntrySeq.self, forKey: .seq)
    }
}
