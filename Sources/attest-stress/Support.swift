import AttestLedger
import Foundation

/// Prints to standard error and exits with 2.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("attest-stress: \(message)\n".utf8))
    exit(2)
}

/// Prints a line to standard output at once (workers are killed at random moments, so nothing
/// may wait in a buffer).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// `--name value` options of the drivers.
struct Options {
    private var values: [String: String] = [:]

    init(_ arguments: [String]) {
        var index = 0
        while index < arguments.count {
            let name = arguments[index]
            if name.hasPrefix("--"), index + 1 < arguments.count {
                values[String(name.dropFirst(2))] = arguments[index + 1]
                index += 2
            } else {
                fail("unexpected argument '\(name)'")
            }
        }
    }

    func int(_ name: String, _ fallback: Int) -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text) else { fail("--\(name) '\(text)' is not a number") }
        return value
    }

    func string(_ name: String) -> String? { values[name] }
}

/// A fresh ledger in a temporary folder, and a keystore holding its admin key unencrypted, so
/// that workers start without a passphrase.
struct StressFixture {
    static let origin = "stress.example/log"
    static let admin = "alice"

    let folder: URL
    let ledgerPath: String
    let keystore: Keystore
    let adminSigner: Signer
    let logSigner: Signer

    init(label: String, in parent: URL? = nil) throws {
        folder = (parent ?? FileManager.default.temporaryDirectory)
            .appendingPathComponent("attest-stress-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ledgerPath = folder.appendingPathComponent("attest.ledger").path
        keystore = Keystore(home: folder.appendingPathComponent("home"))
        adminSigner = try Signer(name: Self.admin, key: .generate())
        logSigner = try Signer(name: Self.origin, key: .generate())
        try keystore.store(adminSigner, passphrase: nil)
        _ = try Ledger.create(at: ledgerPath, origin: Self.origin, logKey: logSigner.verifierKey, admin: adminSigner)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// This executable's own path, to start workers.
func selfExecutable() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}

/// Writes a result as pretty JSON when `--json FILE` was given, and returns it.
func writeJSON(_ value: some Encodable, to path: String?) throws {
    guard let path else { return }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try encoder.encode(value).write(to: url)
}

/// A finished child process.
struct Finished {
    let status: Int32
    let signaled: Bool
    let stdout: String
    let stderr: String
    let seconds: Double
}

/// Runs a process to completion, capturing its output.
func runProcess(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Finished {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let started = Date()
    try process.run()
    // Read both pipes while the child runs so that neither fills up.
    let errData = LockedData()
    let reader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errData.done { usleep(1000) }
    return Finished(
        status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
        stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData.value, as: UTF8.self),
        seconds: Date().timeIntervalSince(started))
}

/// Data handed from a reader thread.
final class LockedData: @unchecked Sendable {
    // @unchecked Sendable: `lock` serialises every access.
    private let lock = NSLock()
    private var data = Data()
    private var finished = false

    func set(_ value: Data) {
        lock.withLock {
            data = value
            finished = true
        }
    }
    var done: Bool { lock.withLock { finished } }
    var value: Data { lock.withLock { data } }
}

/// The sequence numbers a worker printed, one per line.
func sequenceNumbers(_ output: String) -> [UInt64] {
    output.split(separator: "\n").compactMap { UInt64($0) }
}
