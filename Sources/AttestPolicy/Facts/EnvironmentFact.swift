/// The software environment recorded with a version (key `environment` of the version facts):
/// from `attest model register --environment FILE` or `--capture-environment`, or from MLflow's
/// `MLmodel` on import.
public struct EnvironmentFact: Hashable, Codable, Sendable {
    /// The Python version, when known (key `python`).
    public var python: String?
    /// The requirement lines, e.g. `scikit-learn==1.9.1` (key `packages`).
    public var packages: [String]
    /// The entry that recorded it (key `seq`).
    public var seq: EntrySeq?

    /// Creates an environment fact.
    /// - Parameters:
    ///   - python: The Python version.
    ///   - packages: The requirement lines.
    ///   - seq: The recording entry.
    public init(python: String? = nil, packages: [String] = [], seq: EntrySeq? = nil) {
        self.python = python
        self.packages = packages
        self.seq = seq
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case python, packages, seq }

    /// Decodes an environment fact, rejecting unknown keys.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a mistyped or unknown key.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        python = try c.decodeIfPresent(String.self, forKey: .python)
        packages = try c.decodeIfPresent([String].self, forKey: .packages) ?? []
        seq = try c.decodeIfPresent(EntrySeq.self, forKey: .seq)
    }
}
