import AttestMetrics
import Crypto
import Dispatch
import Foundation
import GRDB

/// An evidence file read once: the bytes that are parsed are the bytes that are hashed, so the
/// recorded digest always describes the data the numbers came from, even if the file changes
/// while Attest reads it.
struct EvidenceData: Sendable {
    /// The file as given.
    let url: URL
    /// The file's bytes (memory-mapped, read-only).
    let bytes: Data
    /// Name, `sha256:<hex>` digest and size of `bytes`.
    let record: EvidenceFile

    /// The path used in error messages.
    var source: String { url.path }

    /// Maps a file and parses it, hashing the same bytes (SHA-256, as ``FileDigester``) on a
    /// second core while `parse` runs.
    /// - Parameters:
    ///   - url: The file.
    ///   - parse: Reads a private copy of the bytes (a CSV reader rewrites quoted fields in place).
    /// - Returns: The file and what `parse` returned.
    /// - Throws: `RegistryError` (`.notFound`) for a missing or unreadable file; whatever `parse` throws.
    static func read<T>(_ url: URL, parse: (inout [UInt8]) throws -> T) throws -> (EvidenceData, T) {
        let bytes = try map(url)
        // Hash the mapping on another thread while this one copies and parses it.
        let digest = DigestSlot()
        let group = DispatchGroup()
        DispatchQueue.global(qos: .userInitiated).async(group: group) { digest.set(sha256(bytes)) }
        var copy = [UInt8](bytes)
        let parsed = Result { try parse(&copy) }
        copy = []
        group.wait()
        let data = EvidenceData(
            url: url, bytes: bytes, record: EvidenceFile(name: url.lastPathComponent, digest: digest.get(), size: Int64(bytes.count)))
        return (data, try parsed.get())
    }

    /// A fresh, writable copy of the bytes, for a second parse.
    func copy() -> [UInt8] { [UInt8](bytes) }

    private static func map(_ url: URL) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw RegistryError(.notFound, "\(url.path): no such file")
        }
        guard !isDirectory.boolValue else {
            throw RegistryError(.badInput, "\(url.path) is a folder; evaluations read one CSV or JSON Lines file")
        }
        do {
            return try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw RegistryError(.notFound, "\(url.path): cannot read the file (\((error as NSError).localizedDescription))")
        }
    }

    /// `sha256:<hex>` of bytes in memory, in the form ``FileDigester`` records.
    static func sha256(_ bytes: Data) -> String {
        let digest = Crypto.SHA256.hash(data: bytes)
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = Array("sha256:".utf8)
        out.reserveCapacity(7 + 64)
        for byte in digest {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The role under which `digest` is a dataset of `version` or of one of its ancestors
    /// (nearest first), or `nil` when the lineage holds no such dataset.
    static func lineageRole(digest: String, model: String, version: Int, db: Database) throws -> String? {
        var next: Int? = version
        var seen = Set<Int>()
        while let current = next, seen.insert(current).inserted {
            if let role = try String.fetchOne(
                db,
                sql: """
                    SELECT role FROM reg_files WHERE model = ? AND version = ? AND kind = 'dataset' AND digest = ?
                    ORDER BY role LIMIT 1
                    """, arguments: [model, current, digest])
            {
                return role
            }
            next = try Int.fetchOne(
                db, sql: "SELECT parent FROM reg_versions WHERE model = ? AND version = ?", arguments: [model, current])
        }
        return nil
    }
}

/// The digest computed on the hashing thread.
private final class DigestSlot: @unchecked Sendable {
    // @unchecked Sendable: written once by the hashing task and read after `DispatchGroup.wait()`,
    // which orders the write before the read.
    private var value = ""
    func set(_ digest: String) { value = digest }
    func get() -> String { value }
}
