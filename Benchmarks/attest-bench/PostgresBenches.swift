import AttestLedger
import AttestPostgres
import AttestRegistry
import Dispatch
import Foundation
import Synchronization

/// Appends into PostgreSQL (`PostgresLog`, a durable scratch cluster started here: fsync on,
/// synchronous_commit on) against SQLite measured in the same run, and pgbench's simple-update
/// rate on the same cluster as the physical reference (docs/postgres.md, docs/benchmarks.md);
/// then signed appends from 8 clients through `attest serve`, on its file and with `--store`.
func runPostgresBenches(report: Report, folder: URL, quick: Bool) throws {
    say("postgres: starting a scratch cluster ...")
    let cluster = try ScratchCluster.start(durable: true)
    defer { cluster.stop() }
    let singles = quick ? 100 : 300
    let batches = quick ? 5 : 15
    let writers = 8
    let perWriter = quick ? 50 : 150

    // Single durable appends, one writer: SQLite then PostgreSQL.
    let (fixture, ledger) = try LedgerFixture.create(in: folder, name: "pg-single.sqlite")
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: fixture.path + suffix) } }
    let sqliteSingle = try (0..<(singles + 10)).map { index in
        try Measure.seconds {
            try ledger.append(EntryDraft(type: "bench.event", payload: LedgerFixture.payload(index)), signer: fixture.admin)
        }
    }.dropFirst(10)
    try cluster.psql("CREATE DATABASE single")
    let location = try PostgresLocation(parsing: cluster.url(database: "single"))
    let admin = fixture.admin
    let logKey = fixture.logSigner.verifierKey
    let pgSingle = try wait {
        let log = try await PostgresLog.create(at: location, origin: LedgerFixture.origin, logKey: logKey, admin: admin)
        var samples: [Double] = []
        for index in 0..<(singles + 10) {
            let start = ContinuousClock.now
            try await log.append(EntryDraft(type: "bench.event", payload: LedgerFixture.payload(index)), signer: admin)
            samples.append((ContinuousClock.now - start).seconds)
        }
        await log.close()
        return Array(samples.dropFirst(10))
    }
    let sqliteMedian = Measure.median(Array(sqliteSingle))
    let pgMedian = Measure.median(pgSingle)
    report.add(
        Row(
            measure: "PostgreSQL single durable append, median (PostgresLog, one writer)", value: Format.ms(pgMedian),
            peer: "SQLite \(Format.ms(sqliteMedian))", ratio: Format.ratio(pgMedian / sqliteMedian)))

    // Batched appends, 1,000 entries per transaction.
    let sqliteBatch = try (0..<batches).map { batch in
        try Measure.seconds { try ledger.append(LedgerFixture.drafts(start: 10_000 + batch * 1000, count: 1000), signer: admin) }
    }
    let pgBatch = try wait {
        let log = try await PostgresLog.open(at: location)
        var samples: [Double] = []
        for batch in 0..<batches {
            let start = ContinuousClock.now
            try await log.append(LedgerFixture.drafts(start: 10_000 + batch * 1000, count: 1000), signer: admin)
            samples.append((ContinuousClock.now - start).seconds)
        }
        await log.close()
        return samples
    }
    let sqliteRate = 1000 / Measure.median(sqliteBatch)
    let pgRate = 1000 / Measure.median(pgBatch)
    report.add(
        Row(
            measure: "PostgreSQL batched appends (1000/transaction)", value: "\(Format.count(pgRate)) entries/s",
            peer: "SQLite \(Format.count(sqliteRate))/s", ratio: Format.ratio(pgRate / sqliteRate)))

    // Eight writers at once, each its own connection (as eight server processes would be).
    let pgConcurrent = try wait {
        var logs: [PostgresLog] = []
        for _ in 0..<writers { logs.append(try await PostgresLog.open(at: location)) }
        let handles = logs
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (number, log) in handles.enumerated() {
                group.addTask {
                    for step in 0..<perWriter {
                        let draft = EntryDraft(type: "bench.event", payload: LedgerFixture.payload(100_000 + number * 10_000 + step))
                        try await log.append(draft, signer: admin)
                    }
                }
            }
            try await group.waitForAll()
        }
        let seconds = (ContinuousClock.now - start).seconds
        for log in handles { await log.close() }
        return Double(writers * perWriter) / seconds
    }
    // pgbench's simple-update (TPC-B-like, -N) with the same number of clients on the same cluster.
    try cluster.psql("CREATE DATABASE pgbench")
    try cluster.client("pgbench", ["-i", "-q", "-s", "8", "pgbench"])
    let output = try cluster.client("pgbench", ["-N", "-c", "\(writers)", "-j", "2", "-T", quick ? "5" : "15", "pgbench"])
    let tps =
        output.split(separator: "\n").first { $0.hasPrefix("tps = ") }
        .flatMap { Double($0.dropFirst(6).prefix { $0.isNumber || $0 == "." }) } ?? .nan
    report.add(
        Row(
            measure: "PostgreSQL appends, \(writers) writers on \(writers) connections, one entry per transaction",
            value: "\(Format.count(pgConcurrent)) entries/s", peer: "pgbench -N \(Format.count(tps)) tps",
            ratio: Format.ratio(pgConcurrent / tps)))
    // Signed appends from 8 clients through `attest serve`: the file alone, then the file as the
    // working copy of this cluster's log (`--store`), in the same run.
    let perClient = quick ? 25 : 100
    let sqliteServer = try serverAppendRate(folder: folder, perClient: perClient)
    try cluster.psql("CREATE DATABASE served")
    let served = try PostgresLocation(parsing: cluster.url(database: "served"))
    let pgServer = try serverAppendRate(folder: folder, perClient: perClient) { registry in
        let ledger = registry.ledger
        _ = try wait { try await LedgerMigration.copy(from: ledger, to: served) }
        return PostgresMirror(log: try wait { try await PostgresLog.open(at: served) })
    }
    report.add(
        Row(
            measure:
                "signed appends through attest serve --store postgres://, \(pgServer.clients) clients, \(pgServer.appended) model.create acts",
            value: "\(Format.count(pgServer.rate))/s", peer: "the same server on its SQLite file: \(Format.count(sqliteServer.rate))/s",
            ratio: Format.ratio(pgServer.rate / sqliteServer.rate)))
    let migrated = try verifyFromPostgresBench(cluster: cluster, folder: folder, report: report, entries: quick ? 100_000 : 1_000_000)
    report.note(
        "postgres: PostgreSQL \(try cluster.psql("SHOW server_version").trimmingCharacters(in: .whitespacesAndNewlines)) on loopback, fsync and synchronous_commit on; \(singles) single appends after 10 warm-ups, \(batches) batches of 1,000, \(writers) x \(perWriter) concurrent appends; pgbench -i -s 8, -N -c \(writers) -j 2; \(migrated)"
    )
}

/// `attest verify --store` of a large log in PostgreSQL, against `attest verify --log-only` of
/// the same entries in the SQLite file they were copied from, both as processes when the `attest`
/// binary is next to this one (the library's verifiers otherwise). Both check every signature,
/// the chain and every Merkle node. Returns a note on how the log was made.
private func verifyFromPostgresBench(cluster: ScratchCluster, folder: URL, report: Report, entries: Int) throws -> String {
    let (fixture, ledger) = try LedgerFixture.create(in: folder, name: "pg-verify.sqlite")
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: fixture.path + suffix) } }
    say("postgres: a \(Format.count(Double(entries)))-entry ledger, copied into the cluster, then verified from both ...")
    var next = 1
    while next < entries {
        let count = min(5_000, entries - next)
        try ledger.append(LedgerFixture.drafts(start: next, count: count), signer: fixture.admin)
        next += count
    }
    _ = try ledger.checkpoint(signedBy: fixture.logSigner)
    try cluster.psql("CREATE DATABASE verify")
    let url = cluster.url(database: "verify")
    let location = try PostgresLocation(parsing: url)
    let copied = try Measure.seconds { _ = try wait { try await LedgerMigration.copy(from: ledger, to: location) } }
    let attest = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("attest")
    let processes = FileManager.default.isExecutableFile(atPath: attest.path)
    let fromPostgres: Double
    let fromFile: Double
    if processes {
        fromPostgres = try Measure.seconds { try runProcess(attest.path, ["verify", "--store", url]) }
        fromFile = try Measure.seconds { try runProcess(attest.path, ["verify", "--log-only", "--ledger", fixture.path]) }
    } else {
        fromPostgres = try Measure.seconds {
            let log = try wait { try await PostgresLog.open(at: location) }
            let outcome = try wait { try await log.verify() }
            _ = try wait { await log.close() }
            guard outcome.isValid else { throw BenchError("the copy in PostgreSQL does not verify") }
        }
        fromFile = try Measure.seconds {
            guard try LedgerVerifier().verify(ledger).isValid else { throw BenchError("the file does not verify") }
        }
    }
    let how = processes ? "attest verify --store, process" : "PostgresLog.verify, library"
    report.add(
        Row(
            measure: "verify \(Format.count(Double(entries))) entries from PostgreSQL (\(how))",
            value: "\(Format.fixed(fromPostgres, 1)) s",
            peer: "the same entries from the SQLite file (verify --log-only): \(Format.fixed(fromFile, 1)) s",
            ratio: Format.ratio(fromPostgres / fromFile)))
    return
        "the \(Format.count(Double(entries)))-entry log was copied from its file with attest migrate's LedgerMigration in \(Format.fixed(copied, 1)) s (\(Format.count(Double(entries) / copied)) entries/s, every entry checked, roots compared)"
}

/// Runs async work from the synchronous bench and waits for it.
private func wait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let result = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let outcome: Result<T, any Error>
        do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
        result.withLock { $0 = outcome }
        done.signal()
    }
    done.wait()
    return try result.withLock { $0! }.get()
}
