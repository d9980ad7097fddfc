import AttestLedger
import Foundation

/// The ledger, keystore and `attest` executable of `serve-kill`: an admin and one data scientist
/// per client, every key unencrypted so that processes start without a passphrase.
struct ServeKillWorld: Sendable {
    let attestPath: String
    let folder: URL
    let ledgerPath: String
    let environment: [String: String]
    let clients: Int

    init(executable: String?, clients: Int) throws {
        attestPath = executable ?? URL(fileURLWithPath: selfExecutable()).deletingLastPathComponent().appendingPathComponent("attest").path
        guard FileManager.default.isExecutableFile(atPath: attestPath) else {
            fail("no attest executable at \(attestPath); pass --attest PATH")
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-stress-serve-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ledgerPath = folder.appendingPathComponent("attest.ledger").path
        var environment = ProcessInfo.processInfo.environment
        environment["ATTEST_HOME"] = folder.appendingPathComponent("home").path
        for name in ["ATTEST_PASSPHRASE", "ATTEST_LOG_PASSPHRASE", "ATTEST_ACTOR", "ATTEST_LEDGER", "ATTEST_SERVER"] {
            environment[name] = nil
        }
        self.environment = environment
        self.clients = clients
        for name in ["alice"] + (1...clients).map(Self.client) {
            try check(try self.attest(["key", "generate", name, "--no-passphrase"]), "key generate \(name)")
        }
        try check(try self.attest(["init", "--origin", "stress.example/serve", "--admin", "alice", "--unencrypted-log-key"]), "init")
        for n in 1...clients {
            try check(try self.attest(["actor", "add", Self.client(n), "--role", "data-scientist", "--as", "alice"]), "actor add")
        }
    }

    static func client(_ n: Int) -> String { "c\(n)" }

    /// Runs `attest ARGS --ledger LEDGER`.
    func attest(_ arguments: [String]) throws -> Finished {
        try runProcess(attestPath, arguments + (arguments.first == "key" ? [] : ["--ledger", ledgerPath]), environment: environment)
    }

    private func check(_ finished: Finished, _ what: String) throws {
        guard finished.status == 0 else { fail("\(what) failed: \(finished.stderr)") }
    }

    /// A running `attest serve` on a free loopback port.
    struct Server {
        let process: Process
        let url: String
    }

    /// Starts `attest serve --listen 127.0.0.1:0` and waits for its `Listening on URL` line.
    func startServer() throws -> Server {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: attestPath)
        process.arguments = ["serve", "--ledger", ledgerPath, "--listen", "127.0.0.1:0"]
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while !text.contains("\n"), Date() < deadline, process.isRunning {
            text += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first, line.hasPrefix("Listening on ") else {
            kill(process.processIdentifier, SIGKILL)
            fail("attest serve did not start: \(text)")
        }
        return Server(process: process, url: String(line.dropFirst("Listening on ".count)))
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// The client processes of one round: each creates models through the server, one act at a
/// time, until told to stop; an act counts as acknowledged when its process exits 0.
final class ClientLoad: @unchecked Sendable {
    // @unchecked Sendable: `lock` serialises every access to the mutable fields.
    private let lock = NSLock()
    private var stopping = false
    private var acknowledged: [String] = []
    private var failed = 0
    private var inFlight = 0
    private let world: ServeKillWorld
    private let url: String
    private let round: Int
    private let clients: Int
    private let group = DispatchGroup()

    init(world: ServeKillWorld, url: String, round: Int, clients: Int) {
        self.world = world
        self.url = url
        self.round = round
        self.clients = clients
    }

    func start() {
        for n in 1...clients {
            group.enter()
            Thread { [self] in
                defer { group.leave() }
                var i = 0
                while !lock.withLock({ stopping }) {
                    let name = "r\(round)-c\(n)-\(i)"
                    i += 1
                    let client = ServeKillWorld.client(n)
                    let finished = try? runProcess(
                        world.attestPath,
                        [
                            "model", "create", name, "--owner", client, "--purpose", "stress", "--risk-tier", "low", "--as", client,
                            "--server",
                            url,
                        ], environment: world.environment)
                    lock.withLock {
                        if finished?.status == 0 { acknowledged.append(name) } else { failed += 1 }
                        if stopping && finished?.status != 0 { inFlight += 1 }
                    }
                }
            }.start()
        }
    }

    /// Stops the clients after their current act and returns what they saw.
    func finish() -> (acknowledged: [String], failed: Int, inFlight: Int) {
        lock.withLock { stopping = true }
        group.wait()
        return lock.withLock { (acknowledged, failed, inFlight) }
    }
}
