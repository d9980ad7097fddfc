import Foundation
import GRDB

@testable import AttestLedger

/// A fresh ledger in its own temporary folder, with an admin and a log key.
struct TestLedger {
    let folder: URL
    let path: String
    let admin: Signer
    let logSigner: Signer
    let ledger: Ledger

    static let origin = "test.example/log"

    init(entries: Int = 0, clock: @escaping @Sendable () -> Date = Date.init) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("attest.ledger").path
        admin = try Signer(name: "alice", key: .generate())
        logSigner = try Signer(name: Self.origin, key: .generate())
        ledger = try Ledger.create(at: path, origin: Self.origin, logKey: logSigner.verifierKey, admin: admin, clock: clock)
        if entries > 0 {
            try ledger.append((0..<entries).map { try Self.draft($0) }, signer: admin)
        }
    }

    static func draft(_ number: Int) throws -> EntryDraft {
        EntryDraft(type: "test.event", payload: Array("{\"n\":\(number),\"note\":\"entry \(number)\"}".utf8))
    }

    /// Opens the file directly, as an insider with file access would, with the triggers dropped.
    func tamper(_ sql: String, arguments: StatementArguments = StatementArguments()) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            for table in ["entries", "merkle_nodes", "checkpoints", "ledger_meta"] {
                try db.execute(sql: "DROP TRIGGER IF EXISTS \(table)_no_update; DROP TRIGGER IF EXISTS \(table)_no_delete")
            }
            try db.execute(sql: sql, arguments: arguments)
            // An insider puts the triggers back: the schema is Attest's again, only the rows changed.
            try LedgerSchema.installAppendOnly(db, tables: ["entries", "merkle_nodes", "checkpoints", "ledger_meta"])
        }
    }

    func verify(against checkpoint: SignedCheckpoint? = nil) throws -> VerificationReport {
        try LedgerVerifier().verify(try Ledger.open(at: path, readOnly: true), against: checkpoint)
    }
}

/// Locates executables built next to the test bundle.
enum TestBinaries {
    static func url(_ name: String) -> URL? {
        var candidates: [URL] = []
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent(name))
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/\(name)"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
