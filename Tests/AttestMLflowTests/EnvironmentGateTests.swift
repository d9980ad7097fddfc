import AttestRegistry
import Foundation
import Testing

/// `attest model register --capture-environment VENV` records the Python environment by asking
/// it (the MLflow tests' venv, a real one), `required_environment` gates on it, and `attest diff`
/// and the report show it.
@Suite("Captured environments and required_environment", .serialized)
struct EnvironmentGateTests {
    static let rule =
        "{id: env, kind: required_environment, packages: [mlflow==3.17.2], forbidden: [torch], pinned: true, python: \">=3.10,<3.13\"}"

    /// The world, with staging governed by `rule`, and the model `env-gate`.
    static func world() throws -> Sandbox {
        let box = try Sandbox.world()
        try box.write(
            "policies/staging.yaml", "name: staging\napplies_to: {target_stage: staging}\nrules:\n  - \(rule)\n")
        let published = box.run("policy", "publish", "policies", "--as", "polly")
        #expect(published.code == 0, "\(published.err)")
        #expect(box.run("policy", "approve", "--as", "rita").code == 0)
        #expect(box.run("model", "create", "env-gate", "--owner", "dana", "--purpose", "p", "--risk-tier", "low", "--as", "dana").code == 0)
        try box.write("model.bin", "weights")
        return box
    }

    @Test(
        "a captured venv records Python, platform and pip freeze with its digest; the rule passes it and refuses a loose, forbidden environment"
    )
    func capturedEnvironmentIsGated() throws {
        try MLflowTools.ensureVenv()
        let box = try Self.world()
        let register = ["model", "register", "env-gate", "--artifact", "model.bin", "--code", "https://g.example/r@abc", "--as", "dana"]
        let captured = box.run(register + ["--capture-environment", MLflowTools.venv.path])
        #expect(captured.code == 0, "\(captured.err)")
        let registry = try Registry.open(at: box.folder.appendingPathComponent("attest.ledger").path, readOnly: true)
        let environment = try #require(try registry.version("env-gate", 1).registration.environment)
        let python = try MLflowTools.run(MLflowTools.python, ["-c", "import platform; print(platform.python_version())"], in: box.folder)
        let freeze = try MLflowTools.run(MLflowTools.python, ["-m", "pip", "freeze", "--disable-pip-version-check"], in: box.folder)
        #expect(environment.source == "captured")
        #expect(environment.python == python.out.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(environment.platform?.isEmpty == false)
        #expect(environment.packages.contains("mlflow==3.17.2"))
        try box.write("freeze.out", freeze.out)
        let digest = try FileDigester.record(for: box.folder.appendingPathComponent("freeze.out")).digest
        #expect(environment.files == [EnvironmentFile(name: "pip-freeze.txt", digest: digest, contents: freeze.out)])

        try box.write("requirements.txt", "mlflow==3.17.2\npandas>=2\ntorch==2.5.0\n")
        #expect(box.run(register + ["--environment", "requirements.txt"]).code == 0)

        let allowed = box.run("promote", "env-gate", "1", "--to", "staging", "--as", "dana")
        #expect(allowed.code == 0, "\(allowed.out)\(allowed.err)")
        #expect(allowed.out.contains("env [hard_mandatory]  observed python"), "\(allowed.out)")
        let denied = box.run("promote", "env-gate", "2", "--to", "staging", "--as", "dana")
        #expect(denied.code == 1)
        #expect(denied.out.contains("forbidden torch") && denied.out.contains("unpinned pandas>=2"), "\(denied.out)")
        #expect(denied.out.contains("bound requires mlflow==3.17.2; forbids torch; every package pinned (==); python >=3.10,<3.13"))
        #expect(box.run("verify", "--replay").code == 0)

        let diff = box.run("diff", "env-gate", "1", "2", "--json")
        #expect(diff.code == 0, "\(diff.err)")
        let object = try JSONSerialization.jsonObject(with: Data(diff.out.utf8)) as? [String: Any]
        let changes = (object?["environment"] as? [[String: Any]] ?? []).map {
            ($0["name"] as? String ?? "", $0["change"] as? String ?? "")
        }
        #expect(changes.contains { $0 == ("package torch", "added") }, "\(changes)")
        #expect(changes.contains { $0 == ("package pandas", "changed") }, "\(changes)")
        #expect(changes.contains { $0.0 == "environment" && $0.1 == "changed" })
        #expect(!changes.contains { $0.0 == "package mlflow" }, "unchanged packages are left out")

        let report = box.run("report", "env-gate", "--format", "markdown")
        #expect(report.code == 0, "\(report.err)")
        #expect(report.out.contains("Environment (captured, Python \(environment.python ?? "")"), "\(report.out)")
        #expect(report.out.contains("pip-freeze.txt `\(digest)`"))
    }

    @Test("a path that is no environment is refused naming it (exit 2); nothing is recorded")
    func badPath() throws {
        let box = try Self.world()
        let before = try box.entryCount
        let refused = box.run(
            "model", "register", "env-gate", "--artifact", "model.bin", "--code", "https://g.example/r@abc", "--capture-environment",
            "no-such-venv", "--as", "dana")
        #expect(refused.code == 2, "\(refused.err)")
        #expect(refused.err.contains("no-such-venv"), "\(refused.err)")
        #expect(try box.entryCount == before)
    }
}
