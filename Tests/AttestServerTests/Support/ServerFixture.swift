import AttestLedger
import AttestRegistry
import Foundation

@testable import AttestServer

/// A ledger for a server: alice (admin), dana (data scientist), victor (validator), audrey
/// (auditor) and the server's own service actor; each test gets its own folder.
struct ServerFixture {
    let folder: URL
    let path: String
    let alice: Signer
    let dana: Signer
    let victor: Signer
    let audrey: Signer
    let service: Signer
    let log: Signer
    let outsider: Signer

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("attest.ledger").path
        alice = try Signer(name: "alice", key: .generate())
        dana = try Signer(name: "dana", key: .generate())
        victor = try Signer(name: "victor", key: .generate())
        audrey = try Signer(name: "audrey", key: .generate())
        service = try Signer(name: "attest-server", key: .generate())
        outsider = try Signer(name: "mallory", key: .generate())
        log = try Signer(name: "test.example/server", key: .generate())
        let registry = try Registry.create(at: path, origin: log.name, logKey: log.verifierKey, admin: alice)
        try registry.addActor("dana", publicKey: dana.verifierKey, roles: [BuiltInRole.dataScientist], by: alice)
        try registry.addActor("victor", publicKey: victor.verifierKey, roles: [BuiltInRole.validator], by: alice)
        try registry.addActor("audrey", publicKey: audrey.verifierKey, roles: [BuiltInRole.auditor], by: alice)
        try registry.addActor(
            "attest-server", kind: "service", publicKey: service.verifierKey, roles: [BuiltInRole.auditor], by: alice)
    }

    /// The server's configuration for this ledger (port 0: `serving` picks a free one).
    func configuration(signingTimeout: TimeInterval = 60, maximumBodyBytes: Int = 1 << 20) -> ServerConfiguration {
        ServerConfiguration(
            ledgerPath: path, host: "127.0.0.1", port: 0, signingTimeout: signingTimeout, maximumBodyBytes: maximumBodyBytes,
            serviceSigner: service, logSigner: log)
    }

    /// Opens the ledger read-only, for checks.
    func registry() throws -> Registry { try Registry.open(at: path, readOnly: true) }

    func size() throws -> UInt64 { try registry().ledger.size() }

    /// A model-create act.
    static func createModel(_ name: String = "credit-scoring") -> ActRequest {
        var act = ActRequest(act: .modelCreate)
        act.model = name
        act.owner = "dana"
        act.purpose = "credit default"
        act.riskTier = "high"
        return act
    }
}

/// Runs blocking work (a raw socket waiting for the server) on a thread of its own: on one of the
/// cooperative pool's few threads it could hold the thread the server's handler needs to answer.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
