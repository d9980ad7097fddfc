import AttestLedger
import AttestPostgres
import Foundation
import Testing

/// A handle's connection: closed explicitly, never trapping when a handle is dropped open on an
/// error path, refused after `close()`, and made again when the server closed it.
@Suite struct ConnectionLifecycleTests {
    /// postgres-nio asserts when an open connection is released; a handle dropped without
    /// `close()` (an error path) must close it instead of trapping the process.
    @Test func handleDroppedOpenDoesNotTrap() async throws {
        let fixture = try await PostgresFixture()
        try await fixture.makeLog(entries: 2).closing { _ in }
        for _ in 0..<3 {
            let dropped = try await PostgresLog.open(at: try fixture.location())
            #expect(try await dropped.size() == 3)
        }
        try await Task.sleep(for: .milliseconds(200))
        let count = try await PostgresLog.withOpen(at: try fixture.location()) { try await $0.size() }
        #expect(count == 3)
    }

    /// After `close()` a handle refuses every call with a storage error; `close()` twice is harmless.
    @Test func closedHandleRefuses() async throws {
        let fixture = try await PostgresFixture()
        let log = try await fixture.makeLog(entries: 1)
        await log.close()
        await log.close()
        let error = await #expect(throws: LedgerError.self) { try await log.size() }
        #expect(error?.code == .storage && error?.message.contains("closed") == true, "\(error?.message ?? "")")
    }

    /// The server ends the handle's session (a restart, a failover): the call that meets the
    /// dead connection fails with a storage error, and the next one connects again.
    @Test func reconnectsAfterTheServerClosedTheConnection() async throws {
        let fixture = try await PostgresFixture()
        try await fixture.makeLog(entries: 4).closing { log in
            try await fixture.server.psql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(fixture.database)' AND pid <> pg_backend_pid()")
            _ = try? await log.size()
            #expect(try await log.size() == 5)
            #expect(try await log.append(PostgresFixture.draft(5), signer: fixture.admin).sequence == 5)
            #expect(try await log.verify().isValid)
        }
    }
}
