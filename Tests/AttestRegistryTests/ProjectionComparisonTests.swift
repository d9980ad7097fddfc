import AttestLedger
import Foundation
import GRDB
import Testing

@testable import AttestRegistry

/// `verify` first compares each projection table with the replay row by row at the same rowids
/// (cheap), and runs the full multiset comparison only when that does not prove them equal.
/// These tests check the shortcut never hides a difference and never invents one.
@Suite("Projection comparison: the rowid shortcut and the full comparison agree")
struct ProjectionComparisonTests {
    static func world() throws -> GovernanceWorld {
        let world = try GovernanceWorld()
        _ = try world.publishShippedPolicies()
        _ = try world.versionInStaging(tag: "a")
        _ = try world.versionInStaging(tag: "b")
        #expect(try DatabaseIntegrityTests.verify(world).isEmpty)
        return world
    }

    /// Rewrites `table` with the same rows in reverse order, so that every row moves to another rowid.
    static func reverse(_ world: GovernanceWorld, _ table: String) throws {
        try DatabaseIntegrityTests.tamper(
            world,
            """
            CREATE TEMP TABLE copy AS SELECT * FROM \(table) ORDER BY rowid DESC;
            DELETE FROM \(table);
            INSERT INTO \(table) SELECT * FROM copy;
            """)
    }

    @Test("the same rows at other rowids are equal: no mismatch is invented")
    func movedRowsAreEqual() throws {
        let world = try Self.world()
        try Self.reverse(world, "reg_files")
        try Self.reverse(world, "gov_reviews")
        let rowids = try world.registry.ledger.read { try Int64.fetchAll($0, sql: "SELECT rowid FROM reg_files ORDER BY name") }
        #expect(rowids.count >= 4)
        #expect(try DatabaseIntegrityTests.verify(world).isEmpty)
    }

    @Test("a moved row with one edited byte is still named")
    func movedAndEditedRowIsCaught() throws {
        let world = try Self.world()
        try Self.reverse(world, "reg_files")
        try DatabaseIntegrityTests.tamper(
            world, "UPDATE reg_files SET digest = replace(digest, 'sha256:', 'sha256:0') WHERE kind = 'artifact' AND version = 1")
        let problems = try DatabaseIntegrityTests.verify(world)
        #expect(problems.map(\.kind) == [.projectionMismatch])
        #expect(problems.first?.detail.contains("table reg_files") == true)
    }

    @Test("a value stored as a blob instead of text, at the same rowid, is a difference")
    func typeChangeIsCaught() throws {
        let world = try Self.world()
        try DatabaseIntegrityTests.tamper(world, "UPDATE reg_models SET owner = CAST(owner AS BLOB)")
        let problems = try DatabaseIntegrityTests.verify(world)
        #expect(problems.map(\.kind) == [.projectionMismatch])
        #expect(problems.first?.detail.contains("table reg_models") == true)
    }

    @Test("a duplicated row of a table without a key is a difference, at the end or in place of another")
    func duplicateRowIsCaught() throws {
        let world = try Self.world()
        try DatabaseIntegrityTests.tamper(world, "INSERT INTO reg_files SELECT * FROM reg_files WHERE rowid = 1")
        #expect(try DatabaseIntegrityTests.verify(world).map(\.kind) == [.projectionMismatch])
        // Same count, same rows at the other rowids, one row replaced by a copy of another.
        let other = try Self.world()
        try DatabaseIntegrityTests.tamper(
            other,
            """
            UPDATE reg_files SET (model, version, kind, role, name, digest, size) =
            (SELECT model, version, kind, role, name, digest, size FROM reg_files WHERE rowid = 1) WHERE rowid = 2
            """)
        #expect(try DatabaseIntegrityTests.verify(other).map(\.kind) == [.projectionMismatch])
    }
}
