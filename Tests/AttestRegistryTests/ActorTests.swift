import AttestLedger
import AttestPolicy
import Foundation
import Testing

@testable import AttestRegistry

@Suite("Actors and roles")
struct ActorTests {
    @Test("the role catalogue starts with the built-in roles and can be extended by an admin")
    func roles() throws {
        let test = try TestRegistry()
        let names = try test.registry.roleCatalogue().map(\.role)
        #expect(Set(BuiltInRole.all.map(\.name)).isSubset(of: Set(names)))
        try test.registry.defineRole("model-owner", description: "owns models", by: test.alice)
        #expect(try test.registry.roleCatalogue().map(\.role).contains("model-owner"))
        expectRegistryError(.refused, "dana may not define roles: that needs the role admin, and dana holds data-scientist") {
            try test.registry.defineRole("x", description: "", by: test.dana)
        }
    }

    @Test("only admins manage actors, and a refusal by a known actor is itself logged")
    func onlyAdmins() throws {
        let test = try TestRegistry()
        let eve = try Signer(name: "eve", key: .generate())
        let before = try test.entryCount()
        expectRegistryError(.refused, "dana may not add actors: that needs the role admin, and dana holds data-scientist") {
            try test.registry.addActor("eve", publicKey: eve.verifierKey, roles: [], by: test.dana)
        }
        #expect(try test.entryCount() == before + 1)
        let last = try test.registry.ledger.entry(at: before)
        #expect(last.type == EventType.actionRefused)
        #expect(last.signer == test.dana.verifierKey.fingerprint)
        #expect(last.payloadText.contains("add actors"))
        // An unknown key's attempt cannot be logged (it is not a known actor) and writes nothing.
        expectRegistryError(.notFound, "belongs to no actor of this ledger") {
            try test.registry.addActor("eve", publicKey: eve.verifierKey, roles: [], by: eve)
        }
        #expect(try test.entryCount() == before + 1)
    }

    @Test("actor add writes the key and the actor; duplicates and unknown roles are refused without entries")
    func addActor() throws {
        let test = try TestRegistry()
        let actors = try test.registry.actors()
        #expect(actors.map(\.name) == ["alice", "dana", "rita", "victor"])
        #expect(actors.first { $0.name == "dana" }?.roles == ["data-scientist"])
        let before = try test.entryCount()
        let other = try Signer(name: "dana", key: .generate())
        expectRegistryError(.alreadyExists, "actor 'dana' exists already") {
            try test.registry.addActor("dana", publicKey: other.verifierKey, roles: [], by: test.alice)
        }
        let sam = try Signer(name: "sam", key: .generate())
        expectRegistryError(.notFound, "unknown role 'wizard'") {
            try test.registry.addActor("sam", publicKey: sam.verifierKey, roles: ["wizard"], by: test.alice)
        }
        expectRegistryError(.badInput, "the public key is named 'dana' but the actor is 'sam'") {
            try test.registry.addActor("sam", publicKey: other.verifierKey, roles: [], by: test.alice)
        }
        #expect(try test.entryCount() == before)
    }

    @Test("roles are granted and revoked, and the roles held at each entry are kept")
    func grantRevoke() throws {
        let test = try TestRegistry()
        try test.registry.grantRole(BuiltInRole.validator, to: "dana", by: test.alice)
        let grantedAt = try test.entryCount() - 1
        try test.registry.revokeRole(BuiltInRole.validator, from: "dana", by: test.alice)
        let revokedAt = try test.entryCount() - 1
        #expect(try test.registry.roles(of: "dana", at: grantedAt + 1).contains(BuiltInRole.validator))
        #expect(try !test.registry.roles(of: "dana", at: grantedAt).contains(BuiltInRole.validator))
        #expect(try test.registry.roles(of: "dana", at: revokedAt).contains(BuiltInRole.validator))
        #expect(try !test.registry.roles(of: "dana", at: revokedAt + 1).contains(BuiltInRole.validator))
    }

    @Test("the last admin cannot remove itself")
    func lastAdmin() throws {
        let test = try TestRegistry()
        expectRegistryError(.refused, "alice is the last admin; grant admin to another actor first") {
            try test.registry.revokeRole(BuiltInRole.admin, from: "alice", by: test.alice)
        }
        expectRegistryError(.refused, "alice is the last admin; grant admin to another actor first") {
            try test.registry.deactivateActor("alice", reason: "leaving", by: test.alice)
        }
        try test.registry.grantRole(BuiltInRole.admin, to: "rita", by: test.alice)
        try test.registry.revokeRole(BuiltInRole.admin, from: "alice", by: test.alice)
        #expect(try !test.registry.actors().first { $0.name == "alice" }!.roles.contains(BuiltInRole.admin))
    }

    @Test("a rotated key stops signing; the new key signs; verify passes")
    func rotation() throws {
        let test = try TestRegistry()
        let dana2 = try Signer(name: "dana", key: .generate())
        try test.registry.rotateKey(from: test.dana, to: dana2)
        expectRegistryError(.refused, "of dana was rotated or revoked and signs nothing now") {
            try test.registry.createModel("m", owner: "dana", purpose: "p", riskTier: .low, by: test.dana)
        }
        try test.registry.createModel("m", owner: "dana", purpose: "p", riskTier: .low, by: dana2)
        #expect(try test.registry.actors().first { $0.name == "dana" }?.keys == [dana2.verifierKey.description])
        #expect(try LedgerVerifier().verify(test.registry.ledger).isValid)
    }

    @Test("a deactivated actor's keys are revoked at the ledger level too")
    func deactivation() throws {
        let test = try TestRegistry()
        try test.registry.deactivateActor("victor", reason: "left the bank", by: test.alice)
        expectLedgerError(.unknownSigner, "victor") {
            try test.registry.ledger.append(EntryDraft(type: "x.y", payload: Array("{}".utf8)), signer: test.victor)
        }
        #expect(try test.registry.actors().first { $0.name == "victor" }?.active == false)
        #expect(try test.registry.ledger.projectionMismatches().isEmpty)
    }
}
