import Dispatch
import Foundation
import GRDB
import Synchronization
import Testing

@testable import AttestLedger

/// Shared commits (``Ledger/shareCommits(upTo:)``): writes queued behind each other share one
/// transaction, yet each returns only once committed, a failing write takes only its own entries
/// with it, and a failed commit fails every write it held.
@Suite("Shared commits")
struct SharedCommitTests {
    @Test("8 threads writing at once: every write committed once, in one chain, with fewer commits than writes")
    func concurrentWritersShareCommits() throws {
        let test = try TestLedger()
        test.ledger.shareCommits()
        let writers = 8
        let perWriter = 25
        let committed = Shared<[UInt64]>([])
        let failures = Shared<[String]>([])
        // The first write holds the connection until the seven others wait for it, so at least
        // that group has several members.
        let first = try test.ledger.write { writer -> UInt64 in
            let entry = try writer.append(try TestLedger.draft(-1), signer: test.admin)
            for worker in 0..<(writers - 1) {
                Self.spawn { Self.write(test, worker: worker, count: perWriter, into: committed, failures: failures) }
            }
            while test.ledger.sharing.withLock({ $0.queued }) < writers - 1 { usleep(1_000) }
            return entry.sequence
        }
        Self.write(test, worker: writers - 1, count: perWriter, into: committed, failures: failures)
        while committed.withLock({ $0.count }) + failures.withLock({ $0.count }) < writers * perWriter { usleep(5_000) }

        #expect(failures.withLock { $0 }.isEmpty)
        let sequences = committed.withLock { $0 } + [first]
        #expect(Set(sequences).count == writers * perWriter + 1, "no sequence number was handed out twice")
        #expect(try test.ledger.size() == UInt64(writers * perWriter + 2))
        let counts = test.ledger.sharedCommitCounts
        #expect(counts.writes == writers * perWriter + 1)
        #expect(counts.commits < counts.writes, "\(counts): the waiting writers shared no commit")
        let report = try test.verify()
        #expect(report.isValid, "\(report.problems.prefix(3))")
    }

    @Test("a write that throws rolls back its own entries only; the writes around it commit")
    func failingWriteTakesOnlyItsOwnEntries() throws {
        let test = try TestLedger()
        test.ledger.shareCommits()
        let outcomes = Shared<[Int: Bool]>([:])
        let done = DispatchGroup()
        try test.ledger.write { writer in
            try writer.append(try TestLedger.draft(0), signer: test.admin)
            for worker in 1...6 {
                done.enter()
                Self.spawn {
                    defer { done.leave() }
                    var ok = true
                    do {
                        try test.ledger.write { writer in
                            try writer.append(try TestLedger.draft(worker), signer: test.admin)
                            if worker.isMultiple(of: 2) { throw LedgerError(.badInput, "worker \(worker) gives up") }
                        }
                    } catch { ok = false }
                    outcomes.withLock { $0[worker] = ok }
                }
            }
            while test.ledger.sharing.withLock({ $0.queued }) < 6 { usleep(1_000) }
        }
        done.wait()
        #expect(outcomes.withLock { $0 } == [1: true, 2: false, 3: true, 4: false, 5: true, 6: false])
        let numbers = try test.ledger.entries(types: ["test.event"]).map { String(decoding: $0.payload, as: UTF8.self) }
        #expect(numbers.sorted() == [0, 1, 3, 5].map { "{\"n\":\($0),\"note\":\"entry \($0)\"}" })
        #expect(try test.verify().isValid)
    }

    @Test("a commit that fails fails every write of its group, and none of their entries exists")
    func failedCommitFailsTheWholeGroup() throws {
        let test = try TestLedger(entries: 2)
        test.ledger.shareCommits()
        // A deferred foreign key on this connection's temporary tables: SQLite checks it at the
        // commit, which then fails.
        try test.ledger.write { writer in
            try writer.db.execute(
                sql: """
                    CREATE TEMP TABLE parent (id INTEGER PRIMARY KEY);
                    CREATE TEMP TABLE child (parent INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);
                    """)
        }
        let before = try test.ledger.size()
        let outcomes = Shared<[Int: String]>([:])
        let done = DispatchGroup()
        let firstOutcome: String
        do {
            try test.ledger.write { writer in
                try writer.append(try TestLedger.draft(10), signer: test.admin)
                for worker in 1...3 {
                    done.enter()
                    Self.spawn {
                        defer { done.leave() }
                        let outcome: String
                        do {
                            try test.ledger.write { writer in
                                try writer.append(try TestLedger.draft(10 + worker), signer: test.admin)
                                if worker == 2 { try writer.db.execute(sql: "INSERT INTO child (parent) VALUES (42)") }
                            }
                            outcome = "committed"
                        } catch { outcome = "failed: \(error)" }
                        outcomes.withLock { $0[worker] = outcome }
                    }
                }
                while test.ledger.sharing.withLock({ $0.queued }) < 3 { usleep(1_000) }
            }
            firstOutcome = "committed"
        } catch { firstOutcome = "failed: \(error)" }
        done.wait()

        let all = outcomes.withLock { $0 }.merging([0: firstOutcome]) { a, _ in a }
        #expect(all.count == 4)
        for (worker, outcome) in all {
            #expect(outcome.hasPrefix("failed:") && outcome.contains("FOREIGN KEY"), "write \(worker): \(outcome)")
        }
        #expect(Set(all.values).count == 1, "every write failed with the commit's error: \(all)")
        #expect(try test.ledger.size() == before, "no entry of the failed group exists")
        #expect(test.ledger.sharedCommitCounts.commits == 1, "only the table set-up committed")
        // The handle goes on: the next write commits, chained to the last committed entry.
        try test.ledger.append(try TestLedger.draft(20), signer: test.admin)
        #expect(try test.ledger.size() == before + 1)
        #expect(try test.verify().isValid)
    }

    /// Runs `body` on a thread of its own (GCD's pool may not add threads for blocked work).
    private static func spawn(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.start()
    }

    private static func write(
        _ test: TestLedger, worker: Int, count: Int, into committed: Shared<[UInt64]>, failures: Shared<[String]>
    ) {
        for n in 0..<count {
            do {
                let entry = try test.ledger.append(try TestLedger.draft(worker * 1_000 + n), signer: test.admin)
                committed.withLock { $0.append(entry.sequence) }
            } catch { failures.withLock { $0.append("\(error)") } }
        }
    }
}

/// A value several threads update under a lock.
private final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ value: Value) { self.value = Mutex(value) }

    func withLock<T>(_ body: (inout Value) -> T) -> T { value.withLock { body(&$0) } }
}
