import AttestCLI
import AttestLedger
import AttestServer
import Foundation

/// Issue 11's "server memory after 1M entries": `attest serve` as its own process on the
/// integrity bench's large registry ledger, after it has answered checkpoint and proof requests
/// across the whole log and taken signed appends from a client. Reports the resident set
/// (`VmRSS`) and its peak (`VmHWM`) from `/proc`, against the ledger file's size.
func measureServerMemory(ledger: String, entries: Int, report: Report) throws {
    let attest = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("attest")
    guard FileManager.default.isExecutableFile(atPath: attest.path) else {
        report.note("server memory not measured: attest binary not found next to attest-bench")
        return
    }
    let process = Process()
    process.executableURL = attest
    process.arguments = ["serve", "--ledger", ledger, "--listen", "127.0.0.1:0", "--json"]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer {
        process.terminate()
        process.waitUntilExit()
    }
    let started = ContinuousClock.now
    guard let line = readLine(output.fileHandleForReading),
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let port = object["port"] as? Int
    else { throw BenchError("attest serve did not say where it listens") }
    let ready = (ContinuousClock.now - started).seconds
    let url = "http://127.0.0.1:\(port)"
    let rssListening = try residentSet(of: process.processIdentifier)
    // Reads across the whole log: the checkpoint and inclusion proofs at spread positions.
    let reader = try ServerClient(url: url, signer: nil)
    _ = try? reader.send("GET", "/v1/checkpoint")  // 404 until a checkpoint is signed
    var random = SystemRandomNumberGenerator()
    for _ in 0..<200 {
        let index = UInt64.random(in: 0..<UInt64(entries), using: &random)
        let (status, _) = try reader.send("GET", "/v1/proofs/inclusion?index=\(index)&size=\(entries)")
        guard status == 200 else { throw BenchError("GET /v1/proofs/inclusion answered \(status)") }
    }
    // Signed appends by the ledger's data scientist (dana, the integrity ledger's fixed key).
    let dana = try ServerClient(url: url, signer: try LedgerFixture.signer("dana", byte: 0x03))
    let appends = 200
    let appendSeconds = try Measure.seconds {
        let tag = ProcessInfo.processInfo.processIdentifier
        for i in 0..<appends {
            var act = ActRequest(act: .modelCreate)
            act.model = "mem-\(tag)-\(i)"
            act.owner = "dana"
            act.purpose = "bench"
            act.riskTier = "low"
            _ = try dana.act(act)
        }
    }
    let after = try residentSet(of: process.processIdentifier)
    let fileBytes = (try? FileManager.default.attributesOfItem(atPath: ledger)[.size] as? Int) ?? 0
    report.add(
        Row(
            measure:
                "attest serve memory on a \(Format.count(Double(entries)))-entry ledger after 200 inclusion proofs and \(appends) signed appends (VmRSS; listening after \(Format.fixed(ready, 1)) s at \(Format.mb(rssListening.current)); \(Format.count(Double(appends) / appendSeconds)) appends/s from 1 client)",
            value: "\(Format.mb(after.current)) (peak \(Format.mb(after.peak)))", target: "reported",
            peer: "ledger file \(Format.mb(fileBytes))", ratio: Format.ratio(Double(after.current) / Double(max(fileBytes, 1)))))
}

/// The resident set of a process and its peak, in bytes.
func residentSet(of pid: Int32) throws -> (current: Int, peak: Int) {
    let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
    func field(_ name: String) -> Int {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
        return (Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0) * 1024
    }
    return (field("VmRSS"), field("VmHWM"))
}

/// The first line a process writes, or `nil` at the end of its output.
private func readLine(_ handle: FileHandle) -> String? {
    var bytes: [UInt8] = []
    while true {
        let byte = handle.readData(ofLength: 1)
        guard let first = byte.first else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
        if first == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
        bytes.append(first)
    }
}

extension Format {
    /// Bytes as MB (10^6).
    static func mb(_ bytes: Int) -> String { "\(fixed(Double(bytes) / 1e6, 1)) MB" }
}
