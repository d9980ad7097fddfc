import Foundation
import Testing

/// `attest serve` killed with SIGKILL under 8 clients, the short version (`make stress` runs 100
/// kills, docs/reliability.md): every act a client saw succeed is in the ledger after every kill,
/// the ledger verifies, and `attest verify` passes at the end.
@Suite("Faults: attest serve under SIGKILL")
struct ServeKillTests {
    @Test("3 SIGKILLs of attest serve with 8 clients: nothing acknowledged is lost")
    func serveSurvivesKills() throws {
        let stress = try FaultFixture.stressBinary()
        let attest = try #require(TestBinaries.url("attest"), "build the attest product first (make test does)")
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("attest-serve-kill-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: json) }
        let run = try runChild(
            stress,
            [
                "serve-kill", "--kills", "3", "--clients", "8", "--min-delay-ms", "4000", "--max-delay-ms", "6000", "--attest", attest.path,
                "--json", json.path,
            ], timeout: 600)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        #expect(result?["kills"] as? Int == 3)
        #expect(result?["survived"] as? Int == 3, "\(run.stdout)")
        #expect(result?["lost"] as? Int == 0)
        #expect(result?["finalVerify"] as? Bool == true)
        #expect((result?["acknowledged"] as? Int ?? 0) > 0, "the clients got acts through: \(run.stdout)")
    }
}
