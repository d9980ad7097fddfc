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
        /// A short name for citations (`SR 26-2`); the id when absent.
        public var short: String?
        /// The first day the framework applies (`YYYY-MM-DD`, UTC), when dated.
        public var from: String?
        /// The last day it applies (inclusive), when superseded.
        public var until: String?
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
        /// The first day it applies, when later than its framework's (`YYYY-MM-DD`).
        public var from: String?
        /// What the date depends on, when it is not settled law (e.g. an amendment not yet in
        /// the Official Journal).
        public var dateNote: String?
    }

    /// The evidence keys the report computes (docs/reports.md lists what each means).
    public static let knownEvidence: Set<String> = [
        "log.signed_entries", "log.checkpoint", "log.inclusion_proofs", "model.inventory", "model.scoping", "roles.recorded",
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
            if let bad = [framework.from, framework.until].compactMap({ $0 }).first(where: { !Self.isDay($0) }) {
                throw ReportError(.badTemplate, "\(source): \(framework.id): date '\(bad)' must be YYYY-MM-DD")
            }
            if let from = framework.from, let until = framework.until, from > until {
                throw ReportError(.badTemplate, "\(source): \(framework.id): from \(from) is after until \(until)")
            }
            for requirement in framework.requirements {
                for key in requirement.evidence where !Self.knownEvidence.contains(key) {
                    throw ReportError(
                        .badTemplate,
                        "\(source): \(framework.id) \(requirement.ref): unknown evidence key '\(key)'; known keys: \(Self.knownEvidence.sorted().joined(separator: ", "))"
                    )
                }
                if let bad = [requirement.from].compactMap({ $0 }).first(where: { !Self.isDay($0) }) {
                    throw ReportError(
                        .badTemplate, "\(source): \(framework.id) \(requirement.ref): from '\(bad)' must be a date YYYY-MM-DD")
                }
                if let mode = requirement.mode, mode != "all" && mode != "any" {
                    throw ReportError(.badTemplate, "\(source): \(framework.id) \(requirement.ref): mode '\(mode)' must be all or any")
                }
            }
        }
    }

    /// Whether `text` is a day `YYYY-MM-DD`.
    static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.map(\.count) == [4, 2, 2] && parts.allSatisfy { $0.allSatisfy(\.isASCII) && Int($0) != nil }
    }

    /// Whether a span `from...until` (either open) holds `day`; days compare as text.
    static func holds(from: String?, until: String?, _ day: String) -> Bool {
        (from.map { $0 <= day } ?? true) && (until.map { day <= $0 } ?? true)
    }

    /// The requirements in force on `day` (`YYYY-MM-DD`), by framework, in the mapping's order.
    /// - Parameter day: the day, e.g. the first ten characters of an entry's ISO 8601 UTC time.
    /// - Returns: one citation per framework in force that day with at least one requirement.
    public func inForce(on day: String) -> [RegulationCitation] {
        frameworks.compactMap { framework in
            guard Self.holds(from: framework.from, until: framework.until, day) else { return nil }
            let refs = framework.requirements.filter { Self.holds(from: $0.from, until: nil, day) }.map(\.ref)
            return refs.isEmpty
                ? nil : RegulationCitation(framework: framework.id, name: framework.short ?? framework.id, requirements: refs)
        }
    }

    /// Applies the mapping to the evidence found, marking which frameworks apply on `day`.
    func apply(_ found: [String: RegulatoryEvidence], day: String) -> [RegulatoryFramework] {
        frameworks.map { framework in
            RegulatoryFramework(
                id: framework.id, name: framework.name, note: framework.note, from: framework.from, until: framework.until,
                inForce: Self.holds(from: framework.from, until: framework.until, day),
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
                        ref: requirement.ref, title: requirement.title, from: requirement.from, dateNote: requirement.dateNote,
                        status: status, evidence: present, missing: missing)
                })
        }
    }
}
