import AttestCLI
import AttestLedger
import AttestMetrics
import Foundation
import Testing

/// A folder with a keystore (alice, admin, unencrypted), a ledger, and model `credit` v1 whose
/// `test` dataset is `test.csv`; runs `attest` in-process with captured output.
struct EvaluateCLIWorld {
    let folder: URL
    let environment: [String: String]

    init(rows: Int = 1000) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-eval-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let home = folder.appendingPathComponent("home")
        environment = ["ATTEST_HOME": home.path]
        try Keystore(home: home).generate(name: "alice", passphrase: nil)
        try SyntheticEvaluationData.writeCSV(to: folder.appendingPathComponent("test.csv").path, rows: rows, seed: 42)
        try Data("weights".utf8).write(to: folder.appendingPathComponent("model.bin"))
        for arguments in [
            ["init", "--origin", "test.example/cli", "--admin", "alice", "--unencrypted-log-key"],
            ["model", "create", "credit", "--owner", "alice", "--purpose", "credit decisions", "--risk-tier", "high", "--as", "alice"],
            [
                "model", "register", "credit", "--artifact", "model.bin", "--dataset", "test=test.csv", "--code", "git.example/credit@abc",
                "--as", "alice",
            ],
        ] {
            let result = run(arguments)
            guard result.code == 0 else {
                throw CommandFailure("setup '\(arguments.joined(separator: " "))' failed: \(result.err)", exitCode: result.code)
            }
        }
    }

    /// Runs `attest ARGUMENTS` in the folder.
    func run(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
        let console = Console(capturing: true, environment: environment, workingDirectory: folder.path)
        let code = Console.$current.withValue(console) { AttestCommand.run(arguments: arguments) }
        return (code, console.capturedOut, console.capturedErr)
    }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    func size() throws -> UInt64 {
        try Ledger.open(at: folder.appendingPathComponent("attest.ledger").path, readOnly: true).size()
    }

    static let evaluate = [
        "evaluate", "credit", "1", "--data", "test.csv", "--label", "label", "--prediction", "prediction", "--score", "score",
        "--sensitive", "sex", "--sensitive", "age_band", "--as", "alice",
    ]
}

@Suite("attest evaluate and attest monitor")
struct EvaluateCommandTests {
    @Test("evaluate records and prints the tables")
    func evaluatePrintsTables() throws {
        let world = try EvaluateCLIWorld()
        let before = try world.size()
        let result = world.run(EvaluateCLIWorld.evaluate)
        #expect(result.code == 0, "\(result.err)")
        #expect(result.err.isEmpty)
        // The evaluation, then dana's signed in-toto statement restating it (attestation.signed).
        #expect(try world.size() == before + 2)
        #expect(result.out.contains("Evaluation of credit v1 on test.csv (dataset role test)"))
        #expect(result.out.contains("recorded   entry \(before) (evaluation.recorded)"))
        #expect(result.out.contains("the file is the 'test' dataset"))
        #expect(result.out.contains("Groups by sex × age_band (intersection)"))
        #expect(result.out.contains("equalized_odds_difference (worst_case)"))
        #expect(result.out.contains("four-fifths rule (29 CFR 1607.4(D)): lowest selection rate"))
        // The fixed-seed data gives one exact verdict per grouping.
        #expect(
            result.out.contains(
                "four-fifths rule (29 CFR 1607.4(D)): lowest selection rate F 0.4577 / highest M 0.5377 = 0.8511 >= 0.8000: PASS"))
        #expect(
            result.out.contains(
                "four-fifths rule (29 CFR 1607.4(D)): lowest selection rate 18-29 0.4357 / highest 60+ 0.5519 = 0.7895 < 0.8000: FAIL"))
        #expect(
            result.out.contains(
                "four-fifths rule (29 CFR 1607.4(D)): lowest selection rate F, 18-29 0.4252 / highest M, 60+ 0.6233 = 0.6822 < 0.8000: FAIL"
            ))
    }

    @Test("--json prints the recorded payload")
    func evaluateJSON() throws {
        let world = try EvaluateCLIWorld()
        let result = world.run(EvaluateCLIWorld.evaluate + ["--json"])
        #expect(result.code == 0, "\(result.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        #expect(object["model"] as? String == "credit")
        #expect(object["lineageRole"] as? String == "test")
        #expect((object["data"] as? [String: Any])?["digest"] as? String != nil)
        #expect((object["report"] as? [String: Any])?["evaluatedRows"] as? Int == 1000)
    }

    @Test("--dry-run prints without writing and needs no key")
    func dryRun() throws {
        let world = try EvaluateCLIWorld()
        let before = try world.size()
        let arguments = EvaluateCLIWorld.evaluate.filter { $0 != "--as" && $0 != "alice" } + ["--dry-run"]
        let result = world.run(arguments)
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("dry run    nothing recorded"))
        #expect(try world.size() == before)
    }

    @Test("a malformed file exits 2 with file:line, row and column, and writes nothing")
    func malformedFile() throws {
        let world = try EvaluateCLIWorld()
        try world.write("bad.csv", "id,sex,age_band,label,score,prediction\n1,F,18-29,1,0.9,1\n2,M,30-44,0,zero,0\n")
        let before = try world.size()
        var arguments = EvaluateCLIWorld.evaluate
        arguments[4] = "bad.csv"
        let result = world.run(arguments)
        #expect(result.code == 2)
        #expect(result.err.contains("bad.csv:3: row 2, column 'score'"), "\(result.err)")
        #expect(result.out.isEmpty)
        #expect(try world.size() == before)
    }

    @Test("weights of 1e308 overflow the weighted sums: exit 2 naming the file, row and column; nothing written")
    func overflowingWeights() throws {
        let world = try EvaluateCLIWorld()
        try world.write("heavy.csv", "label,prediction,group,w\n1,1,a,1e308\n0,0,b,1e308\n1,0,a,1e308\n")
        let before = try world.size()
        let result = world.run([
            "evaluate", "credit", "1", "--data", "heavy.csv", "--label", "label", "--prediction", "prediction", "--sensitive", "group",
            "--weight", "w", "--as", "alice",
        ])
        #expect(result.code == 2, "\(result.err)")
        #expect(
            result.err.contains(
                "heavy.csv:3: row 2, column 'w': the sample weights overflow: their sum exceeds the largest double (about 1.8e308) at this row (weight 1e+308); scale the weights down"
            ), "\(result.err)")
        #expect(result.out.isEmpty)
        #expect(try world.size() == before)
    }

    @Test("a file outside the lineage is recorded with a warning")
    func lineageWarning() throws {
        let world = try EvaluateCLIWorld()
        try SyntheticEvaluationData.writeCSV(to: world.folder.appendingPathComponent("other.csv").path, rows: 500, seed: 1)
        var arguments = EvaluateCLIWorld.evaluate
        arguments[4] = "other.csv"
        let result = world.run(arguments)
        #expect(result.code == 0, "\(result.err)")
        #expect(result.err.contains("warning: other.csv (sha256:"))
        #expect(result.err.contains("is not a dataset in the lineage of credit v1"))
        #expect(result.out.contains("NOT a dataset in the lineage"))
    }

    @Test("undefined values read 'undefined (reason)' and small groups are marked insufficient")
    func undefinedAndInsufficient() throws {
        let world = try EvaluateCLIWorld()
        var rows = ["id,group,label,prediction"]
        for i in 0..<40 { rows.append("\(i),A,\(i % 2),\(i % 3 == 0 ? 1 : 0)") }
        for i in 40..<45 { rows.append("\(i),B,0,\(i % 2)") }
        try world.write("groups.csv", rows.joined(separator: "\n") + "\n")
        let result = world.run([
            "evaluate", "credit", "1", "--data", "groups.csv", "--label", "label", "--prediction", "prediction", "--sensitive", "group",
            "--dry-run",
        ])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("undefined ("))
        #expect(result.out.contains("insufficient (< 30 rows)"))
        let groupB = result.out.split(separator: "\n").first { $0.hasPrefix("  B ") }
        #expect(groupB?.contains("undefined [1]") == true)
        #expect(result.out.contains("[1] undefined (no positive labels (TP + FN = 0))"), "\(result.out)")
    }

    @Test("--bootstrap prints intervals and records the seed; without --seed it is a usage error")
    func bootstrap() throws {
        let world = try EvaluateCLIWorld(rows: 400)
        let result = world.run(EvaluateCLIWorld.evaluate + ["--bootstrap", "20", "--seed", "5"])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("bootstrap  20 replicates, seed 5, 95% percentile intervals"))
        #expect(result.out.contains("interval"))
        let usage = world.run(EvaluateCLIWorld.evaluate + ["--bootstrap", "20"])
        #expect(usage.code == 64)
        #expect(usage.err.contains("--bootstrap needs --seed"))
    }

    @Test("an unknown column or version exits 2; a retired version exits 1")
    func exitCodes() throws {
        let world = try EvaluateCLIWorld()
        var arguments = EvaluateCLIWorld.evaluate
        arguments[6] = "outcome"
        let unknownColumn = world.run(arguments)
        #expect(unknownColumn.code == 2)
        #expect(unknownColumn.err.contains("no column 'outcome'"))
        arguments = EvaluateCLIWorld.evaluate
        arguments[2] = "4"
        #expect(world.run(arguments).code == 2)
        #expect(world.run(["retire", "credit", "1", "--reason", "replaced", "--as", "alice"]).code == 0)
        let retired = world.run(EvaluateCLIWorld.evaluate)
        #expect(retired.code == 1)
        #expect(retired.err.contains("credit v1 is retired"), "\(retired.err)")
    }

    @Test("monitor records drift with bands")
    func monitor() throws {
        let world = try EvaluateCLIWorld()
        try SyntheticEvaluationData.writeCSV(to: world.folder.appendingPathComponent("week.csv").path, rows: 800, seed: 9)
        let before = try world.size()
        let result = world.run([
            "monitor", "credit", "1", "--reference", "test.csv", "--current", "week.csv", "--columns", "score", "sex", "--as", "alice",
        ])
        #expect(result.code == 0, "\(result.err)")
        #expect(try world.size() == before + 1)
        #expect(result.out.contains("Drift of credit v1: week.csv against the reference test.csv"))
        #expect(result.out.contains("PSI bands: below 0.1 stable"))
        let lines = result.out.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("  score") && $0.contains("numeric") })
        #expect(lines.contains { $0.hasPrefix("  sex") && $0.contains("chi2") })
        let json = world.run(["monitor", "credit", "1", "--reference", "test.csv", "--current", "week.csv", "--json", "--dry-run"])
        #expect(json.code == 0, "\(json.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect((object["current"] as? [String: Any])?["name"] as? String == "week.csv")
        #expect(try world.size() == before + 1)
    }
}
