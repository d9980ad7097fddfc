import Foundation

/// The regulatory mapping, read from `reports/regulatory-mapping.json`: which kinds of evidence
/// answer which requirement. Data, not code, so that compliance can extend it.
public struct RegulatoryMapping: Codable, Sendable, Equatable {
    /// `attest.dev/regulatory-mapping@v1`.
    public var schema: String
    /// What each evidence key means, in words.
    public var evidence: [String: String]
    /// The frameworks, in the order the report shows them.
    public var frameworks: [Framework]

    /// One framework.
    public struct Framework: Codable, Sendable, Equatable {
        /// Short id.
        public var id: String
        /// Name.
        public var name: String
        /// A note shown under the name.
        public var note: String?
        /// The requirements.
        public var requirements: [Requirement]
    }

    /// One requirement.
    public struct Requirement: Codable, Sendable, Equatable {
        /// The citation.
        public var ref: String
        /// The title.
        public var title: String
        /// Evidence keys that answer it.
        public var evidence: [String]
        /// `all` (every key needed; some give "partly evidenced") or `any` (one suffices).
        public var mode: String?
    }

    /// The evidence keys the report computes (docs/reports.md lists what each means).
    public static let knownEvidence: Set<String> = [
        "log.signed_entries", "log.checkpoint", "log.inclusion_proofs", "model.inventory", "roles.recorded",
        "lineage.artifacts", "lineage.datasets", "lineage.code", "evaluations.performance", "evaluations.fairness",
        "monitoring.drift", "reviews.approvals", "reviews.independent", "decisions.recorded", "decisions.rule_by_rule",
        "policies.published", "evidence.documents", "evidence.model_card", "refusals.logged", "overrides.justified",
    ]

    /// Parses the mapping and checks every evidence key is one the report computes.
    /// - Parameters:
    ///   - data: the JSON bytes.
    ///   - source: the file name, for messages.
    /// - Throws: `ReportError` (`.badTemplate`) naming the file and the problem.
    public init(json data: Data, source: String) throws {
        do {
            self = try JSONDecoder().decode(RegulatoryMapping.self, from: data)
        } catch let error as DecodingError {
            throw ReportError(.badTemplate, "\(source): not a regulatory mapping: \(ReportError.describe(error))")
        }
        for framework in frameworks {
            for requirement in framework.requirements {
                for key in requirement.evidence where !Self.knownEvidence.contains(key) {
                    throw ReportError(
                        .badTemplate,
                        "\(source): \(framework.id) \(requirement.ref): unknown evidence key '\(key)'; known keys: \(Self.knownEvidence.sorted().joined(separator: ", "))"
                    )
                }
                if let mode = requirement.mode, mode != "all" && mode != "any" {
                    throw ReportError(.badTemplate, "\(source): \(framework.id) \(requirement.ref): mode '\(mode)' must be all or any")
                }
            }
        }
    }

    /// Applies the mapping to the evidence found.
    func apply(_ found: [String: RegulatoryEvidence]) -> [RegulatoryFramework] {
        frameworks.map { framework in
            RegulatoryFramework(
                id: framework.id, name: framework.name, note: framework.note,
                requirements: framework.requirements.map { requirement in
                    let present = requirement.evidence.compactMap { found[$0] }
                    let missing = requirement.evidence.filter { found[$0] == nil }.map { evidence[$0] ?? $0 }
                    let status: String
                    if present.isEmpty {
                        status = "not evidenced"
                    } else if missing.isEmpty || requirement.mode == "any" {
                        status = "evidenced"
                    } else {
                        status = "partly evidenced"
                    }
                    return RegulatoryRequirement(
                        ref: requirement.ref, title: requirement.title, status: status, evidence: present, missing: missing)
                })
        }
    }
}
