import AttestLedger
import AttestMetrics
import AttestRegistry
import Foundation
import GRDB
import Testing

@Suite("Monitoring and the evaluation projections")
struct EvaluationMonitoringTests {
    @Test("monitoring records both digests and compares every shared column by default")
    func monitorRecordsBothDigests() throws {
        let world = try EvaluationWorld()
        let current = try world.synthetic("current.csv", rows: 1500, seed: 43)
        let before = try world.size()
        let outcome = try world.registry.monitor(
            model: EvaluationWorld.model, version: 1, reference: world.testFile, current: current, by: world.scientist)
        let seq = try #require(outcome.entry)
        #expect(try world.size() == before + 1)
        let entry = try world.registry.ledger.entry(at: seq)
        #expect(entry.type == EventType.monitoringRecorded)
        #expect(try JSONDecoder().decode(MonitoringRecorded.self, from: Data(entry.payload)) == outcome.event)

        let event = outcome.event
        #expect(event.reference.digest == (try FileDigester.fileDigest(world.testFile)).0)
        #expect(event.current.digest == (try FileDigester.fileDigest(current)).0)
        #expect(event.reference.name == "test.csv")
        #expect(event.report.current == "current.csv")
        #expect(event.report.columns.map(\.name) == ["id", "sex", "age_band", "label", "score", "prediction"])
        #expect(event.report.columns.first { $0.name == "score" }?.kind == .numeric)
        #expect(event.report.columns.first { $0.name == "sex" }?.kind == .categorical)
        #expect(event.report.referenceRows == 2000)
        #expect(event.report.currentRows == 1500)

        let row = try #require(try world.row("reg_monitoring", seq: seq))
        #expect(row["reference_digest"] as String == event.reference.digest)
        #expect(row["current_digest"] as String == event.current.digest)
        let maxPSI = event.report.columns.compactMap { $0.statistics["psi"]?.value }.max()
        #expect(row["max_psi"] as Double? == maxPSI)
        let columns = try world.registry.ledger.read {
            try String.fetchAll(
                $0, sql: "SELECT column_name FROM reg_monitoring_columns WHERE seq = ? ORDER BY position", arguments: [Int64(seq)])
        }
        #expect(columns == event.report.columns.map(\.name))

        let latest = try #require(try world.registry.latestMonitoring(EvaluationWorld.model, 1))
        #expect(latest.entry == seq)
        #expect(latest.monitoring == event)
        #expect(try world.registry.history(EvaluationWorld.model).contains { $0.entry == seq })
    }

    @Test("named columns are compared in the order given; an unknown one is bad input and writes nothing")
    func namedColumns() throws {
        let world = try EvaluationWorld()
        let current = try world.synthetic("current.csv", rows: 700, seed: 5)
        let outcome = try world.registry.monitor(
            model: EvaluationWorld.model, version: 1, reference: world.testFile, current: current, columns: ["score", "sex"],
            dryRun: true, by: world.auditor)
        #expect(outcome.entry == nil)
        #expect(outcome.event.report.columns.map(\.name) == ["score", "sex"])
        let before = try world.size()
        let error = #expect(throws: MetricsError.self) {
            try world.registry.monitor(
                model: EvaluationWorld.model, version: 1, reference: world.testFile, current: current, columns: ["income"],
                by: world.scientist)
        }
        #expect(error?.code == .unknownColumn)
        #expect(try world.size() == before)
    }

    @Test("a column numeric in one file and categorical in the other is compared as categories")
    func mixedKinds() throws {
        let world = try EvaluationWorld()
        let reference = try world.write("ref.csv", "band,amount\n1,10\n2,11\n3,12\n1,13\n2,14\n")
        let current = try world.write("cur.csv", "band,amount\n1,10\nx,15\n3,12\n2,19\n2,11\n")
        let event = try world.registry.computeMonitoring(model: EvaluationWorld.model, version: 1, reference: reference, current: current)
        #expect(event.report.columns.map(\.kind) == [.categorical, .numeric])
    }

    @Test("monitoring by an auditor is refused and logged")
    func monitorRefused() throws {
        let world = try EvaluationWorld()
        let before = try world.size()
        expectRegistryError(.refused, "may not record") {
            try world.registry.monitor(
                model: EvaluationWorld.model, version: 1, reference: world.testFile, current: world.testFile, by: world.auditor)
        }
        #expect(try world.size() == before + 1)
        let refusal = try JSONDecoder().decode(ActionRefused.self, from: Data(try world.lastEntry().payload))
        #expect(refusal.action == "monitoring.record")
        #expect(refusal.reason.contains("record monitoring results"))
    }

    @Test("rebuild reproduces the evaluation tables and the replay check finds no mismatch")
    func rebuildReproducesTables() throws {
        let world = try EvaluationWorld(rows: 600)
        var spec = EvaluationWorld.spec
        try world.registry.evaluate(model: EvaluationWorld.model, version: 1, file: world.testFile, spec: spec, by: world.scientist)
        spec.bootstrap = BootstrapSpec(replicates: 10, seed: 3)
        let other = try world.synthetic("other.csv", rows: 400, seed: 11)
        try world.registry.evaluate(
            model: EvaluationWorld.model, version: 1, file: other, spec: spec, datasetRole: "validation", by: world.admin)
        try world.registry.monitor(model: EvaluationWorld.model, version: 1, reference: world.testFile, current: other, by: world.scientist)
        // A refused evaluation: recorded as action.refused, not as an evaluation.
        expectRegistryError(.refused, "may not record") {
            try world.registry.evaluate(model: EvaluationWorld.model, version: 1, file: other, spec: spec, by: world.auditor)
        }

        let projector = EvaluationProjector()
        let tables = projector.tables + [("reg_model_entries", "model, seq")]
        let before = try tables.map { try world.rows($0.name, orderBy: $0.orderBy) }
        #expect(before[0].count == 2)
        #expect(before[1].count == 1)
        #expect(before[2].count == 6)
        #expect(try world.registry.ledger.projectionMismatches().isEmpty)

        try world.registry.ledger.rebuildProjections()
        let after = try tables.map { try world.rows($0.name, orderBy: $0.orderBy) }
        #expect(after == before)

        let reopened = try Registry.open(at: world.path)
        #expect(try reopened.ledger.projectionMismatches().isEmpty)
        #expect(try reopened.latestEvaluations(EvaluationWorld.model, 1).count == 2)
    }

    @Test("a tampered projection row is reported by the replay check")
    func replayDetectsTamper() throws {
        let world = try EvaluationWorld(rows: 200)
        try world.registry.evaluate(
            model: EvaluationWorld.model, version: 1, file: world.testFile, spec: EvaluationWorld.spec, by: world.scientist)
        try world.registry.ledger.write { writer in
            try writer.db.execute(sql: "UPDATE reg_evaluations SET lineage_role = 'train'")
        }
        let problems = try world.registry.ledger.projectionMismatches()
        #expect(problems.count == 1)
        #expect(problems.first?.description.contains("reg_evaluations") == true)
    }
}
