import ArgumentParser
import AttestLedger
import AttestPolicy
import AttestRegistry
import Foundation

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Lint, test, publish and explain the promotion policies.",
        discussion:
            "Only the policy set published in the ledger governs promotions: a local edit changes nothing until 'attest policy publish'. See docs/policy.md and docs/governance.md.",
        subcommands: [Check.self, Test.self, Publish.self, Approve.self, Show.self, History.self, Diff.self, Explain.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Load a policy directory and report the first error as FILE:LINE:COLUMN (exit 2).")
        @Argument(help: "The policy directory.") var directory = "policies"
        @Flag(name: .long, help: "Print machine-readable JSON.") var json = false

        func run() throws {
            let set = try PolicyFiles.load(directory)
            let rules = set.policies.reduce(0) { $0 + $1.rules.count }
            let hash = PolicySetHash.hash(set.files)
            if json {
                return try JSONOutput.print(
                    [
                        "ok": true, "files": set.files.map(\.path), "policies": set.policies.map(\.name), "rules": rules, "hash": hash,
                    ] as [String: Any])
            }
            Console.current.out("OK: \(set.files.count) files, \(set.policies.count) policies, \(rules) rules; set hash \(hash)")
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run the policy tests under DIR/tests (facts in, expected outcome per rule); exit 1 when a case fails.")
        @Argument(help: "The policy directory.") var directory = "policies"
        @Flag(name: .long, help: "Also list the cases that pass.") var verbose = false
        @Flag(name: .long, help: "Print machine-readable JSON.") var json = false

        func run() throws {
            let console = Console.current
            let set = try PolicyFiles.load(directory)
            let testsURL = console.url(directory).appendingPathComponent("tests")
            let cases: [PolicyTestCase]
            do { cases = try PolicyTestLoader.load(directory: testsURL) } catch let error as PolicyError {
                // The loader names files relative to DIR already ("tests/FILE.yaml").
                throw PolicyFiles.failure(error, directory: directory)
            }
            let results = PolicyTestRunner.run(set: set, cases: cases)
            let summary = PolicyTestSummary(results)
            if json {
                try JSONOutput.print(
                    TestOutput(
                        passed: summary.passed, failed: summary.failed,
                        cases: results.map {
                            TestOutput.Case(
                                name: $0.name, location: PolicyFiles.shown($0.location, directory: directory), passed: $0.passed,
                                mismatches: $0.mismatches)
                        }))
            } else {
                for result in results where verbose || !result.passed {
                    console.out(
                        "\(result.passed ? "PASS" : "FAIL")  \(result.name)  (\(PolicyFiles.shown(result.location, directory: directory)))")
                    for mismatch in result.mismatches { console.out("      \(mismatch)") }
                }
                console.out(summary.description)
            }
            if results.isEmpty { throw CommandFailure.refused("no policy test cases under \(testsURL.path)") }
            if summary.failed > 0 {
                throw CommandFailure.refused("\(summary.failed) policy test case\(summary.failed == 1 ? "" : "s") failed")
            }
        }

        struct TestOutput: Encodable {
            struct Case: Encodable {
                let name: String
                let location: String
                let passed: Bool
                let mismatches: [String]
            }
            let passed: Int
            let failed: Int
            let cases: [Case]
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract:
                "Show how a promotion would be decided now: every rule with pass/fail, observed value, bound and entries used. Records nothing.",
            discussion:
                "The requester is --as (or $ATTEST_ACTOR): their roles and the four-eyes exclusions are those of a real request. --policies DIR tries a local, unpublished set instead of the published one."
        )
        @OptionGroup var options: LedgerOptions
        @OptionGroup var identity: IdentityOptions
        @OptionGroup var remote: RemoteOptions
        @Argument var name: String
        @Argument var version: Int
        @Option(name: .long, help: "The target stage.") var to: String
        @Option(name: .long, help: "A rule to override (repeatable), as with promote.") var override: [String] = []
        @Option(name: .long, help: "The override's justification.") var justification: String?
        @Option(name: .long, help: "Evaluate a local policy directory instead of the published set.") var policies: String?

        func run() throws {
            let snapshot = try remote.snapshot(identity)  // --server: a private copy of the served ledger
            defer { snapshot?.remove() }
            let registry = try snapshot.map { try Registry.open(at: $0.path, readOnly: true) } ?? options.openRegistry(readOnly: true)
            let stage = try AttestPolicy.Stage(parsing: to)
            let local = try policies.map { try PolicyFiles.load($0) }
            // The requester is the acting identity (`--as`), who also reads through `--server`.
            let who = (identity.actor ?? Console.current.environment["ATTEST_ACTOR"].flatMap { $0.isEmpty ? nil : $0 })
                .map(\.precomposedStringWithCanonicalMapping)
            let overrideRequest = try PromotionText.overrideRequest(rules: override, justification: justification)
            let explanation = try registry.explain(
                name, version: version, to: stage, requester: who, override: overrideRequest, policies: local)
            if options.json {
                try JSONOutput.print(
                    ExplainOutput(
                        policySet: explanation.policySet, local: policies, facts: explanation.facts, inputs: explanation.inputs,
                        decision: explanation.decision))
                return try Self.requireAllowed(explanation.decision, name: name, version: version, stage: stage)
            }
            let source =
                explanation.policySet.map { "published policy set \($0.hash) (entry \($0.entry))" }
                ?? "LOCAL policy directory \(policies ?? "") (not published: promotions ignore it)"
            Console.current.out(
                "Explaining \(name) v\(version) \(explanation.decision.fromStage) -> \(stage.rawValue) for \(who ?? "(nobody)") under the \(source); nothing is recorded"
            )
            PromotionText.print(explanation.decision)
            Console.current.out(WitnessedPromotion.line(explanation.timeBasis))
            try Self.requireAllowed(explanation.decision, name: name, version: version, stage: stage)
        }

        /// Exit 1 when the explained decision is a denial, so that CI can use `policy explain` as a gate.
        static func requireAllowed(_ decision: Decision, name: String, version: Int, stage: AttestPolicy.Stage) throws {
            guard decision.result == .deny else { return }
            throw CommandFailure.refused(
                "\(name) v\(version) would be denied promotion to \(stage.rawValue) (explained only; nothing was recorded)")
        }

        struct ExplainOutput: Encodable {
            let policySet: PolicySetReference?
            let local: String?
            let facts: PromotionFacts
            let inputs: [UInt64]
            let decision: Decision
        }
    }
}

/// Loading a policy directory for the CLI, with errors as `DIR/FILE:LINE:COLUMN: error: ...` (exit 2).
enum PolicyFiles {
    static func load(_ directory: String) throws -> PolicySet {
        do {
            return try PolicySetLoader.load(directory: Console.current.url(directory))
        } catch let error as PolicyError {
            throw failure(error, directory: directory)
        }
    }

    static func failure(_ error: PolicyError, directory: String) -> CommandFailure {
        var located = error
        located.location = place(located.location, directory: directory)
        return CommandFailure.badInput(located.description)
    }

    /// A location relative to the policy directory, as a path from the working directory.
    static func place(_ location: SourceLocation, directory: String) -> SourceLocation {
        var placed = location
        if !placed.path.hasPrefix("/") {
            placed.path = (directory.hasSuffix("/") ? directory : directory + "/") + placed.path
        }
        return placed
    }

    /// `place` as text.
    static func shown(_ location: SourceLocation, directory: String) -> String {
        place(location, directory: directory).description
    }
}
