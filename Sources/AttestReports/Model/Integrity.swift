/// Section 6: the checkpoint used and the verification of every cited entry against it.
public struct IntegritySection: Codable, Sendable, Equatable {
    /// The signed checkpoint, verbatim (a C2SP signed note), or absent when none covers the entries.
    public var checkpoint: String?
    /// The checkpoint's tree size.
    public var checkpointSize: UInt64?
    /// The checkpoint's root hash (base64).
    public var checkpointRoot: String?
    /// Whether the checkpoint's signature verifies with the log key.
    public var checkpointSignatureValid: Bool
    /// Entries checked.
    public var entriesChecked: Int
    /// Entries whose signature verified with a key valid at that point.
    public var signaturesValid: Int
    /// Entries whose inclusion proof verified against the checkpoint.
    public var proofsValid: Int
    /// Whether everything verified.
    public var verified: Bool
    /// One row per cited entry.
    public var entries: [EntryCheck]
    /// What failed, one sentence each.
    public var problems: [String]
    /// Where times come from: the writers' clocks (no witnesses recorded) or witnessed time.
    public var timeSource: String
    /// How a reader repeats the check, step by step.
    public var howToRepeat: [String]
}

/// The check of one entry.
public struct EntryCheck: Codable, Sendable, Equatable {
    /// The entry number.
    public var entry: UInt64
    /// Its type.
    public var type: String
    /// Its leaf hash (hex), which the proof leads to the root.
    public var leafHash: String
    /// The signer's name.
    public var signer: String
    /// Whether the signature verified with a key valid at that entry.
    public var signatureValid: Bool
    /// Whether the inclusion proof verified (absent without a checkpoint that covers it).
    public var inclusionValid: Bool?
    /// Proof length in hashes.
    public var proofLength: Int
}

/// Section 7: one framework of the regulatory mapping.
public struct RegulatoryFramework: Codable, Sendable, Equatable {
    /// Short identifier, e.g. `eu-ai-act`.
    public var id: String
    /// Its name.
    public var name: String
    /// A note (e.g. supersession).
    public var note: String?
    /// The first day it applies (`YYYY-MM-DD`, UTC), when the mapping dates it.
    public var from: String?
    /// The last day it applies, when it has been superseded.
    public var until: String?
    /// Whether it applies on the day the report was generated.
    public var inForce: Bool = true
    /// The requirements cited.
    public var requirements: [RegulatoryRequirement]
}

/// The requirements of one framework in force on a given day.
public struct RegulationCitation: Codable, Sendable, Equatable {
    /// The framework's id, e.g. `sr-26-2`.
    public var framework: String
    /// Its short name, e.g. `SR 26-2`.
    public var name: String
    /// The references of its requirements in force that day.
    public var requirements: [String]
}

/// One requirement and the evidence that answers it.
public struct RegulatoryRequirement: Codable, Sendable, Equatable {
    /// The citation, e.g. `Art. 12(1)`.
    public var ref: String
    /// Its title.
    public var title: String
    /// The first day it applies, when it differs from its framework's.
    public var from: String?
    /// What the date depends on (e.g. legislation not yet published), when anything does.
    public var dateNote: String?
    /// `evidenced`, `partly evidenced` or `not evidenced`.
    public var status: String
    /// The evidence found, one line each.
    public var evidence: [RegulatoryEvidence]
    /// The kinds of evidence the mapping looks for but the report lacks.
    public var missing: [String]
}

/// A piece of evidence answering a requirement.
public struct RegulatoryEvidence: Codable, Sendable, Equatable {
    /// The evidence key in the mapping (e.g. `approvals.signed`).
    public var key: String
    /// What it is, in words.
    public var description: String
    /// The report section holding it.
    public var section: String
    /// Entries, when it rests on some (at most 20 are listed).
    public var entries: [UInt64]
}
