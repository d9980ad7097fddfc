import AttestLedger
import AttestPolicy
import Foundation
import Testing

@testable import AttestRegistry

/// Item 8 of issue 10: names are NFC when entered, look-alike names and shared keys are refused,
/// and control characters never become part of a name.
@Suite("Identities: names and keys")
struct IdentityNameTests {
    @Test("an actor name typed in NFD is recorded in NFC, and commands find it either way")
    func nfdActorNameIsRecordedInNFC() throws {
        let test = try TestRegistry()
        let nfc = "jos\u{E9}"
        let nfd = "jose\u{301}"
        let jose = try Signer(name: nfc, key: .generate())
        try test.registry.addActor(nfd, publicKey: jose.verifierKey, roles: [], by: test.alice)
        let names = try test.registry.actors().map(\.name)
        #expect(names.contains { $0.unicodeScalars.elementsEqual(nfc.unicodeScalars) })
        #expect(!names.contains { $0.unicodeScalars.elementsEqual(nfd.unicodeScalars) })
        try test.registry.grantRole(BuiltInRole.validator, to: nfd, by: test.alice)
        #expect(try test.registry.actors().first { $0.name == nfc }?.roles == [BuiltInRole.validator])
    }

    @Test("a homoglyph actor (Cyrillic а for Latin a) is refused, naming both names, and the refusal is logged")
    func homoglyphActorIsRefused() throws {
        let test = try TestRegistry()
        let spoof = "\u{430}lice"
        let mallory = try Signer(name: spoof, key: .generate())
        let before = try test.entryCount()
        var message = ""
        #expect {
            try test.registry.addActor(spoof, publicKey: mallory.verifierKey, roles: [BuiltInRole.admin], by: test.alice)
        } throws: { error in
            message = (error as? RegistryError)?.message ?? ""
            return (error as? RegistryError)?.code == .refused
        }
        #expect(message.contains("'\(spoof)'") && message.contains("'alice'") && message.contains("U+0430"), "\(message)")
        #expect(try test.entryCount() == before + 1, "only the action.refused entry")
        #expect(try test.registry.ledger.entry(at: before).type == EventType.actionRefused)
        #expect(try !test.registry.actors().map(\.name).contains(spoof))
    }

    @Test("look-alike model, role, alias and environment names are refused (UTS #39 skeleton)")
    func confusableIdentifiersAreRefused() throws {
        let test = try TestRegistry()
        try test.modelWithVersion("fraud-model")
        #expect {
            try test.registry.createModel("fraud-rnodel", owner: "dana", purpose: "p", riskTier: .low, by: test.dana)
        } throws: { ($0 as? RegistryError)?.code == .refused && ($0 as? RegistryError)?.message.contains("'fraud-model'") == true }
        try test.registry.defineRole("model-owner", description: "owns", by: test.alice)
        #expect { try test.registry.defineRole("rnodel-owner", description: "x", by: test.alice) } throws: {
            ($0 as? RegistryError)?.code == .refused
        }
        try test.publishGates(environments: [("dev-*", "development")])  // aliases need a policy set in force
        try test.registry.setAlias("champion1", model: "fraud-model", version: 1, by: test.alice)
        #expect { try test.registry.setAlias("championl", model: "fraud-model", version: 1, by: test.alice) } throws: {
            ($0 as? RegistryError)?.code == .refused
        }
        // Setting the same alias again is not a look-alike of itself.
        try test.registry.setAlias("champion1", model: "fraud-model", version: 1, by: test.alice)
        #expect(!Confusables.areConfusable("prod-us", "prod-eu"))
        #expect(Confusables.areConfusable("prod-0", "prod-O"))
    }

    @Test("a public key already bound to another actor is refused, whatever name it carries")
    func sharedPublicKeyIsRefused() throws {
        let test = try TestRegistry()
        let danaKeyAsMallory = try VerifierKey(name: "mallory", publicKey: test.dana.verifierKey.publicKey)
        let before = try test.entryCount()
        #expect {
            try test.registry.addActor("mallory", publicKey: danaKeyAsMallory, roles: [BuiltInRole.validator], by: test.alice)
        } throws: { error in
            let message = (error as? RegistryError)?.message ?? ""
            return (error as? RegistryError)?.code == .refused && message.contains("already bound to actor 'dana'")
        }
        #expect(try test.entryCount() == before + 1)
        #expect(try !test.registry.actors().map(\.name).contains("mallory"))
    }

    @Test("a rotation to a key bound to another actor is refused")
    func rotationToAnotherActorsKeyIsRefused() throws {
        let test = try TestRegistry()
        let stolen = try Signer(name: "dana", key: SigningKey(seed: test.victor.key.seed))
        #expect(throws: RegistryError.self) { try test.registry.rotateKey(from: test.dana, to: stolen) }
        #expect(try test.registry.actors().first { $0.name == "dana" }?.keys == [test.dana.verifierKey.description])
    }

    @Test(
        "control characters, escape sequences and invisible characters are refused in actor names",
        arguments: ["eve\u{202E}gnp.exe", "ev\u{200B}e", "eve\u{9B}31m", "eve\u{7F}", "e\u{2066}ve", "eve\u{FEFF}"])
    func controlCharactersInNamesAreRefused(name: String) throws {
        let test = try TestRegistry()
        let before = try test.entryCount()
        // The key carries the same name, so only the name rule can refuse it.
        let key = try Signer(name: name, key: .generate()).verifierKey
        #expect { try test.registry.addActor(name, publicKey: key, roles: [], by: test.alice) } throws: {
            ($0 as? RegistryError)?.code == .badInput
        }
        #expect(try test.entryCount() == before)
    }

    @Test("UTS #39 skeletons: known confusable pairs")
    func skeletonVectors() {
        #expect(Confusables.areConfusable("paypal", "\u{440}\u{430}\u{443}\u{440}\u{430}l"))
        #expect(Confusables.areConfusable("m", "rn"))
        #expect(Confusables.areConfusable("l", "1"))
        #expect(Confusables.areConfusable("I", "l"))
        #expect(Confusables.areConfusable("jos\u{E9}", "jos\u{435}\u{301}"))
        #expect(!Confusables.areConfusable("alice", "alice"))
        #expect(!Confusables.areConfusable("alice", "alicia"))
        #expect(Confusables.table.count == 6311)
        #expect(Confusables.dataVersion == "13.0.0")
    }
}
