import AttestLedger
import Foundation

/// Crash consistency: starts an appending worker, kills it with SIGKILL after a random delay,
/// then reopens the ledger and checks that it verifies and holds every append the worker
/// acknowledged (printed) before it died. Repeats `--kills` times on the same ledger, so later
/// workers also recover from the WAL their predecessors left behind.
enum CrashLoop {
    struct Result: Codable {
        var kills = 0
        var survived = 0
        var killsAfterAnAppend = 0
        var acknowledged = 0
        var lost = 0
        var committedUnacknowledged = 0
        var verifyFailures = 0
        var openFailures = 0
        var finalSize: UInt64 = 0
        var seconds = 0.0
        var failures: [String] = []
    }

    static func run(_ options: Options) throws {
        let kills = options.int("kills", 200)
        let maxDelay = options.int("max-delay-ms", 120)
        var random = SplitMix64(seed: UInt64(options.int("seed", Int(Date().timeIntervalSince1970))))
        let fixture = try StressFixture(label: "crash")
        defer { fixture.remove() }
        let worker = selfExecutable()
        var result = Result()
        let started = Date()
        var previousSize = try Ledger.open(at: fixture.ledgerPath).size()
        for round in 0..<kills {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: worker)
            let tag = "k\(round)"
            process.arguments = ["append", fixture.ledgerPath, fixture.keystore.home.path, StressFixture.admin, "1000000", tag]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(random.next(upTo: UInt64(maxDelay) * 1000)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let acknowledged = sequenceNumbers(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
            result.kills += 1
            result.acknowledged += acknowledged.count
            if !acknowledged.isEmpty { result.killsAfterAnAppend += 1 }
            do {
                let ledger = try Ledger.open(at: fixture.ledgerPath)
                let report = try LedgerVerifier().verify(ledger)
                var ok = true
                if !report.isValid {
                    result.verifyFailures += 1
                    result.failures.append("kill \(round): verify failed: \(report.problems.prefix(3))")
                    ok = false
                }
                let size = try ledger.size()
                for sequence in acknowledged {
                    let entry = sequence < size ? try? ledger.entry(at: sequence) : nil
                    if entry?.payloadText.contains("\"tag\":\"\(tag)\"") != true {
                        result.lost += 1
                        result.failures.append("kill \(round): acknowledged entry \(sequence) is missing or different")
                        ok = false
                    }
                }
                result.committedUnacknowledged += Int(size - previousSize) - acknowledged.count
                previousSize = size
                if ok { result.survived += 1 }
            } catch {
                result.openFailures += 1
                result.failures.append("kill \(round): the ledger does not open: \(error)")
            }
            if (round + 1) % 25 == 0 || round + 1 == kills {
                FileHandle.standardError.write(Data("crash-loop: \(round + 1)/\(kills) kills, \(result.lost) lost\n".utf8))
            }
        }
        result.finalSize = previousSize
        result.seconds = Date().timeIntervalSince(started)
        try writeJSON(result, to: options.string("json"))
        say(
            "kills \(result.kills) survived \(result.survived) after-an-append \(result.killsAfterAnAppend) acknowledged \(result.acknowledged) lost \(result.lost) unacknowledged-committed \(result.committedUnacknowledged) verify-failures \(result.verifyFailures) open-failures \(result.openFailures) entries \(result.finalSize) seconds \(String(format: "%.1f", result.seconds))"
        )
        for failure in result.failures.prefix(10) { say("  \(failure)") }
        if result.survived != result.kills || result.lost > 0 { exit(1) }
    }
}

/// A small seeded generator, so that a failing run can be repeated with `--seed`.
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

    mutating func next(upTo bound: UInt64) -> UInt64 { bound == 0 ? 0 : next() % bound }
}
