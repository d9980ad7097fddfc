import Foundation
import GRDB
import Synchronization
import Testing

@testable import AttestLedger

/// Storage faults: a full disk, a read-only ledger, a lost WAL file, a page of random bytes.
/// Each must give a clear `LedgerError` (no crash; `.storage`, exit code 3, from the CLI) and
/// never a ledger that verifies while missing data.
@Suite("Faults: storage", .serialized)
struct FaultStorageTests {
    static let handled = Mutex<(tried: Int, handled: Int)>((0, 0))

    static func record(_ ok: Bool) {
        let totals = handled.withLock { totals in
            totals.tried += 1
            if ok { totals.handled += 1 }
            return totals
        }
        try? StressResults.write(["tried": totals.tried, "handled": totals.handled], name: "storage.json")
    }

    @Test("disk full (RLIMIT_FSIZE): the failing append is a storage error and nothing acknowledged is lost")
    func diskFull() throws {
        let stress = try FaultFixture.stressBinary()
        let fixture = try FaultFixture()
        let run = try runChild(stress, ["append-limited", fixture.path, fixture.keystore.home.path, "alice", "20000", "400000"])
        let last = run.lines.last.map(String.init) ?? ""
        #expect(run.status == 3, "\(run.stdout.suffix(300)) \(run.stderr)")
        #expect(last.hasPrefix("error storage "), "\(last)")
        #expect(last.contains(fixture.path))
        #expect(last.contains("nothing was written"))
        let acknowledged = run.sequences
        #expect(acknowledged.count >= 3, "the limit leaves room for a few appends first")
        let ledger = try Ledger.open(at: fixture.path)
        let report = try LedgerVerifier().verify(ledger)
        #expect(report.isValid, "\(report.problems.prefix(3))")
        for sequence in acknowledged { #expect(try ledger.entry(at: sequence).type == "stress.big") }
        // With the limit gone, the ledger takes appends again.
        #expect(try ledger.append(try TestLedger.draft(1), signer: fixture.test.admin).sequence == ledger.size() - 1)
        Self.record(run.status == 3 && report.isValid)
    }

    @Test("a read-only ledger: writes fail with a storage error, reads and verify still work")
    func readOnly() throws {
        let fixture = try FaultFixture(entries: 5)
        let path = fixture.path
        let folder = fixture.test.folder.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Root ignores file modes, so as root the folder becomes a read-only bind mount.
        let roPath = folder.appendingPathComponent("attest.ledger").path
        // Move the committed pages from the WAL into the file first, so the copy is the whole ledger.
        try DatabaseQueue(path: path).writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try FileManager.default.copyItem(atPath: path, toPath: roPath)
        var mounted = false
        if geteuid() == 0 {
            mounted = shell("mount --bind '\(folder.path)' '\(folder.path)' && mount -o remount,ro,bind '\(folder.path)'")
            if !mounted { _ = shell("umount '\(folder.path)'") }
        }
        if !mounted {
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: roPath)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        }
        defer {
            if mounted { _ = shell("umount '\(folder.path)'") }
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        }
        if !mounted && geteuid() == 0 {
            // Root ignores file modes and this machine refuses mounts: nothing to test here.
            print("read-only ledger: skipped (root without mount permission)")
            return
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: roPath))
        var ok = true
        do {
            let ledger = try Ledger.open(at: roPath)
            let error = #expect(throws: LedgerError.self) { try ledger.append(try TestLedger.draft(7), signer: fixture.test.admin) }
            #expect(error?.code == .storage)
            ok = ok && error?.code == .storage
        } catch let error as LedgerError {
            #expect(error.code == .storage, "\(error)")
            #expect(error.message.contains(roPath))
            ok = ok && error.code == .storage
        }
        // Reading: SQLite cannot create the WAL index (-shm) in a read-only folder, so a read-only
        // open there opens the file as immutable; verify works (docs/reliability.md).
        var readable = false
        do {
            let reader = try Ledger.open(at: roPath, readOnly: true)
            let report = try LedgerVerifier().verify(reader)
            #expect(report.isValid && report.entriesChecked == 6, "\(report.problems.prefix(3))")
            readable = report.isValid
        } catch {
            Issue.record("a read-only open in a read-only folder failed: \(error)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: roPath)) == before, "the file is unchanged")
        Self.record(ok && readable)
    }

    @Test("a lost WAL file: the ledger opens shorter, and an outside checkpoint shows what is missing")
    func missingWAL() throws {
        let stress = try FaultFixture.stressBinary()
        let fixture = try FaultFixture(entries: 3)
        let path = fixture.path
        // Let a worker commit appends and die before any checkpoint folds its WAL into the file.
        let worker = try BackgroundChild(stress, ["append", path, fixture.keystore.home.path, "alice", "100000", "wal"])
        try worker.waitFor(lines: 20)
        let acknowledged = worker.kill().compactMap { UInt64($0) }
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        // The log operator's checkpoint of that state, published outside the ledger.
        let external: SignedCheckpoint = try {
            let reader = try Ledger.open(at: path, readOnly: true)
            let size = try reader.size()
            return try SignedCheckpoint(
                checkpoint: Checkpoint(origin: reader.origin, size: size, root: try reader.root(size: size)), signer: fixture.test.logSigner
            )
        }()
        #expect(external.checkpoint.size > UInt64(acknowledged.count))

        // Every handle on the file is closed by now except TestLedger's, which holds no snapshot;
        // the WAL and its index are deleted, as by a careless backup or restore.
        let wal = try Data(contentsOf: URL(fileURLWithPath: path + "-wal"))
        #expect(wal.count > 0)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }

        var ok = false
        do {
            let ledger = try Ledger.open(at: path, readOnly: true)
            let size = try ledger.size()
            let plain = try LedgerVerifier().verify(ledger)
            let checked = try LedgerVerifier().verify(ledger, against: external)
            if size < external.checkpoint.size {
                #expect(!checked.isValid, "a ledger missing committed entries must not verify against the outside checkpoint")
                #expect(checked.firstProblem?.kind == .inconsistentCheckpoint)
                #expect(checked.firstProblem?.sequence == size, "names the first missing entry")
                ok = !checked.isValid && plain.isValid
            } else {
                // The WAL had been folded into the file already: nothing is missing.
                #expect(checked.isValid)
                ok = checked.isValid
            }
        } catch let error as LedgerError {
            #expect(error.code == .storage, "\(error)")
            ok = error.code == .storage
        }
        Self.record(ok)
    }

    @Test("a database page overwritten with random bytes never crashes and never verifies with data missing")
    func corruptPages() throws {
        // A ledger of a few dozen pages, its WAL folded into the file.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = folder.appendingPathComponent("original.ledger").path
        let admin = try Signer(name: "alice", key: .generate())
        let logSigner = try Signer(name: TestLedger.origin, key: .generate())
        let (size, root): (UInt64, Digest) = try {
            let ledger = try Ledger.create(at: original, origin: TestLedger.origin, logKey: logSigner.verifierKey, admin: admin)
            try ledger.append((0..<400).map { try TestLedger.draft($0) }, signer: admin)
            try ledger.checkpoint(signedBy: logSigner)
            return (try ledger.size(), try ledger.root(size: try ledger.size()))
        }()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: original))
        let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
        let pages = bytes.count / pageSize
        #expect(pages > 10)
        var generator = SystemRandomNumberGenerator()
        var outcomes: [String: Int] = [:]
        for page in 1...pages {
            let path = folder.appendingPathComponent("page-\(page).ledger").path
            var damaged = bytes
            let start = (page - 1) * pageSize
            for offset in start..<start + pageSize { damaged[offset] = UInt8.random(in: 0...255, using: &generator) }
            try damaged.write(to: URL(fileURLWithPath: path))
            let outcome: String
            do {
                let ledger = try Ledger.open(at: path, readOnly: true)
                let report = try LedgerVerifier().verify(ledger)
                if report.isValid {
                    // Verify may pass only when no entry is missing or changed (an index page).
                    #expect(report.entriesChecked == size && report.root == root, "page \(page): verifies with data missing")
                    outcome = "verifies, nothing missing"
                } else {
                    outcome = "verify fails"
                }
            } catch let error as LedgerError {
                #expect(error.code == .storage || error.code == .verificationFailed, "page \(page): \(error)")
                #expect(error.message.contains(path), "page \(page): the message names the file")
                outcome = "\(error.code) error"
            }
            outcomes[outcome, default: 0] += 1
            try? FileManager.default.removeItem(atPath: path)
        }
        print("corrupt pages (\(pages)): \(outcomes.sorted { $0.key < $1.key })")
        Self.record(true)
    }
}

/// Runs a shell command; whether it exited 0.
func shell(_ command: String) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command + " >/dev/null 2>&1"]
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}
