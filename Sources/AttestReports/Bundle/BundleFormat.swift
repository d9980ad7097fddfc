import AttestLedger
import AttestRegistry
import Foundation

/// The evidence bundle's layout (docs/bundles.md): a deterministic ustar archive of
///
/// ```
/// attest-bundle/MANIFEST                      what the bundle holds and why, one entry a line
/// attest-bundle/log-key.vkey                  the log's verifier key (C2SP), one line
/// attest-bundle/checkpoint                    the signed checkpoint (C2SP signed note)
/// attest-bundle/consistency/<size>.checkpoint an older stored checkpoint (signed note)
/// attest-bundle/consistency/<size>.proof      the consistency proof from it to the checkpoint
/// attest-bundle/entries/<seq>.proof           per entry: C2SP tlog-proof with the leaf as extra
/// ```
public enum BundleFormat {
    /// The first line of the manifest.
    public static let header = "attest.dev/evidence-bundle@v1"
    /// The archive's top folder.
    public static let folder = "attest-bundle/"
    /// The manifest's path.
    public static let manifestPath = folder + "MANIFEST"
    /// The log key's path.
    public static let logKeyPath = folder + "log-key.vkey"
    /// The checkpoint's path.
    public static let checkpointPath = folder + "checkpoint"

    /// The path of an entry's proof: 20-digit zero-padded sequence number.
    public static func entryPath(_ sequence: UInt64) -> String { folder + "entries/" + padded(sequence) + ".proof" }

    /// The path of a consistency proof from an older tree size.
    public static func consistencyPath(_ size: UInt64) -> String { folder + "consistency/" + padded(size) + ".proof" }

    /// The path of the older signed checkpoint a consistency proof starts from.
    public static func olderCheckpointPath(_ size: UInt64) -> String { folder + "consistency/" + padded(size) + ".checkpoint" }

    static func padded(_ value: UInt64) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    /// Why an entry is in the bundle, derived from the entry alone and the bundle's subject, so a
    /// verifier recomputes the manifest and any edit to it shows.
    static func reason(_ entry: Entry, model: String, version: Int) -> String {
        if entry.type.hasPrefix("ledger.") { return "key" }
        if entry.type.hasPrefix("actor.") { return "actor" }
        if entry.type == EventType.registryInitialized || entry.type == EventType.roleDefined { return "registry" }
        if EntryKind(type: entry.type) == .policy { return "policy" }
        if entry.type == EventType.modelCreated { return "model" }
        struct About: Decodable {
            var model: String?
            var version: Int?
        }
        let about = try? JSONDecoder().decode(About.self, from: Data(entry.payload))
        if about?.model == model && about?.version == version { return "version" }
        if about?.model == model && entry.type == EventType.versionRegistered { return "lineage" }
        return "cited"
    }

    /// The manifest's first five lines (the sixth, `entries N`, needs the count).
    static func manifestHead(origin: String, model: String, version: Int, treeSize: UInt64) -> [String] {
        [header, "origin \(origin)", "model \(model)", "version \(version)", "tree-size \(treeSize)"]
    }

    /// The manifest line of one entry (without its newline).
    static func manifestLine(_ entry: Entry, leafHash: Digest, reason: String) -> String {
        "\(entry.sequence) \(leafHash.hex) \(entry.type) \(reason)"
    }

    /// The manifest's text.
    static func manifest(origin: String, model: String, version: Int, treeSize: UInt64, entries: [(Entry, Digest)]) -> String {
        var lines = manifestHead(origin: origin, model: model, version: version, treeSize: treeSize) + ["entries \(entries.count)"]
        lines.reserveCapacity(lines.count + entries.count)
        for (entry, leafHash) in entries {
            lines.append(manifestLine(entry, leafHash: leafHash, reason: reason(entry, model: model, version: version)))
        }
        return lines.map { $0 + "\n" }.joined()
    }
}
