import Foundation
import Testing

@testable import AttestLedger

/// The keystore's failure paths: generation leaves nothing behind, a rotation is staged before
/// the old key moves and can be finished or undone after a kill, names are NFC.
@Suite("Keystore: failures and rotation")
struct KeystoreRotationTests {
    static func store() throws -> Keystore {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("attest-keystore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        return Keystore(home: home)
    }

    static func files(_ store: Keystore) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: store.keysFolder.path)) ?? []).sorted()
    }

    @Test("key generate leaves nothing behind when the public file cannot be written")
    func keyGenerateLeavesNothingBehindOnFailure() throws {
        let store = try Self.store()
        try FileManager.default.createDirectory(at: store.keysFolder, withIntermediateDirectories: true)
        // A stray public file: the private key is written first, then the public one fails.
        try Data("stray\n".utf8).write(to: store.publicKeyURL("carol"))
        #expect(throws: LedgerError.self) { try store.generate(name: "carol", passphrase: nil) }
        #expect(Self.files(store) == ["carol.pub"], "no private key may be left without its public half")
        #expect(!store.contains("carol"))
    }

    @Test("a key name with an escape sequence is refused before anything is written")
    func keyNameWithAnEscapeSequenceWritesNothing() throws {
        let store = try Self.store()
        #expect(throws: LedgerError.self) { try store.generate(name: "bad\u{1B}[31mname", passphrase: nil) }
        #expect(!FileManager.default.fileExists(atPath: store.keysFolder.path))
    }

    @Test("key names are NFC: a key generated as NFD is found by its NFC name and vice versa")
    func keyNamesAreNFC() throws {
        let store = try Self.store()
        let signer = try store.generate(name: "jose\u{301}", passphrase: nil)
        #expect(signer.name.unicodeScalars.elementsEqual("jos\u{E9}".unicodeScalars))
        #expect(store.contains("jos\u{E9}") && store.contains("jose\u{301}"))
        #expect(try store.load(name: "jos\u{E9}") { nil }.verifierKey == signer.verifierKey)
    }

    @Test("a staged rotation keeps the old key in place; a pending one blocks load until it is completed or discarded")
    func rotationIsStagedBeforeTheOldKeyMoves() throws {
        let store = try Self.store()
        let old = try store.generate(name: "dana", passphrase: nil)
        let new = try Signer(name: "dana", key: .generate())
        try store.stageRotation(new, passphrase: nil)
        #expect(Self.files(store) == ["dana.key", "dana.key.new", "dana.pub", "dana.pub.new"])
        #expect(store.pendingRotation(name: "dana") == .some(new.verifierKey))
        #expect { try store.load(name: "dana") { nil } } throws: { ($0 as? LedgerError)?.message.contains("--recover") == true }
        try store.discardRotation(name: "dana")
        #expect(try store.load(name: "dana") { nil }.verifierKey == old.verifierKey)
        try store.stageRotation(new, passphrase: nil)
        try store.completeRotation(name: "dana")
        try store.completeRotation(name: "dana")  // idempotent
        #expect(try store.load(name: "dana") { nil }.verifierKey == new.verifierKey)
        #expect(try store.publicKey(name: "dana") == new.verifierKey)
        let oldID = Hex.encode(old.verifierKey.keyID)
        #expect(Set(Self.files(store)).isSuperset(of: ["dana.key.\(oldID).old", "dana.pub.\(oldID).old"]))
    }

    @Test("recovery asks the ledger: a rotation it recorded is completed, one it never saw is discarded")
    func recoveryFollowsTheLedger() throws {
        let test = try TestLedger()
        let store = try Self.store()
        try store.store(test.admin, passphrase: nil)
        let unrecorded = try Signer(name: "alice", key: .generate())
        try store.stageRotation(unrecorded, passphrase: nil)
        #expect(try store.recoverRotation(name: "alice", trusting: test.ledger) == .discarded)
        #expect(try store.load(name: "alice") { nil }.verifierKey == test.admin.verifierKey)
        let recorded = try Signer(name: "alice", key: .generate())
        try store.stageRotation(recorded, passphrase: nil)
        let proof = recorded.key.signature(
            for: KeyRotatedPayload.possessionMessage(old: test.admin.verifierKey, new: recorded.verifierKey))
        try test.ledger.append(
            try EntryDraft(
                type: LedgerEntryType.keyRotated,
                encoding: KeyRotatedPayload(
                    principal: "alice", oldKey: test.admin.verifierKey.description, newKey: recorded.verifierKey.description,
                    newKeySignature: Data(proof).base64EncodedString())), signer: test.admin)
        // Killed after the commit, before the files moved: the next use finishes the rotation.
        #expect(try store.recoverRotation(name: "alice", trusting: test.ledger) == .completed(recorded.verifierKey))
        #expect(try store.load(name: "alice") { nil }.verifierKey == recorded.verifierKey)
        #expect(try store.recoverRotation(name: "alice", trusting: test.ledger) == nil)
    }

    @Test("a second rotation of the same key waits for none: the lock refuses at once")
    func rotationLockIsExclusive() throws {
        let store = try Self.store()
        let held = try store.lockRotation(name: "dana")
        #expect { _ = try store.lockRotation(name: "dana") } throws: { ($0 as? LedgerError)?.code == .busy }
        withExtendedLifetime(held) {}
    }
}
