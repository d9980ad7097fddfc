import AttestPolicy
import Foundation
import Testing

private let strict =
    "  - {id: env, kind: required_environment, packages: [scikit-learn==1.9.1, pandas], forbidden: [torch], pinned: true, python: \">=3.10,<3.13\"}"

private func facts(python: String? = "3.11.7", _ packages: [String]?) -> PromotionFacts {
    var facts = baseFacts()
    if let packages { facts.version.environment = EnvironmentFact(python: python, packages: packages, seq: 10) }
    return facts
}

@Suite("required_environment rule")
struct RequiredEnvironmentRuleTests {
    @Test("passes with the pins, nothing forbidden, everything pinned and Python in range; cites the registration")
    func passes() throws {
        let result = try outcome(strict, facts(["Pandas==2.2.3", "scikit_learn==1.9.1", "numpy==2.1.0"]))
        #expect(result.status == .pass, "\(result.message)")
        #expect(result.citedSeqs == [10])
        #expect(result.bound == "requires scikit-learn==1.9.1, pandas; forbids torch; every package pinned (==); python >=3.10,<3.13")
        #expect(result.observed?.description == "python 3.11.7, 3 packages")
    }

    @Test(
        "fails naming each problem: a wrong pin, a missing package, a forbidden one, an unpinned one, Python out of range",
        arguments: [
            (["pandas==2.2.3", "scikit-learn==1.8.0"], "3.11.7", "scikit-learn is 1.8.0, not ==1.9.1"),
            (["scikit-learn==1.9.1"], "3.11.7", "pandas missing"),
            (["pandas==2.2.3", "scikit-learn==1.9.1", "torch==2.5.0"], "3.11.7", "forbidden torch"),
            (["pandas>=2", "scikit-learn==1.9.1"], "3.11.7", "unpinned pandas>=2"),
            (["pandas", "scikit-learn==1.9.1"], "3.11.7", "unpinned pandas"),
            (["pandas==2.2.3", "scikit-learn==1.9.1"], "3.13.0", "python 3.13.0 not in >=3.10,<3.13"),
            (["pandas==2.2.3", "scikit-learn==1.9.1"], "3.9.18", "python 3.9.18 not in >=3.10,<3.13"),
        ])
    func fails(packages: [String], python: String, problem: String) throws {
        let result = try outcome(strict, facts(python: python, packages))
        #expect(result.status == .fail)
        #expect(result.message.contains(problem), "\(result.message)")
        #expect(result.observed?.description.contains(problem) == true)
    }

    @Test("a version without a recorded environment fails; an unknown Python version fails a python range")
    func noEnvironment() throws {
        let none = try outcome(strict, facts(nil))
        #expect(none.status == .fail && none.observed?.description == "none")
        let unknown = try outcome(
            "  - {id: env, kind: required_environment, python: \">=3.10\"}", facts(python: nil, ["pandas==2.2.3"]))
        #expect(unknown.status == .fail && unknown.message.contains("python version not recorded"))
    }

    @Test("ranges: ==X.* matches a release series, != excludes")
    func ranges() throws {
        let range = try #require(VersionRange("==3.11.*,!=3.11.2"))
        #expect(range.contains("3.11.7") && !range.contains("3.11.2") && !range.contains("3.12.0") && !range.contains("3.1"))
        #expect(VersionRange(">=3.10,<") == nil && VersionRange("~=3.10") == nil && VersionRange(">=3.x") == nil)
    }

    @Test(
        "bad parameters are refused at load time, naming the key",
        arguments: [
            ("{id: env, kind: required_environment}", "requires nothing"),
            ("{id: env, kind: required_environment, packages: [\"numpy>=1\"]}", "must be NAME or NAME==VERSION"),
            ("{id: env, kind: required_environment, forbidden: [torch==2]}", "must be a package name"),
            ("{id: env, kind: required_environment, python: \"3.11\"}", "'python' must be a version range"),
            ("{id: env, kind: required_environment, pinned: yes-please}", "pinned"),
        ])
    func refused(rule: String, message: String) {
        let error = policyError { _ = try loadSet(policy("  - " + rule)) }
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test("the environment is encoded only when present, so facts digests of sets without the rule do not change")
    func encodedOnlyWhenPresent() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(!String(decoding: try encoder.encode(baseFacts().version), as: UTF8.self).contains("environment"))
        let version = facts(["a==1"]).version
        #expect(try JSONDecoder().decode(VersionFacts.self, from: try encoder.encode(version)) == version)
    }
}
