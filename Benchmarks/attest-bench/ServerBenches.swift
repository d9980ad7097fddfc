import AttestCLI
import AttestLedger
import AttestPolicy
import AttestRegistry
import AttestServer
import Foundation
import Synchronization

/// Issue 11's figures, through `attest serve` in this process on a free loopback port, with the
/// command line's own client (URLSession, RFC 9421, `attest-append/1`):
/// - signed appends (`model.create`, one entry, two HTTP round trips each) from 8 concurrent
///   clients: appends/s (target >= 1,000/s), against the same acts on the library directly;
/// - `promote` over HTTP on a 100,000-entry ledger: p99 (target <= 50 ms).
func runServerBenches(report: Report, quick: Bool) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "attest-server-bench-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    say("server: signed appends from 8 clients, promote over HTTP")
    try appendBench(folder: folder, report: report, perClient: quick ? 50 : 250)
    try promoteOverHTTPBench(folder: folder, report: report, runs: quick ? 20 : 100)
}

/// A server running in this process until `stop()`.
struct BenchServer {
    let url: String
    let task: Task<Void, any Error>

    init(ledger: String, mirror: (any LedgerMirror)? = nil) throws {
        let port = Mutex<Int?>(nil)
        var configuration = ServerConfiguration(ledgerPath: ledger, port: 0)
        configuration.mirror = mirror
        configuration.onListening = { bound in port.withLock { $0 = bound } }
        let settings = configuration
        task = Task { try await serve(settings) }
        for _ in 0..<1000 where port.withLock({ $0 }) == nil { usleep(10_000) }
        guard let bound = port.withLock({ $0 }) else { throw BenchError("the server did not start") }
        url = "http://127.0.0.1:\(bound)"
    }

    func stop() { task.cancel() }
}

private func appendBench(folder: URL, report: Report, perClient: Int) throws {
    let measured = try serverAppendRate(folder: folder, perClient: perClient)
    report.add(
        Row(
            measure: "signed appends through attest serve, \(measured.clients) loopback clients, \(measured.appended) model.create acts",
            value: "\(Format.count(measured.rate))/s", target: ">= 1,000/s", peer: "library, 1 process: \(Format.count(measured.local))/s",
            ratio: Format.ratio(measured.rate / measured.local), missed: measured.rate < 1_000))
}

/// Signed appends (`model.create`) from 8 concurrent clients through `attest serve` on a new
/// ledger, against the same act on the library in one process. With `mirror`, the server's file
/// is the working copy of a PostgreSQL log: `mirror` gets the registry once its actors are in and
/// returns the mirror the server writes through (docs/postgres.md section 7).
func serverAppendRate(
    folder: URL, perClient: Int, mirror makeMirror: ((Registry) throws -> any LedgerMirror)? = nil
) throws -> (rate: Double, local: Double, appended: UInt64, clients: Int) {
    let clients = 8
    let alice = try Signer(name: "alice", key: .generate())
    let log = try Signer(name: "bench.example.com/server", key: .generate())
    let path = folder.appendingPathComponent("appends-\(UUID().uuidString).ledger").path
    let registry = try Registry.create(at: path, origin: log.name, logKey: log.verifierKey, admin: alice)
    var people: [Signer] = []
    for n in 0..<clients {
        let person = try Signer(name: "ds\(n)", key: .generate())
        try registry.addActor(person.name, publicKey: person.verifierKey, roles: ["data-scientist"], by: alice)
        people.append(person)
    }
    let signers = people
    // The peer: the same act on the library, one process, no HTTP.
    let local =
        Double(perClient)
        / (try Measure.seconds {
            for i in 0..<perClient {
                try registry.createModel("local-\(i)", owner: "ds0", purpose: "bench", riskTier: .low, by: signers[0])
            }
        })
    let server = try BenchServer(ledger: path, mirror: try makeMirror?(registry))
    defer { server.stop() }
    let failure = Mutex<String?>(nil)
    let before = try registry.ledger.size()
    let seconds = Measure.seconds {
        DispatchQueue.concurrentPerform(iterations: clients) { n in
            do {
                let client = try ServerClient(url: server.url, signer: signers[n])
                for i in 0..<perClient {
                    var act = ActRequest(act: .modelCreate)
                    act.model = "m\(n)-\(i)"
                    act.owner = "ds\(n)"
                    act.purpose = "bench"
                    act.riskTier = "low"
                    _ = try client.act(act)
                }
            } catch { failure.withLock { $0 = "\(error)" } }
        }
    }
    if let message = failure.withLock({ $0 }) { throw BenchError("a client failed: \(message)") }
    let appended = try registry.ledger.size() - before
    guard appended == UInt64(clients * perClient) else { throw BenchError("\(appended) entries, expected \(clients * perClient)") }
    return (Double(appended) / seconds, local, appended, clients)
}

private func promoteOverHTTPBench(folder: URL, report: Report, runs: Int) throws {
    let world = try GovernanceBenchWorld(folder: folder.appendingPathComponent("promote"), reviewers: 3)
    var versions: [Int] = []
    for _ in 0..<(runs + 1) { versions.append(try world.version(evaluations: 1, approvals: 0, stagingApproval: true)) }
    var peerVersions: [Int] = []
    for _ in 0..<(runs + 1) { peerVersions.append(try world.version(evaluations: 1, approvals: 0, stagingApproval: true)) }
    let filler = 100_000 - Int(try world.registry.ledger.size())
    var next = 0
    while next < filler {
        let count = min(5_000, filler - next)
        try world.registry.ledger.append(
            (next..<next + count).map { EntryDraft(type: "bench.event", payload: LedgerFixture.payload($0)) }, signer: world.signer("alice")
        )
        next += count
    }
    // The peer: the same promotions on the library, in this process, no HTTP, same ledger size.
    var local: [Double] = []
    for (index, version) in peerVersions.enumerated() {
        let seconds = try Measure.seconds {
            _ = try world.registry.promote(GovernanceBenchWorld.model, version: version, to: .staging, by: world.signer("pat"))
        }
        if index > 0 { local.append(seconds) }
    }
    let size = try world.registry.ledger.size()
    let server = try BenchServer(ledger: world.path)
    defer { server.stop() }
    let client = try ServerClient(url: server.url, signer: world.signer("pat"))
    var samples: [Double] = []
    for (index, version) in versions.enumerated() {
        var act = ActRequest(act: .promote)
        act.model = GovernanceBenchWorld.model
        act.version = version
        act.stage = "staging"
        let seconds = try Measure.seconds { _ = try client.act(act) }
        if index > 0 { samples.append(seconds) }  // the first warms the page cache
    }
    let p99 = Measure.percentile(samples, 99)
    report.add(
        Row(
            measure:
                "promote over HTTP (allowed, 5-rule staging gate, 3 round trips), \(Format.count(Double(size)))-entry ledger, p99 of \(samples.count) (median \(Format.ms(Measure.median(samples))))",
            value: Format.ms(p99), target: "<= 50 ms",
            peer: "library, same ledger: p99 \(Format.ms(Measure.percentile(local, 99))), median \(Format.ms(Measure.median(local)))",
            ratio: Format.ratio(p99 / Measure.percentile(local, 99)), missed: p99 > 0.050))
}
