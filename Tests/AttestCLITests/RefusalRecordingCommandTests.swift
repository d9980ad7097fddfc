import AttestCLI
import AttestLedger
import Foundation
import GRDB
import Testing

/// A refused command whose `action.refused` entry cannot be written exits 3 and says so, rather
/// than exiting 1 as if the refusal had been logged.
@Suite("Refusals that cannot be recorded")
struct RefusalRecordingCommandTests {
    @Test("a refusal whose entry the ledger rejects exits 3 and names both the refusal and the storage failure")
    func unrecordedRefusalExits3() throws {
        let sandbox = try CLISandbox().initialised(people: ["dana", "eve"])
        #expect(sandbox.run("actor", "add", "dana", "--role", "data-scientist", "--as", "alice").code == 0)
        let ledger = sandbox.folder.appendingPathComponent("attest.ledger").path
        try DatabaseQueue(path: ledger).write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER block_refusals BEFORE INSERT ON entries WHEN NEW.type = 'action.refused'
                    BEGIN SELECT RAISE(ABORT, 'refusals are blocked'); END
                    """)
        }
        let before = try Ledger.open(at: ledger, readOnly: true).size()
        let refused = sandbox.run("actor", "add", "eve", "--as", "dana")
        #expect(refused.code == 3, "\(refused.err)")
        #expect(refused.err.contains("dana may not add actors"), "\(refused.err)")
        #expect(refused.err.contains("the refusal could not be recorded in the ledger"), "\(refused.err)")
        #expect(try Ledger.open(at: ledger, readOnly: true).size() == before, "nothing was written")
    }
}
