import AttestLedger
import Foundation

/// The ledger's own measurements.
struct LedgerBenches {
    let folder: URL
    let report: Report
    let peers: PeerResults
    let cores: Int

    /// Quoted by Trillian Tessera for its POSIX/GCP back ends (appends/s); a quoted figure, not measured here.
    static let tesseraAppendsPerSecond = 10_000.0

    /// One transaction per `batchSize` entries, each signed; the median rate over `batches` batches.
    func batchedAppends(batches: Int, batchSize: Int) throws {
        let (fixture, ledger) = try LedgerFixture.create(in: folder, name: "batched.sqlite")
        defer { removeLedger(fixture.path) }
        var rates: [Double] = []
        var next = 1
        for _ in 0..<(batches + 1) {
            let drafts = LedgerFixture.drafts(start: next, count: batchSize)
            let time = try Measure.seconds { try ledger.append(drafts, signer: fixture.admin) }
            rates.append(Double(batchSize) / time)
            next += batchSize
        }
        rates.removeFirst()  // warm-up: statement caches, first pages
        let rate = Measure.median(rates)
        report.add(
            Row(
                measure: "batched appends (\(batchSize)/transaction, signed, \(LedgerFixture.payloadSize) B payload)",
                value: "\(Format.count(rate)) entries/s", target: ">= 20,000/s",
                peer: "Tessera ~\(Format.count(Self.tesseraAppendsPerSecond))/s (quoted)",
                ratio: Format.ratio(rate / Self.tesseraAppendsPerSecond), missed: rate < 20_000))
        report.add(
            Row(
                measure: "batched append cost vs. one Ed25519 sign",
                value: "\(Format.fixed(1e6 / rate, 1)) us/entry", peer: "sign \(Format.fixed(1e6 / peers.signPerSecond, 1)) us",
                ratio: Format.ratio(peers.signPerSecond / rate)))
    }

    /// One append per transaction (one durable commit each): median and p90 latency.
    func singleAppends(count: Int) throws {
        let (fixture, ledger) = try LedgerFixture.create(in: folder, name: "single.sqlite")
        defer { removeLedger(fixture.path) }
        try ledger.append(LedgerFixture.drafts(start: 1, count: 1000), signer: fixture.admin)
        var samples: [Double] = []
        for index in 0..<(count + 10) {
            let draft = EntryDraft(type: "bench.event", payload: LedgerFixture.payload(2000 + index))
            samples.append(try Measure.seconds { try ledger.append(draft, signer: fixture.admin) })
        }
        samples.removeFirst(10)
        let median = Measure.median(samples)
        let p90 = Measure.percentile(samples, 90)
        report.add(
            Row(
                measure: "single durable append, median", value: Format.ms(median), target: "<= 1 ms",
                peer: "fdatasync \(Format.ms(peers.fdatasyncSeconds))", ratio: Format.ratio(median / peers.fdatasyncSeconds),
                missed: median > 0.001))
        if median < 0.5 * peers.fdatasyncSeconds {
            report.note(
                "a single append commits in \(Format.ms(median)), less than half the disk's fdatasync (\(Format.ms(peers.fdatasyncSeconds))): commits are not synced to disk (SQLite synchronous=NORMAL in effect?)"
            )
        }
        report.add(
            Row(
                measure: "single durable append, p90", value: Format.ms(p90), peer: "fdatasync \(Format.ms(peers.fdatasyncSeconds))",
                ratio: Format.ratio(p90 / peers.fdatasyncSeconds)))
    }

    /// Builds an `entries`-entry ledger in batches, then measures verify, proofs and size.
    func bigLedger(entries: Int, proofSamples: Int) throws {
        let batchSize = 1000
        // Only `ledger` may hold the ledger: dropping it closes the database (see the size below).
        var ledger: Ledger?
        let fixture: LedgerFixture
        (fixture, ledger) = try LedgerFixture.create(in: folder, name: "big.sqlite")
        defer { removeLedger(fixture.path) }
        say("  building a \(Format.count(Double(entries)))-entry ledger ...")
        var next = 1
        let tenth = max(batchSize, entries / 10)
        var chunk = (start: ContinuousClock.now, first: 1)
        var chunkRates: [Double] = []
        let buildTime = try Measure.seconds {
            while next < entries {
                let count = min(batchSize, entries - next)
                try ledger!.append(LedgerFixture.drafts(start: next, count: count), signer: fixture.admin)
                next += count
                if next - chunk.first >= tenth || next == entries {
                    let now = ContinuousClock.now
                    chunkRates.append(Double(next - chunk.first) / (now - chunk.start).seconds)
                    say(
                        "    \(Format.count(Double(next))) entries; the last \(Format.count(Double(next - chunk.first))) at \(Format.count(chunkRates.last!))/s"
                    )
                    chunk = (now, next)
                }
            }
        }
        let buildRate = Double(entries - 1) / buildTime
        report.add(
            Row(
                measure: "build \(Format.count(Double(entries))) entries (batched, whole run)",
                value: "\(Format.count(buildRate)) entries/s (\(Format.fixed(buildTime, 1)) s)", target: ">= 20,000/s",
                peer: "Tessera ~\(Format.count(Self.tesseraAppendsPerSecond))/s (quoted)",
                ratio: Format.ratio(buildRate / Self.tesseraAppendsPerSecond), missed: buildRate < 20_000))
        if let first = chunkRates.first, let last = chunkRates.last {
            report.note(
                "building the large ledger: \(Format.count(first)) entries/s over the first tenth, \(Format.count(last)) entries/s over the last (a rate falling with size means per-transaction work grows with the log)"
            )
        }
        try ledger!.checkpoint(signedBy: fixture.logSigner)

        // Size: close the ledger so SQLite checkpoints and removes the WAL, then measure.
        let open = LedgerFixture.bytesOnDisk(fixture.path)
        ledger = nil
        let closed = LedgerFixture.bytesOnDisk(fixture.path)
        let perEntry = Double(closed.main + closed.wal) / Double(entries)
        report.add(
            Row(
                measure: "ledger bytes per entry (\(LedgerFixture.payloadSize) B payload, after WAL checkpoint)",
                value: "\(Format.fixed(perEntry, 0)) B", peer: "payload + signature \(LedgerFixture.payloadSize + 64) B",
                ratio: Format.ratio(perEntry / Double(LedgerFixture.payloadSize + 64))))
        report.note(
            "size before closing: \(Format.count(Double(open.main))) B file + \(Format.count(Double(open.wal))) B WAL; after: \(Format.count(Double(closed.main))) B + \(Format.count(Double(closed.wal))) B WAL"
        )

        let reopened = try Ledger.open(at: fixture.path, readOnly: true)
        say("  verifying ...")
        var verification: VerificationReport?
        let verifyTime = try Measure.seconds { verification = try LedgerVerifier().verify(reopened) }
        guard let verification, verification.isValid, verification.entriesChecked == UInt64(entries) else {
            throw BenchError("the benchmark ledger does not verify: \(verification?.problems.prefix(3).description ?? "?")")
        }
        let bound = Double(entries) / peers.verifyPerSecond / Double(cores)
        let target = 45.0 * Double(entries) / 1_000_000
        report.add(
            Row(
                measure: "verify \(Format.count(Double(entries))) entries (LedgerVerifier, \(cores) cores)",
                value: "\(Format.fixed(verifyTime, 1)) s (\(Format.count(Double(entries) / verifyTime)) entries/s)",
                target: "<= \(Format.fixed(target, 1)) s", peer: "signature bound \(Format.fixed(bound, 1)) s",
                ratio: Format.ratio(verifyTime / bound), missed: verifyTime > target))

        var generator = SplitMix64(seed: 42)
        let size = UInt64(entries)
        var inclusion: [Double] = []
        var consistency: [Double] = []
        for _ in 0..<proofSamples {
            let index = generator.next() % size
            var proof: [Digest] = []
            inclusion.append(try Measure.seconds { proof = try reopened.inclusionProof(index: index, size: size) })
            precondition(!proof.isEmpty || size == 1)
            let old = 1 + generator.next() % (size - 1)
            consistency.append(try Measure.seconds { proof = try reopened.consistencyProof(oldSize: old, newSize: size) })
        }
        for (name, samples) in [("inclusion", inclusion), ("consistency", consistency)] {
            let median = Measure.median(samples)
            report.add(
                Row(
                    measure:
                        "\(name) proof at size \(Format.count(Double(entries))), median (p90 \(Format.ms(Measure.percentile(samples, 90))))",
                    value: Format.ms(median), target: "< 1 ms", missed: median >= 0.001))
        }
    }

    private func removeLedger(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// A small deterministic generator (SplitMix64) for reproducible proof positions.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
