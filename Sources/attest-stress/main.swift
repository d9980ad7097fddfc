import Foundation

/// Worker processes and drivers for the concurrency, crash-consistency and storage-fault tests
/// (`make test` runs short versions through Tests/AttestLedgerTests/Fault*.swift; `make stress`
/// runs the long ones and prints the summary table). See docs/reliability.md.
///
/// Workers (started by the drivers and the tests):
///
///     attest-stress append LEDGER KEYSTORE KEYNAME COUNT [TAG]
///     attest-stress append-limited LEDGER KEYSTORE KEYNAME PAYLOAD_BYTES FILE_SIZE_LIMIT
///     attest-stress hold-lock LEDGER SECONDS
///
/// Drivers:
///
///     attest-stress crash-loop [--kills N] [--max-delay-ms MS] [--seed S] [--json FILE]
///     attest-stress concurrency [--processes N] [--operations N] [--attest PATH] [--json FILE]
///     attest-stress busy [--attest PATH] [--json FILE]
///     attest-stress disk-full [--json FILE]
///     attest-stress rotate-kill [--kills N] [--attest PATH] [--seed S] [--json FILE]
///     attest-stress serve-kill [--kills N] [--clients N] [--attest PATH] [--seed S] [--json FILE]
///     attest-stress summary --results DIR
let arguments = Array(CommandLine.arguments.dropFirst())

do {
    switch arguments.first {
    case "append": try Workers.append(Array(arguments.dropFirst()))
    case "append-limited": try Workers.appendLimited(Array(arguments.dropFirst()))
    case "hold-lock": try Workers.holdLock(Array(arguments.dropFirst()))
    case "crash-loop": try CrashLoop.run(Options(Array(arguments.dropFirst())))
    case "concurrency": try ConcurrencyRun.run(Options(Array(arguments.dropFirst())))
    case "busy": try BusyRun.run(Options(Array(arguments.dropFirst())))
    case "disk-full": try DiskFullRun.run(Options(Array(arguments.dropFirst())))
    case "summary": try Summary.run(Options(Array(arguments.dropFirst())))
    case "rotate-kill": try RotateKeyKills.run(Options(Array(arguments.dropFirst())))
    case "serve-kill": try ServeKills.run(Options(Array(arguments.dropFirst())))
    default:
        fail(
            "usage: attest-stress append|append-limited|hold-lock|crash-loop|concurrency|busy|disk-full|rotate-kill|serve-kill|summary ... (see Sources/attest-stress/main.swift)"
        )
    }
} catch {
    fail("\(error)")
}
