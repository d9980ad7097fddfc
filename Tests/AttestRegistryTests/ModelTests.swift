import AttestLedger
import AttestMetrics
import AttestPolicy
import Foundation
import GRDB
import Testing

@testable import AttestRegistry

@Suite("Models, versions and lifecycle")
struct ModelTests {
    @Test("register records digests, typed params, code and lineage to the parent")
    func register() throws {
        let test = try TestRegistry()
        #expect(try test.modelWithVersion() == 1)
        let folder = try test.file("model-dir/weights.bin", "w2")
        _ = try test.file("model-dir/config.json", "{}")
        let v2 = try test.registry.registerVersion(
            "credit-scoring",
            VersionRequest(
                artifacts: [folder.deletingLastPathComponent()],
                params: TypedValue.parsePairs(["lr=0.1", "deep=true", "name=\"xgb\"", "tag=v1"], option: "--param"),
                parent: 1),
            by: test.dana)
        #expect(v2 == 2)
        let info = try test.registry.version("credit-scoring", 2)
        #expect(info.stage == "development")
        #expect(info.registration.params["lr"] == .number(0.1))
        #expect(info.registration.params["deep"] == .bool(true))
        #expect(info.registration.params["name"] == .string("xgb"))
        #expect(info.registration.artifacts.first?.isFolder == true)
        let manifest = try FileDigester.folderManifest(folder.deletingLastPathComponent())
        #expect(manifest.text.hasSuffix("weights.bin\n") && manifest.text.contains(" config.json\n"))
        let v1 = try test.registry.version("credit-scoring", 1)
        #expect(v1.registration.artifacts[0].digest == "sha256:" + SHA256.hash(Array("weights-1".utf8)).hex)
        #expect(v1.registration.datasets.map(\.role) == ["train", "test"])
        let lineage = try test.registry.lineage("credit-scoring", 2)
        #expect(lineage.nodes.map(\.version) == [2, 1])
        #expect(LineageRenderer.dot(lineage).contains("v1 -> v2"))
        #expect(LineageRenderer.text(lineage).contains("sha256:"))
    }

    @Test("bad input is refused with a clear message and no entry")
    func badInput() throws {
        let test = try TestRegistry()
        try test.modelWithVersion()
        let before = try test.entryCount()
        expectRegistryError(
            .alreadyExists, "model 'credit-scoring' exists already; register a new version with 'attest model register credit-scoring'"
        ) {
            try test.registry.createModel("credit-scoring", owner: "dana", purpose: "p", riskTier: .low, by: test.dana)
        }
        expectRegistryError(.badInput, "model name 'bad name' must be 1-128 characters of letters, digits, '.', '_' and '-'") {
            try test.registry.createModel("bad name", owner: "dana", purpose: "p", riskTier: .low, by: test.dana)
        }
        expectRegistryError(.notFound, "unknown actor 'nobody'") {
            try test.registry.createModel("m2", owner: "nobody", purpose: "p", riskTier: .low, by: test.dana)
        }
        expectRegistryError(.notFound, "unknown model 'nope'") {
            try test.registry.registerVersion("nope", VersionRequest(artifacts: [try test.file("a", "a")]), by: test.dana)
        }
        expectRegistryError(.notFound, "missing.bin: no such file or folder") {
            try test.registry.registerVersion(
                "credit-scoring", VersionRequest(artifacts: [test.folder.appendingPathComponent("missing.bin")]), by: test.dana)
        }
        expectRegistryError(.notFound, "--parent 7: credit-scoring has no version 7") {
            try test.registry.registerVersion(
                "credit-scoring", VersionRequest(artifacts: [try test.file("a", "a")], parent: 7), by: test.dana)
        }
        expectRegistryError(.badInput, "--param #1 'novalue'") { try TypedValue.parsePairs(["novalue"], option: "--param") }
        expectRegistryError(.badInput, "--param #2 'a=2': key 'a' is given twice") {
            try TypedValue.parsePairs(["a=1", "a=2"], option: "--param")
        }
        expectRegistryError(.badInput, "development, staging, production, archived") { try Stage(parsing: "prod") }
        #expect(try test.entryCount() == before)
    }

    @Test("deployments never exceed 100% per environment; aliases follow versions")
    func deployments() throws {
        let test = try TestRegistry()
        try test.modelWithVersion()
        try test.registry.registerVersion(
            "credit-scoring", VersionRequest(artifacts: [try test.file("m2.bin", "2")], parent: 1), by: test.dana)
        try test.publishGates(environments: [("prod", "development")])
        try test.registry.deploy("credit-scoring", version: 1, environment: "prod", traffic: 80, by: test.alice)
        expectRegistryError(
            .refused, "prod already routes 80.0% of credit-scoring's traffic to other versions; 30.0% more would exceed 100%"
        ) {
            try test.registry.deploy("credit-scoring", version: 2, environment: "prod", traffic: 30, by: test.alice)
        }
        try test.registry.deploy("credit-scoring", version: 2, environment: "prod", traffic: 20, by: test.alice)
        try test.registry.deploy("credit-scoring", version: 1, environment: "prod", traffic: 50, by: test.alice)
        try test.registry.deploy("credit-scoring", version: 2, environment: "prod", traffic: 50, by: test.alice)
        #expect(try test.registry.version("credit-scoring", 2).deployments == ["prod": 50])
        try test.registry.setAlias("champion", model: "credit-scoring", version: 1, by: test.rita)
        try test.registry.setAlias("challenger", model: "credit-scoring", version: 2, by: test.rita)
        #expect(try test.registry.models().first?.aliases == ["champion": 1, "challenger": 2])
        expectRegistryError(.refused, "dana may not set aliases: that needs the role admin or risk-officer, and dana holds data-scientist")
        { try test.registry.setAlias("champion", model: "credit-scoring", version: 2, by: test.dana) }
    }

    @Test("a retired version is archived, loses its aliases and deployments, and refuses changes")
    func retire() throws {
        let test = try TestRegistry()
        try test.modelWithVersion()
        try test.publishGates(environments: [("prod", "development")])
        try test.registry.deploy("credit-scoring", version: 1, environment: "prod", traffic: 100, by: test.alice)
        try test.registry.setAlias("champion", model: "credit-scoring", version: 1, by: test.alice)
        try test.registry.retire("credit-scoring", version: 1, reason: "replaced", by: test.rita)
        let info = try test.registry.version("credit-scoring", 1)
        #expect(info.status == "retired" && info.stage == "archived")
        #expect(info.aliases.isEmpty && info.deployments.isEmpty)
        expectRegistryError(.refused, "credit-scoring v1 is retired") {
            try test.registry.deploy("credit-scoring", version: 1, environment: "prod", traffic: 10, by: test.alice)
        }
        expectRegistryError(.refused, "retired") {
            try test.registry.retire("credit-scoring", version: 1, reason: "again", by: test.alice)
        }
    }

    @Test("history lists every entry about the model with who and when, refusals highlighted")
    func history() throws {
        let test = try TestRegistry()
        try test.modelWithVersion()
        expectRegistryError(.refused, "victor may not register model versions") {
            try test.registry.registerVersion("credit-scoring", VersionRequest(artifacts: [try test.file("x", "x")]), by: test.victor)
        }
        let items = try test.registry.history("credit-scoring")
        #expect(items.map(\.type) == [EventType.modelCreated, EventType.versionRegistered, EventType.actionRefused])
        #expect(items.map(\.actor) == ["dana", "dana", "victor"])
        #expect(items.last?.highlight == true)
    }

    @Test("rebuild recreates the projections exactly; an edited projection is caught")
    func rebuild() throws {
        let test = try TestRegistry()
        try test.modelWithVersion()
        try test.publishGates(environments: [("prod", "development")])
        try test.registry.deploy("credit-scoring", version: 1, environment: "prod", traffic: 40, by: test.alice)
        let ledger = test.registry.ledger
        #expect(try ledger.projectionMismatches().isEmpty)
        let dump = {
            try ledger.read { db in
                try RegistrySchema.tables.map { try Row.fetchAll(db, sql: "SELECT * FROM \($0.name) ORDER BY \($0.orderBy)") }
            }
        }
        let before = try dump()
        try ledger.rebuildProjections()
        #expect(try dump() == before)
        try ledger.write { writer in try writer.db.execute(sql: "UPDATE reg_versions SET stage = 'production'") }
        let problems = try ledger.projectionMismatches()
        #expect(problems.count == 1)
        #expect(problems.first?.detail.contains("reg_versions") == true)
        try ledger.rebuildProjections()
        #expect(try ledger.projectionMismatches().isEmpty)
    }

    @Test("git working trees give the code reference, dirty trees are marked")
    func gitProbe() throws {
        let test = try TestRegistry()
        let repo = test.folder.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        func git(_ args: String...) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", repo.path, "-c", "user.email=t@example.com", "-c", "user.name=t"] + args
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        }
        try git("init", "-q")
        let artifact = repo.appendingPathComponent("model.bin")
        try Data("m".utf8).write(to: artifact)
        try git("add", ".")
        try git("commit", "-qm", "m")
        let clean = try #require(GitProbe.codeReference(around: artifact))
        #expect(clean.commit.count == 40 && clean.dirty == false)
        try Data("changed".utf8).write(to: artifact)
        #expect(GitProbe.codeReference(around: artifact)?.dirty == true)
        #expect(try GitProbe.parse("https://git.example/x@abc").commit == "abc")
        expectRegistryError(.badInput, "--code 'no-commit': expected REPOSITORY@COMMIT") { try GitProbe.parse("no-commit") }
    }
}
