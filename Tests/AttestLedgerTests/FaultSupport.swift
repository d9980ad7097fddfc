import Foundation
import Testing

@testable import AttestLedger

/// Helpers of the fault tests: the `attest-stress` worker, processes, and a ledger whose admin
/// key sits unencrypted in a keystore so that workers start without a passphrase.
struct FaultFixture {
    let test: TestLedger
    let keystore: Keystore

    init(entries: Int = 0) throws {
        test = try TestLedger(entries: entries)
        keystore = Keystore(home: test.folder.appendingPathComponent("home"))
        try keystore.store(test.admin, passphrase: nil)
    }

    var path: String { test.path }

    static func stressBinary() throws -> URL {
        try #require(TestBinaries.url("attest-stress"), "build the attest-stress product first (make test does)")
    }
}

/// A child process and its output.
struct ChildResult {
    let status: Int32
    let stdout: String
    let stderr: String
    let seconds: Double

    var lines: [Substring] { stdout.split(separator: "\n") }
    var sequences: [UInt64] { lines.compactMap { UInt64($0) } }
}

/// Runs `executable` to completion (killing it after `timeout` seconds).
func runChild(_ executable: URL, _ arguments: [String], timeout: Double = 120) throws -> ChildResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let started = Date()
    try process.run()
    let pid = process.processIdentifier
    let timer = DispatchWorkItem { kill(pid, SIGKILL) }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
    // Read standard error on a thread of its own (not the cooperative pool, which tests share).
    let errData = ResultBox<Data>()
    let finished = DispatchSemaphore(value: 0)
    Thread {
        errData.value = err.fileHandleForReading.readDataToEndOfFile()
        finished.signal()
    }.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    timer.cancel()
    finished.wait()
    return ChildResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData.value ?? Data(), as: UTF8.self), seconds: Date().timeIntervalSince(started))
}

final class ResultBox<T>: @unchecked Sendable {
    // @unchecked Sendable: written once by the reader thread before it signals, read after.
    var value: T?
}

/// A worker started in the background, whose output is read line by line while it runs.
final class BackgroundChild {
    let process = Process()
    private let pipe = Pipe()
    private var buffer = ""

    init(_ executable: URL, _ arguments: [String]) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Waits until the worker has printed `count` lines (or `line`), up to `timeout` seconds.
    @discardableResult
    func waitFor(lines count: Int = 1, containing line: String? = nil, timeout: Double = 60) throws -> [Substring] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let lines = buffer.split(separator: "\n")
            if let line, lines.contains(Substring(line)) { return lines }
            if line == nil, lines.count >= count { return lines }
            guard Date() < deadline, process.isRunning else {
                throw LedgerError(.badInput, "the worker stopped or timed out before printing enough (\(buffer.prefix(200)))")
            }
            buffer += String(decoding: pipe.fileHandleForReading.availableData, as: UTF8.self)
        }
    }

    /// Kills the worker with SIGKILL and returns everything it printed.
    func kill() -> [Substring] {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        buffer += String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return buffer.split(separator: "\n")
    }
}
