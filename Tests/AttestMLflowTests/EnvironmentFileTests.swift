import AttestRegistry
import Foundation
import Testing

/// `attest model register --environment FILE`: environments without MLflow.
@Suite("Environment files")
struct EnvironmentFileTests {
    static let files: [(name: String, text: String, source: String, packages: [String], python: String?)] = [
        (
            "requirements.txt", "# pinned\nscikit-learn==1.9.1\n\n--index-url https://pypi.org/simple\npandas>=2  # data\n", "requirements",
            ["pandas>=2", "scikit-learn==1.9.1"], nil
        ),
        ("freeze.txt", "numpy==2.4.6\nscipy==1.16.0\n", "requirements", ["numpy==2.4.6", "scipy==1.16.0"], nil),
        (
            "environment.yml",
            "name: credit\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.11\n  - numpy=2.4\n  - pip:\n    - mlflow==3.17.2\n",
            "conda", ["mlflow==3.17.2", "numpy=2.4", "python=3.11"], "3.11"
        ),
        (
            "uv.lock",
            "version = 1\nrequires-python = \">=3.11\"\n\n[[package]]\nname = \"numpy\"\nversion = \"2.4.6\"\nsource = { registry = \"https://pypi.org/simple\" }\n\n[[package]]\nname = \"pandas\"\nversion = \"3.1.1\"\n",
            "uv.lock", ["numpy==2.4.6", "pandas==3.1.1"], ">=3.11"
        ),
    ]

    @Test("each format records its packages, the file's digest and text", arguments: 0..<4)
    func formats(_ index: Int) throws {
        let file = Self.files[index]
        let box = try Sandbox.world()
        #expect(box.run("model", "create", "env", "--owner", "dana", "--purpose", "p", "--risk-tier", "low", "--as", "dana").code == 0)
        try box.write("model.bin", "weights")
        try box.write(file.name, file.text)
        let registered = box.run(
            "model", "register", "env", "--artifact", "model.bin", "--code", "https://g.example/r@abc", "--environment", file.name, "--as",
            "dana")
        #expect(registered.code == 0, "\(registered.err)")
        let registry = try Registry.open(at: box.folder.appendingPathComponent("attest.ledger").path, readOnly: true)
        let environment = try #require(try registry.version("env", 1).registration.environment)
        #expect(environment.source == file.source)
        #expect(environment.packages == file.packages)
        #expect(environment.python == file.python)
        let digest = try FileDigester.record(for: box.folder.appendingPathComponent(file.name)).digest
        #expect(environment.files == [EnvironmentFile(name: file.name, digest: digest, contents: file.text)])
    }

    @Test("a line that is no requirement is refused naming file and line; nothing is recorded")
    func badLine() throws {
        let box = try Sandbox.world()
        #expect(box.run("model", "create", "env", "--owner", "dana", "--purpose", "p", "--risk-tier", "low", "--as", "dana").code == 0)
        try box.write("model.bin", "weights")
        try box.write("requirements.txt", "numpy==2.4.6\n>=1.0\n")
        let before = try box.entryCount
        let refused = box.run(
            "model", "register", "env", "--artifact", "model.bin", "--code", "https://g.example/r@abc", "--environment", "requirements.txt",
            "--as", "dana")
        #expect(refused.code == 2)
        #expect(refused.err.contains("requirements.txt:2: '>=1.0' is not a requirement"), "\(refused.err)")
        #expect(try box.entryCount == before)
    }
}
