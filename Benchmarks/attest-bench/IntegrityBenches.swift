import AttestLedger
import AttestRegistry
import Foundation

/// Issue 10's `verify` in one pass: `attest verify` (log, schema, integrity, one projection
/// replay compared byte for byte, authority) and `attest rebuild` on a large registry ledger,
/// the median of three runs each; then the memory of `attest serve` on that ledger (issue 11,
/// ServerMemoryBench.swift). Runs only when named (`--only integrity`); `--ledger PATH`
/// keeps the ledger between runs, since building a million entries takes about a minute.
func runIntegrityBenches(report: Report, folder: URL, entries: Int, ledger: String?, quick: Bool) throws {
    say("\nintegrity")
    let url = ledger.map { URL(fileURLWithPath: $0) } ?? folder.appendingPathComponent("integrity.ledger")
    let (registry, build) = try buildLargeRegistry(at: url, entries: entries)
    let size = try registry.ledger.size()
    if build > 0 {
        say("  (built a \(Format.count(Double(size)))-entry registry ledger in \(Format.fixed(build, 1)) s)")
    } else {
        say("  (reused the \(Format.count(Double(size)))-entry registry ledger at \(url.path))")
    }
    try measureVerifyAndRebuild(registry, entries: Int(size), runs: quick ? 1 : 3, report: report)
    try measureServerMemory(ledger: url.path, entries: Int(size), report: report)
}
