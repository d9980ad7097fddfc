import AttestLedger
import Foundation
import GRDB
import Testing

@testable import AttestRegistry

/// Failures the product used to swallow: a refusal whose `action.refused` entry cannot be
/// written, and an entry whose payload the authority check cannot decode.
@Suite("Silent failures made loud")
struct SilentFailureTests {
    /// Makes every append of an `action.refused` entry fail, as a broken or hostile storage would.
    static func blockRefusals(in registry: Registry) throws {
        let queue = try DatabaseQueue(path: registry.ledger.path)
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER block_refusals BEFORE INSERT ON entries WHEN NEW.type = 'action.refused'
                    BEGIN SELECT RAISE(ABORT, 'refusals are blocked'); END
                    """)
        }
    }

    @Test("a refusal whose action.refused entry cannot be written fails as a storage error that says so")
    func unrecordedRefusal() throws {
        let test = try TestRegistry()
        try Self.blockRefusals(in: test.registry)
        let eve = try Signer(name: "eve", key: .generate())
        let before = try test.entryCount()
        let error = #expect(throws: LedgerError.self) {
            try test.registry.addActor("eve", publicKey: eve.verifierKey, roles: [], by: test.dana)
        }
        #expect(error?.code == .storage)
        #expect(error?.exitCode == 3)
        #expect(error?.message.hasPrefix("actor.add was refused (dana may not add actors") == true, "\(String(describing: error))")
        #expect(error?.message.contains("the refusal could not be recorded in the ledger") == true, "\(String(describing: error))")
        #expect(error?.message.contains("refusals are blocked") == true, "names the storage failure: \(String(describing: error))")
        #expect(try test.entryCount() == before, "nothing was written")
    }

    @Test("a refusal that can be written is recorded and the refusal itself is rethrown")
    func recordedRefusal() throws {
        let test = try TestRegistry()
        let eve = try Signer(name: "eve", key: .generate())
        let before = try test.entryCount()
        let error = #expect(throws: RegistryError.self) {
            try test.registry.addActor("eve", publicKey: eve.verifierKey, roles: [], by: test.dana)
        }
        #expect(error?.code == .refused)
        #expect(error?.message.hasPrefix("dana may not add actors") == true, "\(String(describing: error))")
        #expect(try test.registry.ledger.entry(at: before).type == EventType.actionRefused)
    }

    @Test("an entry whose payload the authority check cannot decode is a violation at that entry")
    func undecodablePayloadFailsClosed() throws {
        let world = try GovernanceWorld()
        let version = try world.registerVersion()
        // A review withdrawal whose payload names no reviews to check, appended through a handle
        // without the registry's projections (as a script against the file would), which would
        // otherwise refuse it. Before the fix the check passed it and only the replay complained.
        let raw = try Ledger.open(at: world.registry.ledger.path)
        let withdrawal = try raw.append(
            EntryDraft(
                type: EventType.approvalWithdrawn,
                payload: Array(#"{"model":"\#(GovernanceWorld.model)","version":\#(version),"stage":"staging"}"#.utf8)),
            signer: world.signer("vera"))
        let problems = try AuthorityCheck.problems(in: world.registry)
        #expect(problems.map(\.sequence) == [withdrawal.sequence, withdrawal.sequence])
        #expect(problems.map(\.kind) == [.unauthorized, .malformedEntry])
        #expect(
            problems.first?.detail == "the approval.withdrawn payload cannot be decoded, so the signer's authority cannot be checked")
    }
}
