import AttestLedger
import AttestRegistry
import AttestWitness
import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue 12's figures: add-checkpoint requests a witness cosigns per second on loopback (each one
/// durably recorded before the answer), and `attest checkpoint` with three witnesses.
func runWitnessBenches(report: Report, folder: URL, quick: Bool, fdatasyncSeconds: Double) throws {
    say("\nwitness")
    let root = folder.appendingPathComponent("witness")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    let perLog = quick ? 300 : 1_000
    for logs in [1, 8] {
        let rate = try witnessThroughput(folder: root.appendingPathComponent("logs-\(logs)"), logs: logs, perLog: perLog)
        report.add(
            Row(
                measure:
                    "witness add-checkpoint over HTTP, \(logs) log(s) in parallel (a kept-alive connection each), \(perLog) checkpoints each (state flushed to disk before each answer)",
                value: "\(Format.count(rate))/s", target: logs == 8 ? ">= 2,000/s" : "-",
                peer: "fdatasync \(Format.count(1 / fdatasyncSeconds))/s", ratio: Format.ratio(rate * fdatasyncSeconds),
                missed: logs == 8 && rate < 2_000))
    }
    try checkpointWithWitnesses(folder: root.appendingPathComponent("checkpoint"), report: report, samples: quick ? 20 : 50)
}

/// A log in memory with every perfect subtree precomputed, for fast proofs.
private struct BenchTree: MerkleNodeSource {
    var levels: [[Digest]]

    init(leaves: Int, tag: String) {
        var level = (0..<leaves).map { MerkleHash.leaf(Array("\(tag)-\($0)".utf8)) }
        levels = [level]
        while level.count > 1 {
            level = stride(from: 0, to: level.count - 1, by: 2).map { MerkleHash.node(level[$0], level[$0 + 1]) }
            levels.append(level)
        }
    }

    func hash(level: Int, index: UInt64) throws -> Digest { levels[level][Int(index)] }
}

/// Starts a witness server in this process; returns its URL.
private func startWitness(_ witness: Witness) throws -> URL {
    let port = Shared<Int?>(nil)
    let ready = DispatchSemaphore(value: 0)
    Task {
        try await WitnessServer.run(witness: witness, host: "127.0.0.1", port: 0) { bound in
            port.set(bound)
            ready.signal()
        }
    }
    guard ready.wait(timeout: .now() + 30) == .success, let bound = port.get() else {
        throw BenchError("the witness server did not start")
    }
    return URL(string: "http://127.0.0.1:\(bound)")!
}

/// Checkpoints per second: `logs` clients at once, each growing its own log by one entry per request.
private func witnessThroughput(folder: URL, logs: Int, perLog: Int) throws -> Double {
    let signers = try (0..<logs).map { try LedgerFixture.signer("bench.example.com/log\($0)", byte: UInt8(0x40 + $0)) }
    let witness = try Witness(
        name: "bench.example.com/witness", signingKey: try LedgerFixture.signer("w", byte: 0x30).key, logs: signers.map(\.verifierKey),
        store: WitnessStore(folder: folder))
    let url = try startWitness(witness)
    // Every request body is made before timing: checkpoint n of log i, with the proof from n - 1.
    let bodies: [[String]] = try signers.map { signer in
        let tree = BenchTree(leaves: perLog, tag: signer.name)
        let builder = MerkleProofBuilder(source: tree)
        return try (1...perLog).map { size in
            let checkpoint = try SignedCheckpoint(
                checkpoint: Checkpoint(origin: signer.name, size: UInt64(size), root: try builder.root(size: UInt64(size))), signer: signer)
            let proof = size == 1 ? [] : try builder.consistencyProof(oldSize: UInt64(size - 1), newSize: UInt64(size))
            return AddCheckpointRequest(oldSize: UInt64(size - 1), proof: proof, note: checkpoint.serialized).body
        }
    }
    // One connection and one thread per log, each with its requests ready to send.
    let port = url.port!
    let requests = bodies.map { $0.map { LoopbackClient.post(path: "/add-checkpoint", body: $0) } }
    let clients = try (0..<logs).map { _ in try LoopbackClient(port: port) }
    let failures = Shared(0)
    let group = DispatchGroup()
    let start = ContinuousClock.now
    for log in 0..<logs {
        group.enter()
        Thread.detachNewThread { [client = clients[log], requests = requests[log]] in
            for request in requests where (try? client.send(request)) != 200 { failures.update { $0 += 1 } }
            group.leave()
        }
    }
    group.wait()
    let seconds = (ContinuousClock.now - start).seconds
    let failed = failures.get()
    guard failed == 0 else { throw BenchError("the witness refused \(failed) of \(logs * perLog) checkpoints") }
    return Double(logs * perLog) / seconds
}

/// `attest checkpoint` with three witnesses: through the library, and as a process.
private func checkpointWithWitnesses(folder: URL, report: Report, samples: Int) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let alice = try LedgerFixture.signer("alice", byte: 0x01)
    let log = try LedgerFixture.signer("bench.example.com/witnessed", byte: 0x02)
    let home = folder.appendingPathComponent("keys")
    try Keystore(home: home).store(log, passphrase: nil)
    let path = folder.appendingPathComponent("witnessed.ledger").path
    let registry = try Registry.create(at: path, origin: log.name, logKey: log.verifierKey, admin: alice)
    let targets: [CheckpointCosigner.Target] = try (0..<3).map { index in
        let key = try LedgerFixture.signer("w\(index).bench.example.com", byte: UInt8(0x50 + index))
        let witness = try Witness(
            name: key.name, signingKey: key.key, logs: [log.verifierKey],
            store: WitnessStore(folder: folder.appendingPathComponent("state\(index)")))
        return CheckpointCosigner.Target(key: witness.key, url: try startWitness(witness))
    }
    try registry.setWitnesses(
        WitnessesSet(witnesses: targets.map { .init(key: $0.key.description, url: $0.url.absoluteString) }, quorum: 2), by: alice)
    let ledger = registry.ledger
    func grow() throws { _ = try ledger.append(EntryDraft(type: "bench.note", payload: LedgerFixture.payload(0)), signer: alice) }
    var library: [Double] = []
    for _ in 0..<samples {
        try grow()
        library.append(
            try Measure.seconds {
                let signed = try ledger.checkpoint(signedBy: log)
                let box = Shared(false)
                let finished = DispatchSemaphore(value: 0)
                Task {
                    let outcome = try? await CheckpointCosigner.cosign(signed, ledger: ledger, witnesses: targets, quorum: 2)
                    box.set(outcome?.result.isMet == true && outcome?.result.cosigned.count == 3)
                    finished.signal()
                }
                finished.wait()
                guard box.get() else { throw BenchError("a checkpoint did not get three cosignatures") }
            })
    }
    report.add(
        Row(
            measure: "sign a checkpoint and collect 3 witness cosignatures (library, median of \(samples))",
            value: Format.ms(Measure.median(library)), target: "<= 20 ms", missed: Measure.median(library) > 0.020))
    let attest = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("attest")
    guard FileManager.default.isExecutableFile(atPath: attest.path) else {
        report.note("attest binary not found next to attest-bench; 'attest checkpoint' with witnesses not timed")
        return
    }
    var cli: [Double] = []
    var bare: [Double] = []
    for _ in 0..<samples {
        try grow()
        cli.append(
            try Measure.seconds { try runProcess(attest.path, ["checkpoint", "--ledger", path], environment: ["ATTEST_HOME": home.path]) })
        try grow()
        bare.append(
            try Measure.seconds {
                try runProcess(attest.path, ["checkpoint", "--no-witnesses", "--ledger", path], environment: ["ATTEST_HOME": home.path])
            })
    }
    let median = Measure.median(cli)
    report.add(
        Row(
            measure: "attest checkpoint with 3 witnesses, one process each (median of \(samples))", value: Format.ms(median),
            target: "<= 20 ms", peer: "attest checkpoint --no-witnesses \(Format.ms(Measure.median(bare)))",
            ratio: Format.ratio(median / Measure.median(bare)), missed: median > 0.020))
}

/// A value shared between tasks and the waiting thread.
private final class Shared<T: Sendable>: Sendable {
    private let value: Mutex<T>

    init(_ initial: T) { value = Mutex(initial) }

    func get() -> T { value.withLock { $0 } }
    func set(_ new: T) { value.withLock { $0 = new } }
    func update(_ body: (inout T) -> Void) { value.withLock { body(&$0) } }
}
