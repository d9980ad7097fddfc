import AttestCLI
import Foundation
import Testing

/// Decisions outlive the engine that made them: ledgers written by engine 1 and engine 3
/// (committed, never regenerated) keep passing `verify --checkpoint --replay` after every later
/// change (docs/governance.md, "The replay contract").
@Suite("Replay fixtures: ledgers made by engines 1 and 3")
struct ReplayFixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("AttestRegistryTests/Fixtures")

    /// A copy of a fixture (`engine1` by default) in a sandbox (verify must never change it, but
    /// a test never risks it).
    static func sandbox(_ name: String = "engine1") throws -> CLISandbox {
        let cli = try CLISandbox()
        for file in ["attest.ledger", "log-key.pub", "checkpoint.txt"] {
            try FileManager.default.copyItem(
                at: fixtures.appendingPathComponent(name).appendingPathComponent(file), to: cli.folder.appendingPathComponent(file))
        }
        return cli
    }

    @Test("the engine-1 ledger verifies with its checkpoint and all four decisions replay")
    func engineOneLedgerReplays() throws {
        let cli = try Self.sandbox()
        let verified = cli.run("verify", "--checkpoint", "checkpoint.txt", "--log-key", "log-key.pub", "--replay")
        #expect(verified.code == 0, "\(verified.err)")
        #expect(verified.out.contains("OK: 38 entries"))
        #expect(verified.out.contains("consistent with the checkpoint at size 38"))
        #expect(verified.out.contains("replayed 4 promotion decisions: all come out the same"))
    }

    @Test("the engine-1 ledger's decisions are allow, deny and allow_with_override, recorded by attest-policy/1")
    func engineOneDecisions() throws {
        let cli = try Self.sandbox()
        let log = cli.run("log", "--type", "promotion.decided", "--json")
        #expect(log.code == 0, "\(log.err)")
        #expect(log.out.components(separatedBy: "attest-policy/1").count - 1 == 4)
        for result in ["\"allow\"", "\"deny\"", "\"allow_with_override\""] { #expect(log.out.contains(result)) }
    }

    @Test("the engine-3 ledger verifies with its checkpoint, its decisions and its model signature replay")
    func engineThreeLedgerReplays() throws {
        let cli = try Self.sandbox("engine3")
        let verified = cli.run("verify", "--checkpoint", "checkpoint.txt", "--log-key", "log-key.pub", "--replay")
        #expect(verified.code == 0, "\(verified.err)")
        #expect(verified.out.contains("OK: 61 entries"))
        #expect(verified.out.contains("consistent with the checkpoint at size 50"))
        #expect(verified.out.contains("replayed 4 promotion decisions: all come out the same"))
        #expect(verified.out.contains("verified 1 recorded model signature again from the stored bundle: as recorded"))
    }

    @Test("the engine-3 ledger's decisions are allow, deny and allow_with_override, recorded by attest-policy/3")
    func engineThreeDecisions() throws {
        let cli = try Self.sandbox("engine3")
        let log = cli.run("log", "--type", "promotion.decided", "--json")
        #expect(log.code == 0, "\(log.err)")
        #expect(log.out.components(separatedBy: "attest-policy/3").count - 1 == 4)
        for result in ["\"allow\"", "\"deny\"", "\"allow_with_override\""] { #expect(log.out.contains(result)) }
    }
}
