import AttestCLI
import AttestLedger
import AttestRegistry
import AttestServer
import Foundation
import Synchronization
import Testing

/// The command line against `attest serve`: same output and exit codes, keys stay in each
/// person's keystore, `attest clone` copies the log for offline verify, and concurrent clients
/// lose, duplicate or reorder nothing.
@Suite struct RemoteCommandTests {
    /// A server on a free loopback port for a sandbox's ledger, stopped at the end of `body`.
    static func withServer<T: Sendable>(
        _ sandbox: CLISandbox, logSigner: Signer? = nil, _ body: @escaping @Sendable (String) async throws -> T
    ) async throws -> T {
        let port = Mutex<Int?>(nil)
        var configuration = ServerConfiguration(ledgerPath: sandbox.folder.appendingPathComponent("attest.ledger").path, port: 0)
        configuration.logSigner = logSigner
        configuration.onListening = { bound in port.withLock { $0 = bound } }
        let settings = configuration
        let server = Task { try await serve(settings) }
        defer { server.cancel() }
        for _ in 0..<400 where port.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(25)) }
        let bound = try #require(port.withLock { $0 })
        return try await body("http://127.0.0.1:\(bound)")
    }

    /// Runs a command line on a thread of its own: it blocks on its HTTP requests, and eight of
    /// them blocking GCD's pool on a busy machine would starve the URL session they wait for.
    static func run(_ sandbox: CLISandbox, _ arguments: [String]) async -> CLISandbox.Result {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: sandbox.run(arguments)) }.start()
        }
    }

    @Test func actsThroughTheServerAsLocally() async throws {
        let sandbox = try CLISandbox().initialised(people: ["dana", "victor"])
        #expect(sandbox.run("actor", "add", "dana", "--role", "data-scientist", "--as", "alice").code == 0)
        #expect(sandbox.run("actor", "add", "victor", "--role", "validator", "--as", "alice").code == 0)
        try await Self.withServer(sandbox) { url in
            let created = await Self.run(
                sandbox,
                [
                    "model", "create", "credit", "--owner", "dana", "--purpose", "loans", "--risk-tier", "high", "--as", "dana", "--server",
                    url,
                ])
            #expect(created.code == 0, "\(created.err)")
            #expect(created.out == "Created model credit (owner dana, risk tier high)\n")
            // Victor may not create models: refused, exit 1, and the refusal is his own signed entry.
            let refused = await Self.run(
                sandbox,
                ["model", "create", "other", "--owner", "dana", "--purpose", "x", "--risk-tier", "low", "--as", "victor", "--server", url])
            #expect(refused.code == 1)
            #expect(refused.err.contains("victor may not create models"))
            let bad = await Self.run(
                sandbox,
                ["model", "create", "x", "--owner", "dana", "--purpose", "x", "--risk-tier", "low", "--as", "dana", "--server", "ftp://x"])
            #expect(bad.code == 2)
        }
        let registry = try Registry.open(at: sandbox.folder.appendingPathComponent("attest.ledger").path, readOnly: true)
        let last = try registry.ledger.entry(at: try registry.ledger.size() - 1)
        #expect(last.type == EventType.actionRefused)
        #expect(try LedgerVerifier().verify(registry.ledger).isValid)
        #expect(sandbox.run("verify").code == 0)
    }

    @Test func aKeyIsRotatedThroughTheServerWithoutLeavingItsOwner() async throws {
        let sandbox = try CLISandbox().initialised(people: ["dana"])
        #expect(sandbox.run("actor", "add", "dana", "--role", "data-scientist", "--as", "alice").code == 0)
        let publicKey = sandbox.folder.appendingPathComponent("home/keys/dana.pub")
        let before = try String(contentsOf: publicKey, encoding: .utf8)
        try "a new passphrase\n".write(to: sandbox.folder.appendingPathComponent("new.pass"), atomically: true, encoding: .utf8)
        try await Self.withServer(sandbox) { url in
            let rotated = await Self.run(
                sandbox, ["actor", "rotate-key", "--as", "dana", "--new-passphrase-file", "new.pass", "--server", url])
            #expect(rotated.code == 0, "\(rotated.err)")
            #expect(rotated.out.hasPrefix("Rotated dana's key: "), "\(rotated.out)")
            // The new key (sealed with the new passphrase) acts through the server.
            var renewed = sandbox
            renewed.environment["ATTEST_PASSPHRASE"] = "a new passphrase"
            let created = await Self.run(
                renewed,
                ["model", "create", "m", "--owner", "dana", "--purpose", "x", "--risk-tier", "low", "--as", "dana", "--server", url])
            #expect(created.code == 0, "\(created.err)")
            // A rotation left pending (as by a kill) is settled against a clone's key entries,
            // never guessed through the server: the staged key was never recorded, so it goes.
            let store = Keystore(home: sandbox.folder.appendingPathComponent("home"))
            try store.stageRotation(try Signer(name: "dana", key: .generate()), passphrase: nil)
            let pending = await Self.run(renewed, ["actor", "rotate-key", "--as", "dana", "--server", url])
            #expect(pending.code == 1 && pending.err.contains("a rotation of dana's key is pending"), "\(pending.err)")
            #expect(await Self.run(renewed, ["clone", url, "served.ledger", "--as", "alice"]).code == 0)
            let settled = renewed.run("actor", "rotate-key", "--recover", "--as", "dana", "--ledger", "served.ledger")
            #expect(
                settled.code == 0 && settled.out.contains("Undid an interrupted rotation of dana's key"), "\(settled.out)\(settled.err)")
            #expect(store.pendingRotation(name: "dana") == nil)
        }
        let after = try String(contentsOf: publicKey, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(after != before.trimmingCharacters(in: .whitespacesAndNewlines))
        let ledger = try Ledger.open(at: sandbox.folder.appendingPathComponent("attest.ledger").path, readOnly: true)
        #expect(try ledger.keyDirectory().activeKeys(of: "dana").map(\.description) == [after])
        let rotation = try #require(try ledger.entries(types: ["ledger.key.rotated"]).last)
        #expect(
            try ledger.keyDirectory().records[rotation.signer]?.key.description == before.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(sandbox.run("verify").code == 0)
    }

    @Test func cloneCopiesTheWholeLedgerForOfflineVerify() async throws {
        let sandbox = try CLISandbox().initialised(people: ["dana"])
        #expect(sandbox.run("actor", "add", "dana", "--role", "data-scientist", "--as", "alice").code == 0)
        #expect(
            sandbox.run("model", "create", "credit", "--owner", "dana", "--purpose", "p", "--risk-tier", "low", "--as", "dana").code == 0)
        #expect(sandbox.run("checkpoint").code == 0)
        try await Self.withServer(sandbox) { url in
            let cloned = await Self.run(sandbox, ["clone", url, "copy.ledger", "--as", "dana"])
            #expect(cloned.code == 0, "\(cloned.err)")
        }
        let original = try Ledger.open(at: sandbox.folder.appendingPathComponent("attest.ledger").path, readOnly: true)
        let copy = try Ledger.open(at: sandbox.folder.appendingPathComponent("copy.ledger").path, readOnly: true)
        #expect(try copy.size() == original.size())
        #expect(try copy.root(size: copy.size()) == original.root(size: original.size()))
        let verified = sandbox.run("verify", "--ledger", "copy.ledger", "--checkpoint", "copy.ledger.checkpoint")
        #expect(verified.code == 0, "\(verified.err)")
    }

    @Test func eightConcurrentClientsLoseNothing() async throws {
        let sandbox = try CLISandbox().initialised(people: (1...8).map { "ds\($0)" })
        for n in 1...8 { #expect(sandbox.run("actor", "add", "ds\(n)", "--role", "data-scientist", "--as", "alice").code == 0) }
        let path = sandbox.folder.appendingPathComponent("attest.ledger").path
        let before = try Ledger.open(at: path, readOnly: true).size()
        let perClient = 5
        try await Self.withServer(sandbox) { url in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 1...8 {
                    group.addTask {
                        for i in 0..<perClient {
                            let result = await Self.run(
                                sandbox,
                                [
                                    "model", "create", "m\(n)-\(i)", "--owner", "ds\(n)", "--purpose", "p", "--risk-tier", "low", "--as",
                                    "ds\(n)", "--server", url,
                                ])
                            #expect(result.code == 0, "\(result.err)")
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let registry = try Registry.open(at: path, readOnly: true)
        let size = try registry.ledger.size()
        #expect(size == before + UInt64(8 * perClient))
        var seen: [String: Int] = [:]
        for seq in before..<size {
            let payload = try JSONDecoder().decode(ModelCreated.self, from: Data(try registry.ledger.entry(at: seq).payload))
            let parts = payload.model.dropFirst().split(separator: "-")
            let client = String(parts[0])
            let index = Int(parts[1])!
            #expect(seen[client].map { $0 + 1 } ?? 0 == index, "client \(client) out of order")
            seen[client] = index
        }
        #expect(seen.count == 8)
        #expect(try LedgerVerifier().verify(registry.ledger).isValid)
    }
}
