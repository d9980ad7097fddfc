import AttestLedger

/// How a statement cites the signed ledger entry it restates: the entry's place in the log, its
/// type, the fingerprint of the key that signed it, its leaf hash, and the name of the inclusion
/// proof file that travels with the envelope (docs/attestations.md).
struct EntryCitation {
    let origin: String
    let entry: Entry

    /// The proof file's name in the export folder.
    var proofFile: String { Self.proofFile(entry.sequence) }

    static func proofFile(_ sequence: UInt64) -> String { "entry-\(sequence).proof" }

    /// The citation as a JSON object.
    var json: JSONValue {
        .object([
            "origin": .string(origin), "sequence": .integer(Int64(entry.sequence)), "type": .string(entry.type),
            "signer": .string(entry.signer.hex), "leafHash": .string(entry.leafHash.hex), "proof": .string(proofFile),
        ])
    }

    /// The entry as the VSA's `inputAttestations` item: only `uri` (the proof file) and `digest`
    /// (SHA-256 of the leaf bytes), the two fields that item has.
    var reference: JSONValue {
        .object(["uri": .string(proofFile), "digest": .object(["sha256": .string(AttestLedger.SHA256.hash(entry.leaf).hex)])])
    }

    /// A ResourceDescriptor of the entry: its proof file by name, the SHA-256 of the entry's leaf
    /// bytes as digest, and the citation as annotations.
    var descriptor: ResourceDescriptor {
        ResourceDescriptor(
            name: "\(origin)#\(entry.sequence)", uri: proofFile, digest: ["sha256": AttestLedger.SHA256.hash(entry.leaf).hex],
            annotations: ["attest": json])
    }
}
