import AttestLedger
import Foundation
import Testing

@testable import AttestPostgres

/// Appends from several handles at once (each its own connection, as separate server
/// processes would have): serialised on the head, no sequence number twice, one chain.
@Suite struct ConcurrentAppendTests {
    static let handleCount = 4
    static let writersPerHandle = 2
    static let appendsPerWriter = 15

    @Test func concurrentWritersNeverShareASequenceNumber() async throws {
        let fixture = try await PostgresFixture()
        let first = try await fixture.makeLog()
        var logs = [first]
        for _ in 1..<Self.handleCount { logs.append(try await PostgresLog.open(at: try fixture.location())) }
        let handles = logs
        let admin = fixture.admin
        let sequences = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for (number, log) in handles.enumerated() {
                for writer in 0..<Self.writersPerHandle {
                    group.addTask {
                        var mine: [UInt64] = []
                        for step in 0..<Self.appendsPerWriter {
                            let draft = PostgresFixture.draft(number * 1000 + writer * 100 + step)
                            mine.append(try await log.append(draft, signer: admin).sequence)
                        }
                        return mine
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let total = Self.handleCount * Self.writersPerHandle * Self.appendsPerWriter
        #expect(sequences.count == total)
        #expect(Set(sequences) == Set((1...UInt64(total)).map { $0 }))
        #expect(try await first.size() == UInt64(total) + 1)
        let report = try await first.verify()
        #expect(report.isValid, "\(report.problems)")
        #expect(report.entriesChecked == UInt64(total) + 1)
        for log in logs { await log.close() }
    }

    /// With the advisory lock left out, writers race for the head; the database's primary key
    /// and `entries_follow` trigger refuse every loser (`.busy`, to be retried), so the log still
    /// has one entry per sequence number and one chain. This is the backstop, not the design:
    /// with the lock, nobody loses (the test above).
    @Test func withoutTheLockTheDatabaseRefusesTheLosers() async throws {
        let fixture = try await PostgresFixture()
        let first = try await fixture.makeLog()
        var logs = [first]
        for _ in 1..<Self.handleCount { logs.append(try await PostgresLog.open(at: try fixture.location())) }
        let handles = logs
        for log in handles { await log.setTakesAppendLock(false) }
        let admin = fixture.admin
        let outcomes = try await withThrowingTaskGroup(of: (won: [UInt64], lost: Int).self) { group in
            for (number, log) in handles.enumerated() {
                for writer in 0..<Self.writersPerHandle {
                    group.addTask {
                        var won: [UInt64] = []
                        var lost = 0
                        for step in 0..<Self.appendsPerWriter {
                            do {
                                won.append(
                                    try await log.append(PostgresFixture.draft(number * 1000 + writer * 100 + step), signer: admin).sequence
                                )
                            } catch let error as LedgerError where error.code == .busy {
                                lost += 1
                            }
                        }
                        return (won, lost)
                    }
                }
            }
            return try await group.reduce(into: (won: [UInt64](), lost: 0)) {
                $0.won += $1.won
                $0.lost += $1.lost
            }
        }
        #expect(outcomes.won.count + outcomes.lost == Self.handleCount * Self.writersPerHandle * Self.appendsPerWriter)
        #expect(Set(outcomes.won).count == outcomes.won.count)
        #expect(try await first.size() == UInt64(outcomes.won.count) + 1)
        let report = try await first.verify()
        #expect(report.isValid, "\(report.problems)")
        for log in logs { await log.close() }
    }
}
