import Foundation
import GRDB
import Testing

@testable import AttestRegistry

/// `ExactRow`: rows compared by exact type and bytes, and shown in messages the way the guard's
/// refusals quote them (the text is made only when a row disagrees).
@Suite struct ExactRowTests {
    func rows(_ insert: String) throws -> [ExactRow] {
        let queue = try DatabaseQueue()
        return try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (seq INTEGER, approval_seq INTEGER, score REAL, name TEXT, raw BLOB, gone TEXT)")
            try db.execute(sql: insert)
            return try ExactRow.fetch(
                ProjectionGuard.Selection("t"), columns: ["seq", "approval_seq", "score", "name", "raw", "gone"], db)
        }
    }

    @Test func everyStorageClassIsShownAsBefore() throws {
        let row = try #require(try rows("INSERT INTO t VALUES (12, 7, 0.1, 'caf' || char(233) || char(10), x'00ff0a', NULL)").first)
        #expect(row.text == #"seq=12, approval_seq=7, score=0.1, name="caf\u{e9}\u{a}", raw=x'00ff0a', gone=NULL"#)
        #expect(row.entries == [12, 7])
    }

    @Test func rowsDifferByTypeAndBytesNotByText() throws {
        let stored = try rows("INSERT INTO t VALUES (1, NULL, 0.1, '1', x'31', NULL)")
        let asInteger = try rows("INSERT INTO t VALUES (1, NULL, 0.1, '1', 1, NULL)")
        let nearReal = try rows("INSERT INTO t VALUES (1, NULL, 0.1000000000000001, '1', x'31', NULL)")
        #expect(stored == stored)
        #expect(stored != asInteger)
        #expect(stored != nearReal)
        #expect(stored.first?.entries == [1])
    }
}
