import Foundation
import Testing

/// `attest actor rotate-key` killed with SIGKILL at random points, the short version (the 200-kill
/// figure is in docs/reliability.md): after every kill `rotate-key --recover` leaves the keystore
/// holding exactly the key the ledger trusts, and the ledger verifies.
@Suite("Faults: key rotation under SIGKILL")
struct RotateKeyKillTests {
    @Test("30 random SIGKILLs of actor rotate-key: the stored key is always the one the ledger trusts")
    func rotateKeySurvivesKills() throws {
        let stress = try FaultFixture.stressBinary()
        let attest = try #require(TestBinaries.url("attest"), "build the attest product first (make test does)")
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("attest-rotate-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: json) }
        let run = try runChild(
            stress, ["rotate-kill", "--kills", "30", "--attest", attest.path, "--json", json.path], timeout: 600)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        #expect(result?["kills"] as? Int == 30)
        #expect(result?["survived"] as? Int == 30, "\(run.stdout)")
        #expect((result?["killedMidway"] as? Int ?? 0) > 0, "at least one kill landed during a rotation")
        #expect((result?["killsAfterStaging"] as? Int ?? 0) > 0, "at least one kill was aimed after the new key was sealed")
    }
}
