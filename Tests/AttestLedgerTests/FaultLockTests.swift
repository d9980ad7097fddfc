import Foundation
import Testing

@testable import AttestLedger

/// The bounded lock wait: a writer waits for another process's write transaction up to the busy
/// timeout, then fails with `.busy` (exit code 3) and a message that says what to do, never
/// SQLite's "database is locked". Readers are never blocked by a writer.
@Suite("Faults: lock wait")
struct FaultLockTests {
    @Test("a write transaction held by another process gives .busy after the timeout")
    func busyAfterTimeout() throws {
        let stress = try FaultFixture.stressBinary()
        let fixture = try FaultFixture(entries: 3)
        let holder = try BackgroundChild(stress, ["hold-lock", fixture.path, "10"])
        defer { _ = holder.kill() }
        try holder.waitFor(containing: "locked")

        let ledger = try Ledger.open(at: fixture.path, busyTimeout: 0.5)
        let started = Date()
        let error = #expect(throws: LedgerError.self) {
            try ledger.append(try TestLedger.draft(9), signer: fixture.test.admin)
        }
        let waited = Date().timeIntervalSince(started)
        #expect(error?.code == .busy)
        #expect(error?.exitCode == 3)
        #expect(error?.message.contains("write lock") == true)
        #expect(error?.message.contains("0.5 s") == true)
        #expect(error?.message.lowercased().contains("database is locked") == false)
        #expect(waited >= 0.45 && waited < 5, "waited \(waited) s")

        // Readers are not blocked: verify runs while the lock is held.
        #expect(try LedgerVerifier().verify(ledger).isValid)
        #expect(try ledger.size() == 4)

        // Once the holder is gone, the same handle writes.
        _ = holder.kill()
        let entry = try ledger.append(try TestLedger.draft(10), signer: fixture.test.admin)
        #expect(entry.sequence == 4)
    }

    @Test("the default wait is bounded and documented")
    func defaultTimeout() throws {
        #expect(Ledger.busyTimeout == 30)
        let fixture = try FaultFixture()
        #expect(try Ledger.open(at: fixture.path).busyTimeout == Ledger.busyTimeout)
    }
}
