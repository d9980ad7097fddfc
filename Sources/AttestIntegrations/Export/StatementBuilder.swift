import AttestLedger
import AttestPolicy
import AttestRegistry
import Foundation

/// Builds the in-toto statements of one model version's evaluations and decisions
/// (docs/attestations.md).
struct StatementBuilder {
    let origin: String
    let model: String
    let version: Int
    let subjects: [ResourceDescriptor]

    var resourceURI: String { "attest://\(origin)/models/\(model)/versions/\(version)" }

    /// A `promotion.decided` entry as a SLSA Verification Summary.
    func verificationSummary(_ entry: Entry, _ decided: PromotionDecided) -> Statement {
        let passed = decided.result != "deny"
        let policy = ResourceDescriptor.attestDigest(
            decided.policySet.hash, uri: "attest://\(origin)/policy-sets/\(decided.policySet.entry)")
        var predicate: [String: JSONValue] = [
            // `verifier.version` is optional in the VSA and unknown to in-toto-attestation 0.9.3's
            // message, whose strict parse would fail on it; the engine version is in the cited entry.
            "verifier": .object(["id": .string(PredicateTypes.verifierID)]),
            "timeVerified": .string(decided.time),
            "resourceUri": .string(resourceURI),
            "inputAttestations": .array([EntryCitation(origin: origin, entry: entry).reference]),
            "verificationResult": .string(passed ? "PASSED" : "FAILED"),
            "verifiedLevels": .array([.string(passed ? "ATTEST_STAGE_\(Self.levelName(decided.to))" : "FAILED")]),
        ]
        if let policy { predicate["policy"] = policy.json }
        return Statement(subjects: subjects, predicateType: PredicateTypes.verificationSummary, predicate: .object(predicate))
    }

    /// A decision's rule outcomes (the gates) as an in-toto test result.
    func testResult(_ entry: Entry, _ decided: PromotionDecided) -> Statement {
        var passed: [JSONValue] = []
        var warned: [JSONValue] = []
        var failed: [JSONValue] = []
        for outcome in decided.decision.outcomes {
            let name = JSONValue.string("\(outcome.policy)/\(outcome.ruleID)")
            switch outcome.status {
            case .pass: passed.append(name)
            case .overridden, .advisoryFail: warned.append(name)
            case .fail, .error: failed.append(name)
            }
        }
        let result = !failed.isEmpty ? "FAILED" : (!warned.isEmpty ? "WARNED" : "PASSED")
        var configuration = [EntryCitation(origin: origin, entry: entry).descriptor.json]
        if let policy = ResourceDescriptor.attestDigest(
            decided.policySet.hash, name: "policy set", uri: "attest://\(origin)/policy-sets/\(decided.policySet.entry)")
        {
            configuration.append(policy.json)
        }
        let predicate: JSONValue = .object([
            "result": .string(result), "configuration": .array(configuration), "passedTests": .array(passed),
            "warnedTests": .array(warned), "failedTests": .array(failed),
        ])
        return Statement(subjects: subjects, predicateType: PredicateTypes.testResult, predicate: predicate)
    }

    /// An `evaluation.recorded` entry as Attest's evaluation predicate.
    func evaluation(_ entry: Entry) -> Statement? {
        guard let payload = JSONValue(parsing: entry.payload), let data = payload["data"], let report = payload["report"] else {
            return nil
        }
        let predicate: JSONValue = .object([
            "entry": EntryCitation(origin: origin, entry: entry).json,
            "model": .string(model), "version": .integer(Int64(version)),
            "datasetRole": payload["datasetRole"] ?? .null, "lineageRole": payload["lineageRole"] ?? .null,
            "data": data, "attestVersion": payload["attestVersion"] ?? .null, "report": report,
        ])
        return Statement(subjects: subjects, predicateType: PredicateTypes.evaluation, predicate: predicate)
    }

    /// `production` → `PRODUCTION`; anything outside `[A-Za-z0-9]` becomes `_`.
    static func levelName(_ stage: String) -> String {
        String(stage.uppercased().unicodeScalars.map { ("A"..."Z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "_" })
    }
}
