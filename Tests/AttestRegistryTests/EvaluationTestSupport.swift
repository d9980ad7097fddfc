import AttestLedger
import AttestMetrics
import AttestPolicy
import AttestRegistry
import Foundation
import GRDB

/// A registry in its own temporary folder with an admin (alice), a data scientist (dana), an
/// auditor (audrey), and model `credit` v1 whose `test` dataset is `test.csv` (synthetic data).
struct EvaluationWorld {
    static let model = "credit"

    let folder: URL
    let path: String
    let registry: Registry
    let admin: Signer
    let scientist: Signer
    let auditor: Signer
    let testFile: URL

    init(rows: Int = 2000) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("attest.ledger").path
        admin = try Signer(name: "alice", key: .generate())
        let logKey = try Signer(name: "test.example/evaluation", key: .generate())
        registry = try Registry.create(at: path, origin: logKey.name, logKey: logKey.verifierKey, admin: admin)
        scientist = try Signer(name: "dana", key: .generate())
        auditor = try Signer(name: "audrey", key: .generate())
        try registry.addActor("dana", publicKey: scientist.verifierKey, roles: [BuiltInRole.dataScientist], by: admin)
        try registry.addActor("audrey", publicKey: auditor.verifierKey, roles: [BuiltInRole.auditor], by: admin)
        try registry.createModel(Self.model, owner: "dana", purpose: "credit decisions", riskTier: .high, by: scientist)
        let artifact = folder.appendingPathComponent("model.bin")
        try Data("weights".utf8).write(to: artifact)
        testFile = folder.appendingPathComponent("test.csv")
        try SyntheticEvaluationData.writeCSV(to: testFile.path, rows: rows, seed: 42)
        try registry.registerVersion(
            Self.model,
            VersionRequest(
                artifacts: [artifact], datasets: [(role: "test", url: testFile)], code: try GitProbe.parse("git.example/credit@abc123")),
            by: scientist)
    }

    /// Classification with a score and two sensitive columns (so three groupings).
    static var spec: EvaluationSpec {
        EvaluationSpec(label: "label", prediction: "prediction", score: "score", sensitive: ["sex", "age_band"])
    }

    /// Writes a file in the world's folder.
    func write(_ name: String, _ text: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Writes synthetic evaluation data in the world's folder.
    func synthetic(_ name: String, rows: Int, seed: UInt64) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try SyntheticEvaluationData.writeCSV(to: url.path, rows: rows, seed: seed)
        return url
    }

    func size() throws -> UInt64 { try registry.ledger.size() }

    func lastEntry() throws -> Entry { try registry.ledger.entry(at: try size() - 1) }

    /// Every row of a projection table, in its comparison order.
    func rows(_ table: String, orderBy: String) throws -> [Row] {
        try registry.ledger.read { try Row.fetchAll($0, sql: "SELECT * FROM \(table) ORDER BY \(orderBy)") }
    }

    /// The registry's view of a table row by entry.
    func row(_ table: String, seq: UInt64) throws -> Row? {
        try registry.ledger.read { try Row.fetchOne($0, sql: "SELECT * FROM \(table) WHERE seq = ?", arguments: [Int64(seq)]) }
    }
}
