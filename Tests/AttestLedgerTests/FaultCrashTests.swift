import Foundation
import Testing

@testable import AttestLedger

/// Crash consistency, the short version (`make stress` runs 200 kills): a worker appending one
/// entry per transaction is killed with SIGKILL at random moments; after each kill the ledger
/// opens, verifies, and holds every append the worker reported as returned.
@Suite("Faults: crash consistency")
struct FaultCrashTests {
    @Test("10 random SIGKILLs: every acknowledged append survives and the ledger verifies")
    func crashLoop() throws {
        let stress = try FaultFixture.stressBinary()
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("attest-crash-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: json) }
        let run = try runChild(stress, ["crash-loop", "--kills", "10", "--max-delay-ms", "200", "--json", json.path], timeout: 120)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        #expect(result?["kills"] as? Int == 10)
        #expect(result?["survived"] as? Int == 10, "\(run.stdout)")
        #expect(result?["lost"] as? Int == 0, "\(run.stdout)")
        #expect(result?["verifyFailures"] as? Int == 0)
        #expect(result?["openFailures"] as? Int == 0)
        #expect((result?["killsAfterAnAppend"] as? Int ?? 0) > 0, "at least one kill landed while the worker was appending")
    }

    @Test("a kill in the middle of a batch leaves all of the batch or none of it")
    func batchIsAtomic() throws {
        let stress = try FaultFixture.stressBinary()
        let fixture = try FaultFixture()
        let worker = try BackgroundChild(stress, ["append", fixture.path, fixture.keystore.home.path, "alice", "100000", "batch"])
        try worker.waitFor(lines: 5)
        let acknowledged = worker.kill().compactMap { UInt64($0) }
        let ledger = try Ledger.open(at: fixture.path)
        let report = try LedgerVerifier().verify(ledger)
        #expect(report.isValid, "\(report.problems.prefix(3))")
        let size = try ledger.size()
        #expect(size >= UInt64(acknowledged.count) + 1)
        for sequence in acknowledged { #expect(try ledger.entry(at: sequence).type == "stress.append") }
        // The next writer appends after whatever the killed one committed.
        let entry = try ledger.append(try TestLedger.draft(1), signer: fixture.test.admin)
        #expect(entry.sequence == size)
    }
}
