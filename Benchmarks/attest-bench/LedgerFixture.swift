import AttestLedger
import Foundation

/// A ledger in a temporary folder, with fixed keys, and the 300-byte payloads the benchmarks append.
struct LedgerFixture {
    static let origin = "bench.example.com/log"
    static let payloadSize = 300

    let path: String
    let admin: Signer
    let logSigner: Signer

    /// Creates a new ledger file at `folder/name`.
    static func create(in folder: URL, name: String) throws -> (LedgerFixture, Ledger) {
        let admin = try signer("alice", byte: 0x01)
        let log = try signer(origin, byte: 0x02)
        let path = folder.appendingPathComponent(name).path
        let ledger = try Ledger.create(at: path, origin: origin, logKey: log.verifierKey, admin: admin)
        return (LedgerFixture(path: path, admin: admin, logSigner: log), ledger)
    }

    static func signer(_ name: String, byte: UInt8) throws -> Signer {
        var seed = [UInt8](repeating: byte, count: 32)
        return try Signer(name: name, key: SigningKey(seed: SecretBytes(consuming: &seed)))
    }

    /// A JSON object of exactly `payloadSize` bytes that differs per `index`.
    static func payload(_ index: Int) -> [UInt8] {
        let head =
            #"{"artifact":"sha256:9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8","model":"credit-risk","seq":\#(index),"note":""#
        let tail = #""}"#
        let padding = String(repeating: "x", count: max(0, payloadSize - head.utf8.count - tail.utf8.count))
        let bytes = Array((head + padding + tail).utf8)
        precondition(bytes.count == payloadSize, "payload must be \(payloadSize) bytes")
        return bytes
    }

    /// `count` drafts of type `bench.event`, numbered from `start`.
    static func drafts(start: Int, count: Int) -> [EntryDraft] {
        (start..<start + count).map { EntryDraft(type: "bench.event", payload: payload($0)) }
    }

    /// The ledger's bytes on disk: the database file plus its WAL, if any.
    static func bytesOnDisk(_ path: String) -> (main: Int, wal: Int) {
        func size(_ file: String) -> Int {
            ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.intValue ?? 0
        }
        return (size(path), size(path + "-wal"))
    }
}
