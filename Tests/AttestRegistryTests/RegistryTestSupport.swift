import AttestLedger
import AttestPolicy
import Foundation

@testable import AttestRegistry

/// A registry on a fresh ledger with an admin, a data scientist, a validator and a risk officer.
struct TestRegistry {
    let folder: URL
    let registry: Registry
    let alice: Signer
    let dana: Signer
    let victor: Signer
    let rita: Signer

    init(clock: @escaping @Sendable () -> Date = Date.init) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        alice = try Signer(name: "alice", key: .generate())
        dana = try Signer(name: "dana", key: .generate())
        victor = try Signer(name: "victor", key: .generate())
        rita = try Signer(name: "rita", key: .generate())
        let log = try Signer(name: "test.example/registry", key: .generate())
        registry = try Registry.create(
            at: folder.appendingPathComponent("attest.ledger").path, origin: log.name, logKey: log.verifierKey, admin: alice, clock: clock)
        try registry.addActor("dana", publicKey: dana.verifierKey, roles: [BuiltInRole.dataScientist], by: alice)
        try registry.addActor("victor", publicKey: victor.verifierKey, roles: [BuiltInRole.validator], by: alice)
        try registry.addActor("rita", publicKey: rita.verifierKey, roles: [BuiltInRole.riskOfficer], by: alice)
    }

    /// Writes a file in the test folder.
    func file(_ name: String, _ contents: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
        return url
    }

    /// A model with one version.
    @discardableResult
    func modelWithVersion(_ name: String = "credit-scoring") throws -> Int {
        try registry.createModel(name, owner: "dana", purpose: "credit default", riskTier: .high, by: dana)
        return try registry.registerVersion(
            name,
            VersionRequest(
                artifacts: [try file("model.bin", "weights-1")],
                datasets: [("train", try file("train.csv", "a,b\n1,2\n")), ("test", try file("test.csv", "a,b\n3,4\n"))],
                code: CodeReference(repository: "https://git.example/credit", commit: "abc123", dirty: nil),
                params: ["max_depth": .number(6)], metrics: ["auc": .number(0.8)]),
            by: dana)
    }

    func entryCount() throws -> UInt64 { try registry.ledger.size() }
}
