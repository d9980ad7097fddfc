import AttestLedger
import AttestRegistry
import AttestWitness
import Foundation
import Synchronization

/// A witness clock the test moves by hand (seconds since the Epoch).
final class WitnessClock: Sendable {
    private let seconds: Mutex<UInt64>

    init(_ start: Date) { seconds = Mutex(UInt64(start.timeIntervalSince1970)) }

    var now: UInt64 { seconds.withLock { $0 } }

    func advance(_ by: UInt64) { seconds.withLock { $0 += by } }
}

/// Real witnesses (c2sp.org/tlog-witness over HTTP) on free loopback ports in this process,
/// sharing one clock the test moves: what `attest witness serve` runs, with the clock injected.
final class WitnessPanel: Sendable {
    let clock: WitnessClock
    let targets: [CheckpointCosigner.Target]
    private let servers: [Task<Void, any Error>]

    /// Starts `count` witnesses of the log whose key is `log`.
    init(count: Int, log: VerifierKey, clock: WitnessClock, folder: URL) async throws {
        var targets: [CheckpointCosigner.Target] = []
        var servers: [Task<Void, any Error>] = []
        for index in 0..<count {
            let signer = try Signer(name: "witness.test/w\(index)", key: .generate())
            let store = try WitnessStore(folder: folder.appendingPathComponent("witness-\(index)"))
            let witness = try Witness(name: signer.name, signingKey: signer.key, logs: [log], store: store, clock: { clock.now })
            let (ports, continuation) = AsyncStream<Int>.makeStream()
            servers.append(
                Task {
                    try await WitnessServer.run(witness: witness, host: "127.0.0.1", port: 0) { port in continuation.yield(port) }
                })
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw LedgerError(.badInput, "witness \(index) did not start") }
            targets.append(CheckpointCosigner.Target(key: witness.key, url: URL(string: "http://127.0.0.1:\(port)")!))
        }
        self.clock = clock
        self.targets = targets
        self.servers = servers
    }

    /// The witness list naming every witness of the panel.
    func list(quorum: Int) -> WitnessesSet {
        WitnessesSet(witnesses: targets.map { .init(key: $0.key.description, url: $0.url.absoluteString) }, quorum: quorum)
    }

    /// Signs a checkpoint of the head with `logSigner` and has `witnesses` (default: all) cosign
    /// it, storing their cosignatures: what `attest promote` does before deciding.
    @discardableResult
    func witnessHead(
        _ ledger: Ledger, logSigner: Signer, quorum: Int, witnesses: [CheckpointCosigner.Target]? = nil
    ) async throws -> CheckpointCosigner.Outcome {
        let signed = try ledger.checkpoint(signedBy: logSigner)
        return try await CheckpointCosigner.cosign(signed, ledger: ledger, witnesses: witnesses ?? targets, quorum: quorum)
    }

    func stop() { for server in servers { server.cancel() } }
}
