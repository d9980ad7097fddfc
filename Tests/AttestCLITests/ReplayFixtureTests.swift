import AttestCLI
import Foundation
import Testing

/// Decisions outlive the engine that made them: a ledger written by engine 1 (committed, never
/// regenerated) keeps passing `verify --checkpoint --replay` after every later change
/// (docs/governance.md, "The replay contract").
@Suite("Replay fixture: a ledger made by engine 1")
struct ReplayFixtureTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("AttestRegistryTests/Fixtures/engine1")

    /// A copy of the fixture in a sandbox (verify must never change it, but a test never risks it).
    static func sandbox() throws -> CLISandbox {
        let cli = try CLISandbox()
        for name in ["attest.ledger", "log-key.pub", "checkpoint.txt"] {
            try FileManager.default.copyItem(
                at: fixture.appendingPathComponent(name), to: cli.folder.appendingPathComponent(name))
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
}
