import AttestCLI
import AttestLedger
import AttestPostgres
import Foundation
import Testing

/// `attest migrate` in-process: a registry ledger made by the CLI goes to PostgreSQL and back,
/// and the copy verifies with the same root; bad input gets the documented exit codes.
@Suite struct MigrateCommandTests {
    struct Sandbox {
        let folder: URL
        let environment: [String: String]

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-migrate-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            environment = ["ATTEST_HOME": folder.appendingPathComponent("home").path, "ATTEST_PASSPHRASE": "test passphrase"]
        }

        func run(_ arguments: String...) async throws -> (code: Int32, out: String, err: String) { try await run(arguments) }

        /// Runs one command line on a thread of its own: `migrate` waits for its async work, which
        /// must not wait behind a blocked cooperative thread.
        func run(_ arguments: [String]) async throws -> (code: Int32, out: String, err: String) {
            let (environment, folder) = (environment, folder)
            return try await offload {
                let console = Console(capturing: true, environment: environment, workingDirectory: folder.path)
                let code = Console.$current.withValue(console) { AttestCommand.run(arguments: arguments) }
                return (code, console.capturedOut, console.capturedErr)
            }
        }

        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    }

    /// A ledger made by the CLI with alice (admin) and bob, and keys for `people`.
    static func initialised(people: [String] = []) async throws -> Sandbox {
        let sandbox = try Sandbox()
        let keys = (["alice", "bob"] + people).map { ["key", "generate", $0, "--no-passphrase"] }
        for step in keys + [
            ["init", "--origin", "cli.example/log", "--admin", "alice", "--unencrypted-log-key"],
            ["actor", "add", "bob", "--as", "alice"], ["checkpoint", "--no-witnesses"],
        ] {
            let result = try await sandbox.run(step)
            guard result.code == 0 else { throw HarnessError("\(step.joined(separator: " ")): \(result.err)") }
        }
        return sandbox
    }

    @Test func migratesToPostgresAndBack() async throws {
        let sandbox = try await Self.initialised()
        let fixture = try await PostgresFixture()
        let there = try await sandbox.run("migrate", "--from", "attest.ledger", "--to", fixture.url(), "--json")
        #expect(there.code == 0, "\(there.err)")
        #expect(there.out.contains("\"verified\" : true"), "\(there.out)")
        let back = try await sandbox.run("migrate", "--from", fixture.url(), "--to", "back.ledger")
        #expect(back.code == 0, "\(back.err)")
        #expect(back.out.contains("The copy verifies"), "\(back.out)")
        let original = try Ledger.open(at: sandbox.path("attest.ledger"), readOnly: true)
        let copy = try Ledger.open(at: sandbox.path("back.ledger"), readOnly: true)
        #expect(try copy.entries().map(\.leaf) == (try original.entries().map(\.leaf)))
        #expect(try copy.storedCheckpoints().map(\.note) == (try original.storedCheckpoints().map(\.note)))
        let verify = try await sandbox.run("verify", "--ledger", "back.ledger")
        #expect(verify.code == 0, "\(verify.err)")
    }

    @Test func refusesBadInvocations() async throws {
        let sandbox = try await Self.initialised()
        let fixture = try await PostgresFixture()
        #expect(try await sandbox.run("migrate", "--from", "attest.ledger", "--to", "other.ledger").code == 64)
        #expect(try await sandbox.run("migrate", "--from", "attest.ledger", "--to", "x.ledger", "--grant", "srv").code == 64)
        #expect(try await sandbox.run("migrate", "--from", "attest.ledger", "--to", "postgres://nobody").code == 2)
        #expect(try await sandbox.run("migrate", "--from", "attest.ledger", "--to", fixture.url()).code == 0)
        let again = try await sandbox.run("migrate", "--from", "attest.ledger", "--to", fixture.url())
        #expect(again.code == 2 && again.err.contains("a ledger exists in this database already"), "\(again.err)")
        let exists = try await sandbox.run("migrate", "--from", fixture.url(), "--to", "attest.ledger")
        #expect(exists.code == 2 && exists.err.contains("exists already"), "\(exists.err)")
        let port = try PostgresServer.freePort()
        let down = try await sandbox.run("migrate", "--from", "postgres://x@127.0.0.1:\(port)/db?sslmode=disable", "--to", "n.ledger")
        #expect(down.code == 3, "\(down.err)")
    }

    @Test("attest verify --store checks the database's log, with an outside checkpoint; an insider's edit is named (exit 1)")
    func verifiesTheDatabase() async throws {
        let sandbox = try await Self.initialised()
        let fixture = try await PostgresFixture()
        #expect(try await sandbox.run("checkpoint", "--no-witnesses", "--out", "kept.checkpoint").code == 0)
        #expect(try await sandbox.run("migrate", "--from", "attest.ledger", "--to", fixture.url()).code == 0)
        let verified = try await sandbox.run("verify", "--store", fixture.url(), "--checkpoint", "kept.checkpoint")
        #expect(verified.code == 0, "\(verified.err)")
        #expect(verified.out.contains("OK: postgres://"), "\(verified.out)")
        #expect(verified.out.contains("consistent with the checkpoint at size"), "\(verified.out)")
        let json = try await sandbox.run("verify", "--store", fixture.url(), "--json")
        #expect(json.code == 0 && json.out.contains("\"valid\" : true"), "\(json.out)")
        // Bad invocations: exit 2.
        #expect(try await sandbox.run("verify", "--store", fixture.url(), "--replay").code == 2)
        #expect(try await sandbox.run("verify", "--store", fixture.url(), "--ledger", "attest.ledger").code == 2)
        #expect(try await sandbox.run("verify", "--store", "postgres://nobody").code == 2)
        // An insider rewrites entry 1's payload with the triggers off: verify names entry 1.
        try await fixture.insiderEdit("UPDATE entries SET payload = convert_to('{}', 'UTF8') WHERE seq = 1")
        let caught = try await sandbox.run("verify", "--store", fixture.url())
        #expect(caught.code == 1, "\(caught.out)\(caught.err)")
        #expect(caught.err.contains("verification failed at entry 1"), "\(caught.err)")
    }
}
