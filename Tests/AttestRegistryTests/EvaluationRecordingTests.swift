import AttestLedger
import AttestMetrics
import AttestRegistry
import Foundation
import GRDB
import Testing

@Suite("Evaluation recording")
struct EvaluationRecordingTests {
    @Test("an evaluation is signed, projected, linked to the model and matches the file's digest")
    func recordsAndProjects() throws {
        let world = try EvaluationWorld()
        let before = try world.size()
        let outcome = try world.registry.evaluate(
            model: EvaluationWorld.model, version: 1, file: world.testFile, spec: EvaluationWorld.spec, by: world.scientist)
        let seq = try #require(outcome.entry)
        #expect(try world.size() == before + 1)

        let entry = try world.registry.ledger.entry(at: seq)
        #expect(entry.type == EventType.evaluationRecorded)
        #expect(entry.signer == world.scientist.verifierKey.fingerprint)
        let stored = try JSONDecoder().decode(EvaluationRecorded.self, from: Data(entry.payload))
        #expect(stored == outcome.event)

        let event = outcome.event
        #expect(event.data.digest == (try FileDigester.fileDigest(world.testFile)).0)
        #expect(event.data.name == "test.csv")
        #expect(event.data.size == Int64((try Data(contentsOf: world.testFile)).count))
        #expect(event.lineageRole == "test")
        #expect(event.datasetRole == "test")
        #expect(event.attestVersion == Registry.softwareVersion)
        #expect(event.report.evaluatedRows == 2000)
        #expect(event.report.source == "test.csv")
        #expect(event.report.groupings.map(\.columns) == [["sex"], ["age_band"], ["sex", "age_band"]])
        #expect(event.report.overall["roc_auc"]?.value != nil)

        let row = try #require(try world.row("reg_evaluations", seq: seq))
        #expect(row["model"] as String == EvaluationWorld.model)
        #expect(row["version"] as Int == 1)
        #expect(row["dataset_role"] as String == "test")
        #expect(row["data_digest"] as String == event.data.digest)
        #expect(row["rows"] as Int == 2000)
        #expect(row["lineage_role"] as String? == "test")
        #expect(row["actor"] as String == "dana")
        #expect(row["bootstrap_seed"] as String? == nil)

        let latest = try #require(try world.registry.latestEvaluation(EvaluationWorld.model, 1))
        #expect(latest.entry == seq)
        #expect(latest.actor == "dana")
        #expect(latest.evaluation == event)
        #expect(try world.registry.evaluations(EvaluationWorld.model, 1).map(\.entry) == [seq])

        let history = try world.registry.history(EvaluationWorld.model)
        #expect(history.contains { $0.entry == seq && $0.type == EventType.evaluationRecorded })
    }

    @Test("queries: every evaluation of a version, and the latest per dataset role")
    func latestPerRole() throws {
        let world = try EvaluationWorld()
        let other = try world.synthetic("holdout.csv", rows: 500, seed: 9)
        let first = try world.registry.evaluate(
            model: EvaluationWorld.model, version: 1, file: world.testFile, spec: EvaluationWorld.spec, by: world.scientist)
        let validation = try world.registry.evaluate(
            model: EvaluationWorld.model, version: 1, file: other, spec: EvaluationWorld.spec, datasetRole: "validation",
            by: world.admin)
        let second = try world.registry.evaluate(
            model: EvaluationWorld.model, version: 1, file: world.testFile, spec: EvaluationWorld.spec, by: world.scientist)
        let all = try world.registry.evaluations(EvaluationWorld.model, 1)
        #expect(all.map(\.entry) == [first.entry, validation.entry, second.entry].compactMap { $0 })
        let latest = try world.registry.latestEvaluations(EvaluationWorld.model, 1)
        #expect(latest.map(\.evaluation.datasetRole) == ["test", "validation"])
        #expect(latest.map(\.entry) == [second.entry, validation.entry].compactMap { $0 })
        #expect(try world.registry.evaluations(EvaluationWorld.model, 1, datasetRole: "validation").count == 1)
        #expect(try world.registry.latestEvaluation(EvaluationWorld.model, 1, datasetRole: "train") == nil)
        expectRegistryError(.notFound, "\(EvaluationWorld.model) has no version 7") {
            try world.registry.evaluations(EvaluationWorld.model, 7)
        }
    }

    @Test("a file outside the version's lineage is recorded with lineageRole nil")
    func lineageFlagFalse() throws {
        let world = try EvaluationWorld()
        let stranger = try world.synthetic("elsewhere.csv", rows: 800, seed: 43)
        let outcome = try world.registry.evaluate(
            model: EvaluationWorld.model, version: 1, file: stranger, spec: EvaluationWorld.spec, by: world.scientist)
        #expect(outcome.event.lineageRole == nil)
        let seq = try #require(outcome.entry)
        let row = try #require(try world.row("reg_evaluations", seq: seq))
        #expect(row["lineage_role"] as String? == nil)
        // docs/evaluation.md: the payload says `"lineageRole": null`, it does not leave the key out.
        let payload = try JSONSerialization.jsonObject(with: Data(try world.registry.ledger.entry(at: seq).payload)) as? [String: Any]
        #expect(payload?.keys.contains("lineageRole") == true)
        #expect(payload?["lineageRole"] is NSNull)
    }

    @Test("a dataset of an ancestor counts as lineage")
    func lineageThroughParent() throws {
        let world = try EvaluationWorld()
        let artifact = try world.write("model2.bin", "weights v2")
        try world.registry.registerVersion(
            EvaluationWorld.model, VersionRequest(artifacts: [artifact], code: try GitProbe.parse("git.example/credit@def456"), parent: 1),
            by: world.scientist)
        let outcome = try world.registry.evaluate(
            model: EvaluationWorld.model, version: 2, file: world.testFile, spec: EvaluationWorld.spec, by: world.scientist)
        #expect(outcome.event.lineageRole == "test")
    }

    @Test("a dry run computes the same payload and writes nothing")
    func dryRun() throws {
        let world = try EvaluationWorld()
        let before = try world.size()
        let dry = try world.registry.evaluate(
            model: EvaluationWorld.model, version: 1, file: world.testFile, spec: EvaluationWorld.spec, dryRun: true, by: world.auditor)
        #expect(dry.entry == nil)
        #expect(try world.size() == before)
        #expect(try world.rows("reg_evaluations", orderBy: "seq").isEmpty)
        let real = try world.registry.evaluate(
            model: EvaluationWorld.model, version: 1, file: world.testFile, spec: EvaluationWorld.spec, by: world.scientist)
        #expect(real.event == dry.event)
    }

    @Test("an actor without an evaluator role is refused, and the refusal is an entry")
    func refusalIsLogged() throws {
        let world = try EvaluationWorld()
        let before = try world.size()
        let error = #expect(throws: RegistryError.self) {
            try world.registry.evaluate(
                model: EvaluationWorld.model, version: 1, file: world.testFile, spec: EvaluationWorld.spec, by: world.auditor)
        }
        #expect(error?.code == .refused)
        #expect(error?.message.contains("audrey may not record evaluations") == true)
        #expect(try world.size() == before + 1)
        let entry = try world.lastEntry()
        #expect(entry.type == EventType.actionRefused)
        let refusal = try JSONDecoder().decode(ActionRefused.self, from: Data(entry.payload))
        #expect(refusal.action == "evaluation.record")
        #expect(refusal.model == EvaluationWorld.model)
        #expect(refusal.version == 1)
        #expect(try world.rows("reg_evaluations", orderBy: "seq").isEmpty)
    }

    @Test("a retired version is refused and the refusal recorded")
    func retiredVersion() throws {
        let world = try EvaluationWorld()
        try world.registry.retire(EvaluationWorld.model, version: 1, reason: "superseded", by: world.admin)
        let before = try world.size()
        let error = #expect(throws: RegistryError.self) {
            try world.registry.evaluate(
                model: EvaluationWorld.model, version: 1, file: world.testFile, spec: EvaluationWorld.spec, by: world.scientist)
        }
        #expect(error?.code == .refused)
        #expect(try world.size() == before + 1)
        #expect(try world.lastEntry().type == EventType.actionRefused)
    }

    @Test("an unknown version or missing file fails before any work and writes nothing")
    func unknownInputs() throws {
        let world = try EvaluationWorld()
        let before = try world.size()
        let unknown = #expect(throws: RegistryError.self) {
            try world.registry.evaluate(
                model: EvaluationWorld.model, version: 9, file: world.testFile, spec: EvaluationWorld.spec, by: world.scientist)
        }
        #expect(unknown?.code == .notFound)
        let missing = #expect(throws: RegistryError.self) {
            try world.registry.evaluate(
                model: EvaluationWorld.model, version: 1, file: world.folder.appendingPathComponent("nope.csv"), spec: EvaluationWorld.spec,
                by: world.scientist)
        }
        #expect(missing?.code == .notFound)
        #expect(try world.size() == before)
    }

    @Test("a malformed CSV names the file, line, row and column, and nothing is written")
    func malformedCSV() throws {
        let world = try EvaluationWorld()
        let bad = try world.write(
            "bad.csv",
            """
            id,sex,age_band,label,score,prediction
            1,F,18-29,1,0.9,1
            2,M,30-44,0,0.2,0
            3,F,45-59,1,0.7,1
            4,M,60+,0,high,0

            """)
        let before = try world.size()
        let error = #expect(throws: MetricsError.self) {
            try world.registry.evaluate(
                model: EvaluationWorld.model, version: 1, file: bad, spec: EvaluationWorld.spec, by: world.scientist)
        }
        #expect(error?.line == 5)
        #expect(error?.row == 4)
        #expect(error?.column == "score")
        #expect(error?.description.hasPrefix(bad.path + ":5:") == true)
        #expect(try world.size() == before)

        let ragged = try world.write("ragged.csv", "id,sex,age_band,label,score,prediction\n1,F,18-29,1,0.9,1\n2,M,30-44,0,0.2\n")
        let raggedError = #expect(throws: MetricsError.self) {
            try world.registry.evaluate(
                model: EvaluationWorld.model, version: 1, file: ragged, spec: EvaluationWorld.spec, by: world.scientist)
        }
        #expect(raggedError?.line == 3)
        #expect(try world.size() == before)
    }

    @Test("the bootstrap seed is recorded and the intervals are reproducible from it")
    func bootstrapReproducible() throws {
        let world = try EvaluationWorld(rows: 1000)
        var spec = EvaluationWorld.spec
        spec.bootstrap = BootstrapSpec(replicates: 40, seed: 7)
        let recorded = try world.registry.evaluate(
            model: EvaluationWorld.model, version: 1, file: world.testFile, spec: spec, by: world.scientist)
        let summary = try #require(recorded.event.report.bootstrap)
        #expect(summary.seed == 7)
        #expect(summary.replicates == 40)
        #expect(recorded.event.report.overallIntervals?["accuracy"] != nil)
        #expect(recorded.event.report.groupings[0].disparities.allSatisfy { $0.interval != nil })
        let seq = try #require(recorded.entry)
        let row = try #require(try world.row("reg_evaluations", seq: seq))
        #expect(row["bootstrap_seed"] as String? == "7")
        #expect(row["bootstrap_replicates"] as Int? == 40)

        let again = try world.registry.computeEvaluation(model: EvaluationWorld.model, version: 1, file: world.testFile, spec: spec)
        #expect(again == recorded.event)
        spec.bootstrap = BootstrapSpec(replicates: 40, seed: 8)
        let other = try world.registry.computeEvaluation(model: EvaluationWorld.model, version: 1, file: world.testFile, spec: spec)
        #expect(other.report.overallIntervals != recorded.event.report.overallIntervals)
    }

    @Test("JSON Lines give the same numbers as the same rows in CSV")
    func jsonLines() throws {
        let world = try EvaluationWorld(rows: 300)
        let text = try String(contentsOf: world.testFile, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        let json =
            lines.map { line -> String in
                let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                let pairs = zip(header, fields).map { key, value in
                    ["sex", "age_band"].contains(key) ? "\"\(key)\":\"\(value)\"" : "\"\(key)\":\(value)"
                }
                return "{" + pairs.joined(separator: ",") + "}"
            }.joined(separator: "\n") + "\n"
        let file = try world.write("test.jsonl", json)
        let fromJSON = try world.registry.computeEvaluation(
            model: EvaluationWorld.model, version: 1, file: file, spec: EvaluationWorld.spec)
        let fromCSV = try world.registry.computeEvaluation(
            model: EvaluationWorld.model, version: 1, file: world.testFile, spec: EvaluationWorld.spec)
        #expect(fromJSON.lineageRole == nil)
        #expect(fromJSON.data.digest != fromCSV.data.digest)
        #expect(fromJSON.report.evaluatedRows == 300)
        for (name, value) in fromCSV.report.overall {
            let a = try #require(value.value)
            let b = try #require(fromJSON.report.overall[name]?.value)
            #expect(abs(a - b) <= 1e-12, "\(name)")
        }
    }
}
