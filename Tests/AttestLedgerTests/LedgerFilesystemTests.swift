import Foundation
import Testing

@testable import AttestLedger

/// Creating and reading a ledger where the file system works against it: racing creators, and
/// a folder that cannot be written.
@Suite("Ledger: exclusive create and read-only folders")
struct LedgerFilesystemTests {
    @Test("two concurrent creates never delete each other's ledger: exactly one wins and its ledger stays")
    func concurrentInitNeverDeletesTheOtherLedger() throws {
        for round in 0..<200 {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-race-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent("attest.ledger").path
            let admins = try (0..<2).map { _ in try Signer(name: "alice", key: .generate()) }
            let log = try Signer(name: "race.example/log", key: .generate())
            let outcomes = Outcomes()
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                // Both creators leave the starting line together, so they race for the file.
                outcomes.arrive()
                while outcomes.arrived < 2 {}
                do {
                    _ = try Ledger.create(at: path, origin: log.name, logKey: log.verifierKey, admin: admins[index])
                    outcomes.add(index)
                } catch {
                    outcomes.add(nil)
                }
            }
            let winners = outcomes.winners
            #expect(winners.count == 1, "round \(round): \(winners.count) creators succeeded")
            #expect(FileManager.default.fileExists(atPath: path), "round \(round): the winner's ledger was deleted")
            guard let winner = winners.first, FileManager.default.fileExists(atPath: path) else { continue }
            let ledger = try Ledger.open(at: path, readOnly: true)
            #expect(try ledger.entry(at: 0).signer == admins[winner].verifierKey.fingerprint)
            #expect(try LedgerVerifier().verify(ledger).isValid)
        }
    }

    @Test("verify works on a ledger in a read-only folder (read-only bind mount, else chattr +i)", .enabled(if: ReadOnlyFolder.isPossible))
    func verifyWorksInAReadOnlyFolder() throws {
        // Written and closed first (the last connection checkpoints and removes the WAL), as a
        // ledger handed to an auditor would be.
        let (path, folder) = try { () throws -> (String, String) in
            let test = try TestLedger(entries: 20)
            _ = try test.ledger.checkpoint(signedBy: test.logSigner)
            return (test.path, test.folder.path)
        }()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        try ReadOnlyFolder.withReadOnly(folder) {
            #expect(access(folder, W_OK) != 0, "the folder must really be read-only, root included")
            let reader = try Ledger.open(at: path, readOnly: true)
            #expect(try reader.size() == 21)
            let report = try LedgerVerifier().verify(reader)
            #expect(report.isValid, "\(report.problems.prefix(3))")
            #expect(try reader.latestCheckpoint()?.checkpoint.size == 21)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}

/// Thread-safe collection of which creator succeeded.
private final class Outcomes: @unchecked Sendable {
    // @unchecked Sendable: `lock` serialises every access.
    private let lock = NSLock()
    private var results: [Int?] = []
    private var ready = 0
    func arrive() { lock.withLock { ready += 1 } }
    var arrived: Int { lock.withLock { ready } }
    func add(_ value: Int?) { lock.withLock { results.append(value) } }
    var winners: [Int] { lock.withLock { results.compactMap { $0 } } }
}

/// Makes a folder read-only for root too: a read-only bind mount of the folder onto itself, or
/// else the immutable attribute. Tests run as root, which ignores permission bits, so chmod
/// alone proves nothing; where neither works the test is reported as skipped.
enum ReadOnlyFolder {
    static let isPossible: Bool = {
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("attest-ro-probe-\(UUID().uuidString)").path
        guard (try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)) != nil else { return false }
        defer { try? FileManager.default.removeItem(atPath: probe) }
        return (try? withReadOnly(probe) { access(probe, W_OK) != 0 }) == true
    }()

    static func withReadOnly<T>(_ folder: String, _ body: () throws -> T) throws -> T {
        if shell("mount --bind '\(folder)' '\(folder)' && mount -o remount,bind,ro '\(folder)'") {
            defer { _ = shell("umount '\(folder)'") }
            return try body()
        }
        _ = shell("umount '\(folder)'")
        if shell("chattr +i '\(folder)'") {
            defer { _ = shell("chattr -i '\(folder)'") }
            return try body()
        }
        throw LedgerError(.storage, "\(folder): cannot make the folder read-only here")
    }

    private static func shell(_ command: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " 2>/dev/null"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
