import AttestLedger
import AttestPolicy
import AttestRegistry
import Foundation

/// Issue 3's figures: artifact hashing throughput, registering 1,000 versions through the library
/// and through the CLI, and rebuilding the projections of a large ledger.
func runRegistryBenches(report: Report, folder: URL, quick: Bool, libsodiumSHA256: Double) throws {
    say("\nregistry")
    let registryFolder = folder.appendingPathComponent("registry")
    try FileManager.default.createDirectory(at: registryFolder, withIntermediateDirectories: true)

    // 1. One large file, streamed; the peer is coreutils sha256sum on the same file (warm cache).
    let bigSize = quick ? 256 << 20 : 1 << 30
    let big = registryFolder.appendingPathComponent("artifact.bin")
    try writeFile(big, size: bigSize)
    _ = try FileDigester.fileDigest(big)  // warm the page cache
    let ours = try (0..<3).map { _ in try Measure.seconds { _ = try FileDigester.fileDigest(big) } }
    let oursRate = Double(bigSize) / Measure.median(ours)
    let peerTimes = (0..<3).compactMap { _ in try? Measure.seconds { try runProcess("/usr/bin/env", ["sha256sum", big.path]) } }
    let peerRate = peerTimes.isEmpty ? .nan : Double(bigSize) / Measure.median(peerTimes)
    report.add(
        Row(
            measure: "artifact hashing, one \(bigSize >> 20) MiB file (swift-crypto SHA-256, streamed)",
            value: "\(Format.fixed(oursRate / 1e9, 2)) GB/s", target: ">= 1.2 GB/s",
            peer: "sha256sum \(Format.fixed(peerRate / 1e9, 2)) GB/s; libsodium \(Format.fixed(libsodiumSHA256 / 1e9, 2)) GB/s",
            ratio: Format.ratio(oursRate / peerRate), missed: oursRate < 1.2e9))

    // 2. Several files hash in parallel.
    let parts = (0..<4).map { registryFolder.appendingPathComponent("part\($0).bin") }
    for part in parts { try writeFile(part, size: bigSize / 4) }
    _ = try FileDigester.records(for: parts.map { ($0, nil) })
    let parallel = try (0..<3).map { _ in try Measure.seconds { _ = try FileDigester.records(for: parts.map { ($0, nil) }) } }
    let parallelRate = Double(bigSize) / Measure.median(parallel)
    report.add(
        Row(
            measure: "artifact hashing, 4 files of \(bigSize >> 22) MiB in parallel", value: "\(Format.fixed(parallelRate / 1e9, 2)) GB/s",
            peer: "one file \(Format.fixed(oursRate / 1e9, 2)) GB/s", ratio: Format.ratio(parallelRate / oursRate)))
    for file in [big] + parts { try? FileManager.default.removeItem(at: file) }

    // 3. 1,000 versions through the library: 3 small artifacts, 2 datasets, 10 params, 5 metrics each.
    let (registry, signers, files) = try makeRegistry(in: registryFolder, name: "versions.ledger")
    let params = Dictionary(uniqueKeysWithValues: (0..<10).map { ("param_\($0)", TypedValue.number(Double($0) * 0.5)) })
    let metrics = Dictionary(uniqueKeysWithValues: (0..<5).map { ("metric_\($0)", TypedValue.number(0.8 + Double($0) / 100)) })
    let request = VersionRequest(
        artifacts: Array(files.prefix(3)), datasets: [("train", files[3]), ("test", files[4])],
        code: CodeReference(repository: "https://git.example.com/risk/credit", commit: "3f2c9a1", dirty: nil),
        params: params, metrics: metrics)
    let versions = 1000
    let library = try Measure.seconds {
        for _ in 0..<versions { try registry.registerVersion("credit-scoring", request, by: signers.dana) }
    }
    report.add(
        Row(
            measure: "register \(versions) versions through the library (one durable transaction each)",
            value: "\(Format.fixed(library, 2)) s (\(Format.ms(library / Double(versions))) each)", target: "< 2 s", missed: library >= 2))

    // 4. The same through the CLI, one process per version (unencrypted key: Argon2id is timed apart).
    let attest = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("attest")
    if FileManager.default.isExecutableFile(atPath: attest.path) {
        let cliRuns = quick ? 30 : 100
        var arguments = ["model", "register", "credit-scoring", "--as", "dana", "--ledger", registry.ledger.path]
        for file in files.prefix(3) { arguments += ["--artifact", file.path] }
        arguments += [
            "--dataset", "train=\(files[3].path)", "--dataset", "test=\(files[4].path)", "--code",
            "https://git.example.com/risk/credit@3f2c9a1",
        ]
        for index in 0..<10 { arguments += ["--param", "param_\(index)=\(Double(index) * 0.5)"] }
        for index in 0..<5 { arguments += ["--metric", "metric_\(index)=0.8\(index)"] }
        let environment = ["ATTEST_HOME": signers.home.path]
        let samples = try (0..<cliRuns).map { _ in try Measure.seconds { try runProcess(attest.path, arguments, environment: environment) }
        }
        let median = Measure.median(samples)
        report.add(
            Row(
                measure: "register through the CLI, one process per version (median of \(cliRuns))",
                value: "\(Format.ms(median)) each; \(Format.fixed(median * 1000, 0)) s per 1,000",
                peer: "library \(Format.ms(library / Double(versions)))",
                ratio: Format.ratio(median / (library / Double(versions)))))
    } else {
        report.note("attest binary not found next to attest-bench; build it with 'swift build -c release --product attest'")
    }

    // 5. Rebuild of a large ledger's projections.
    let entries = quick ? 100_000 : 1_000_000
    let (large, build) = try buildLargeRegistry(at: registryFolder.appendingPathComponent("large.ledger"), entries: entries)
    say("  (built a \(Format.count(Double(entries)))-entry registry ledger in \(Format.fixed(build, 1)) s)")
    try measureVerifyAndRebuild(large, entries: entries, runs: 1, report: report)
}

/// Times `attest rebuild` (library, one transaction) and `attest verify` (the whole process: log,
/// schema, one projection replay with the authority check) on a large registry ledger, the
/// median of `runs` each.
func measureVerifyAndRebuild(_ large: Registry, entries: Int, runs: Int, report: Report) throws {
    let attest = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("attest")
    let rebuilds = try (0..<runs).map { _ in try Measure.seconds { try large.ledger.rebuildProjections() } }
    let rebuild = Measure.median(rebuilds)
    say("  rebuild: \(rebuilds.map { Format.fixed($0, 1) }.joined(separator: ", ")) s")
    if FileManager.default.isExecutableFile(atPath: attest.path) {
        let verifies = try (0..<runs).map { _ in
            try Measure.seconds { try runProcess(attest.path, ["verify", "--ledger", large.ledger.path]) }
        }
        let verify = Measure.median(verifies)
        say("  verify: \(verifies.map { Format.fixed($0, 1) }.joined(separator: ", ")) s")
        // The peer: the log checks alone (`--log-only`), which the whole command runs beside
        // the database check; the ratio shows what the database check adds on this machine.
        let logOnly = Measure.median(
            try (0..<runs).map { _ in
                try Measure.seconds { try runProcess(attest.path, ["verify", "--log-only", "--ledger", large.ledger.path]) }
            })
        say("  verify --log-only: \(Format.fixed(logOnly, 1)) s")
        report.add(
            Row(
                measure:
                    "attest verify of \(Format.count(Double(entries))) registry entries (process, median of \(runs): signatures, chain, tree, schema and integrity check, one projection replay compared byte for byte with the authority of every entry)",
                value: "\(Format.fixed(verify, 1)) s", target: "<= 45 s", peer: "verify --log-only \(Format.fixed(logOnly, 1)) s",
                ratio: "\(Format.fixed(verify / logOnly, 2))x", missed: verify > 45))
    } else {
        report.note("attest binary not found next to attest-bench; build it with 'swift build -c release --product attest'")
    }
    report.add(
        Row(
            measure: "attest rebuild of \(Format.count(Double(entries))) entries (library, one transaction, median of \(runs))",
            value: "\(Format.fixed(rebuild, 1)) s (\(Format.count(Double(entries) / rebuild)) entries/s)", target: "<= 25 s",
            missed: rebuild > 25))
}

/// A registry ledger of `entries` entries at `url`: nine version registrations by a data
/// scientist, then a deployment record by the admin, each entry signed by someone who holds the
/// role it needs (verify checks it). An existing ledger at `url` is reused as it is.
/// - Returns: the registry and the seconds the build took (0 when reused).
func buildLargeRegistry(at url: URL, entries: Int) throws -> (Registry, Double) {
    if FileManager.default.fileExists(atPath: url.path) { return (try Registry.open(at: url.path), 0) }
    let (large, largeSigners, _) = try makeRegistry(in: url.deletingLastPathComponent(), name: url.lastPathComponent)
    let versionEvent = try JSONEncoder().encode(
        VersionRegistered(
            model: "credit-scoring", version: 0,
            artifacts: [
                FileRecord(name: "model.bin", digest: "sha256:" + String(repeating: "ab", count: 32), size: 1024, role: nil, isFolder: nil)
            ],
            datasets: [
                FileRecord(
                    name: "test.csv", digest: "sha256:" + String(repeating: "cd", count: 32), size: 2048, role: "test", isFolder: nil)
            ],
            code: nil, params: ["max_depth": .number(6)], metrics: [:], parent: nil, framework: nil, description: nil))
    let template = String(decoding: versionEvent, as: UTF8.self)
    var written = try large.ledger.size()
    var next = 1
    let build = try Measure.seconds {
        while written < UInt64(entries) {
            let count = min(1000, entries - Int(written))
            let drafts = (0..<count).map { offset -> (EntryDraft, Signer) in
                if offset % 10 == 9 {
                    let payload = #"{"environment":"prod","model":"credit-scoring","traffic":0,"version":\#(next - 1)}"#
                    return (EntryDraft(type: EventType.deployed, payload: Array(payload.utf8)), largeSigners.alice)
                }
                defer { next += 1 }
                let payload = template.replacingOccurrences(of: "\"version\":0", with: "\"version\":\(next)")
                return (EntryDraft(type: EventType.versionRegistered, payload: Array(payload.utf8)), largeSigners.dana)
            }
            try large.ledger.write { writer in
                for (draft, signer) in drafts { try writer.append(draft, signer: signer) }
            }
            written += UInt64(count)
        }
    }
    return (large, build)
}

private struct BenchSigners {
    let home: URL
    let alice: Signer
    let dana: Signer
}

private func makeRegistry(in folder: URL, name: String) throws -> (Registry, BenchSigners, [URL]) {
    let home = folder.appendingPathComponent("keys-\(name)")
    let store = Keystore(home: home)
    let alice = try LedgerFixture.signer("alice", byte: 0x01)
    let dana = try LedgerFixture.signer("dana", byte: 0x03)
    let log = try LedgerFixture.signer("bench.example.com/registry", byte: 0x02)
    try? store.store(dana, passphrase: nil)
    let registry = try Registry.create(
        at: folder.appendingPathComponent(name).path, origin: log.name, logKey: log.verifierKey, admin: alice)
    try registry.addActor("dana", publicKey: dana.verifierKey, roles: [BuiltInRole.dataScientist], by: alice)
    try registry.createModel("credit-scoring", owner: "dana", purpose: "benchmark", riskTier: .high, by: dana)
    let files = try (0..<5).map { index -> URL in
        let url = folder.appendingPathComponent("\(name)-file\(index).bin")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* (index + 7)) }).write(to: url)
        return url
    }
    return (registry, BenchSigners(home: home, alice: alice, dana: dana), files)
}

private func writeFile(_ url: URL, size: Int) throws {
    FileManager.default.createFile(atPath: url.path, contents: nil)
    let handle = try FileHandle(forWritingTo: url)
    defer { try? handle.close() }
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    for index in chunk.indices { chunk[index] = UInt8(truncatingIfNeeded: index &* 2654435761 >> 13) }
    for _ in 0..<(size >> 20) { try handle.write(contentsOf: chunk) }
}
