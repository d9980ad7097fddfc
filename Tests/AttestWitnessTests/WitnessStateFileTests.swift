import AttestLedger
import Foundation
import Testing

@testable import AttestWitness

/// The two-slot state file (docs/witnesses.md, "State, durability and evidence"): saves take
/// turns between the slots, a torn slot is passed over for the intact one, two torn slots are a
/// storage error, and a one-note `@v1` file is read and then rewritten in the new format.
@Suite struct WitnessStateFileTests {
    let folder: URL
    let log: TestLog
    let witnessKey = SigningKey.generate()

    init() throws {
        folder = try temporaryFolder("witness-state")
        log = try TestLog(size: 40)
    }

    func witness() throws -> Witness {
        try Witness(
            name: "witness.test/w1", signingKey: witnessKey, logs: [log.signer.verifierKey], store: WitnessStore(folder: folder),
            clock: { 1_700_000_000 })
    }

    var stateFile: URL { try! WitnessStore(folder: folder).stateFile(origin: log.origin) }

    /// The witness's answer to a request for `size` after `old`: 409's body is the size it holds.
    func heldSize(_ witness: Witness) throws -> String {
        witness.addCheckpoint(body: try log.request(old: 0, size: 40)).body
    }

    func slot(_ index: Int) throws -> StateSlots.Slot? {
        let bytes = Array(try Data(contentsOf: stateFile))
        let start = index * StateSlots.slotSize
        return StateSlots.newest(in: Array(bytes[start..<start + StateSlots.slotSize]))
    }

    /// Two saves: size 10 (sequence 2, slot 0), then size 12 (sequence 3, slot 1).
    func cosignTenThenTwelve() throws {
        let witness = try witness()
        #expect(witness.addCheckpoint(body: try log.request(old: 0, size: 10)).status == 200)
        #expect(witness.addCheckpoint(body: try log.request(old: 10, size: 12)).status == 200)
    }

    func corrupt(slot index: Int, at offset: Int) throws {
        var bytes = Array(try Data(contentsOf: stateFile))
        bytes[index * StateSlots.slotSize + offset] ^= 0x01
        try Data(bytes).write(to: stateFile)
    }

    @Test func savesTakeTurnsBetweenTheTwoSlots() throws {
        let witness = try witness()
        #expect(witness.addCheckpoint(body: try log.request(old: 0, size: 10)).status == 200)
        #expect(try Data(contentsOf: stateFile).count == 2 * StateSlots.slotSize)
        #expect(try slot(0)?.sequence == 2)
        #expect(try slot(1) == nil)
        #expect(witness.addCheckpoint(body: try log.request(old: 10, size: 12)).status == 200)
        #expect(try slot(0)?.sequence == 2)
        #expect(try slot(1)?.sequence == 3)
        #expect(witness.addCheckpoint(body: try log.request(old: 12, size: 15)).status == 200)
        #expect(try slot(0)?.sequence == 4)
        #expect(try slot(0)?.note.contains("\n15\n") == true)
        #expect(try heldSize(try self.witness()) == "15\n")
    }

    @Test func aTornSlotIsPassedOverForTheIntactOne() throws {
        try cosignTenThenTwelve()
        // A crash in the middle of writing size 12's slot: its note no longer matches its digest.
        try corrupt(slot: 1, at: 200)
        let reopened = try self.witness()
        #expect(try heldSize(reopened) == "10\n")
        // The torn slot is the one overwritten next: the intact state survives the next save.
        #expect(reopened.addCheckpoint(body: try log.request(old: 10, size: 12)).status == 200)
        #expect(try slot(0)?.sequence == 2)
        #expect(try slot(1)?.sequence == 3)
        #expect(try heldSize(try self.witness()) == "12\n")
    }

    @Test func aSlotTornAtItsFirstByteIsPassedOverToo() throws {
        try cosignTenThenTwelve()
        // The file's first bytes are slot 0's header: a torn write there leaves slot 1 to read.
        try corrupt(slot: 0, at: 0)
        #expect(try heldSize(try self.witness()) == "12\n")
    }

    @Test func twoTornSlotsAreAStorageErrorNamingTheFile() throws {
        try cosignTenThenTwelve()
        try corrupt(slot: 0, at: 150)
        try corrupt(slot: 1, at: 150)
        let error = try #require(throws: WitnessError.self) { try self.witness() }
        #expect(error.code == .storage)
        #expect(error.message.contains(stateFile.path))
        #expect(error.message.contains("neither state slot is intact"))
    }

    @Test func aOneNoteFileFromTheFirstFormatIsReadThenRewritten() throws {
        // The first format: the header line, then the cosigned note.
        let witness = try witness()
        #expect(witness.addCheckpoint(body: try log.request(old: 0, size: 10)).status == 200)
        let note = try #require(try slot(0)).note
        try Data(("attest.dev/witness-state@v1\n" + note).utf8).write(to: stateFile)
        let reopened = try self.witness()
        #expect(try heldSize(reopened) == "10\n")
        #expect(reopened.addCheckpoint(body: try log.request(old: 10, size: 12)).status == 200)
        #expect(try Data(contentsOf: stateFile).starts(with: Array("attest.dev/witness-state@v2 2 ".utf8)))
        #expect(try heldSize(try self.witness()) == "12\n")
    }

    @Test func aFileInNeitherFormatIsAStorageError() throws {
        try FileManager.default.createDirectory(at: stateFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("something else\n".utf8).write(to: stateFile)
        let error = try #require(throws: WitnessError.self) { try self.witness() }
        #expect(error.message.contains("not a witness state file"))
    }
}
