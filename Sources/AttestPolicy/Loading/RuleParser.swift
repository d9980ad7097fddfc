import Foundation
internal import Yams

/// Parses one rule mapping of a policy file.
struct RuleParser {
    let stages: [Stage]

    /// Keys every rule may have.
    static let commonKeys = ["id", "kind", "description", "enforcement", "override_roles"]

    /// Keys each kind adds.
    static let kindKeys: [RuleKind: [String]] = [
        .stageTransition: ["from"],
        .requiredApprovals: ["count", "roles", "exclude", "max_age", "stale_on_monitoring"],
        .metricThreshold: ["metric", "dataset_role", "op", "value", "scope", "sensitive", "insufficient_groups"],
        .fairnessThreshold: [
            "metric", "method", "agg", "sensitive", "op", "value", "min_group_size", "use_interval", "dataset_role",
        ],
        .requiredEvidence: ["documents", "datasets", "code_commit", "evaluation_on_test_dataset"],
        .driftThreshold: ["metric", "column", "op", "value", "reference_role"],
        .cooldown: ["min_duration"],
        .requiredSignature: ["identity", "root"],
        .requiredEnvironment: ["packages", "forbidden", "pinned", "python"],
    ]

    /// Parses a rule.
    /// - Throws: ``PolicyError`` for any malformed or missing part.
    func parse(_ node: Node, path: String, index: Int) throws -> Rule {
        let anonymous = try MappingReader(node, path: path, what: "rule #\(index + 1)")
        let id = try anonymous.requiredString("id")
        if id.contains(where: { $0.isWhitespace }) {
            throw PolicyError(
                .invalidValue, at: anonymous.location(anonymous.value("id")!),
                "rule id '\(id)' must not contain spaces")
        }
        let r = try MappingReader(node, path: path, what: "rule '\(id)'")
        guard r.value("kind") != nil else {
            throw r.missing("kind", hint: "; one of " + RuleKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let kind = try r.choice("kind", RuleKind.self, code: .unknownKind, noun: "rule kind")!
        try r.rejectUnknownKeys(Self.commonKeys + Self.kindKeys[kind, default: []])

        let enforcement = try r.choice("enforcement", Enforcement.self) ?? .hardMandatory
        let overrideRoles = try r.stringList("override_roles") ?? []
        if enforcement == .softMandatory, overrideRoles.isEmpty {
            throw PolicyError(
                .missingKey, at: r.location,
                "rule '\(id)' is soft_mandatory and needs 'override_roles': the roles that may override it")
        }
        if enforcement != .softMandatory, let key = r.keyNode("override_roles") {
            throw PolicyError(
                .invalidValue, at: r.location(key),
                "'override_roles' applies only to soft_mandatory rules; rule '\(id)' is \(enforcement.rawValue)")
        }
        let parameters: RuleParameters
        switch kind {
        case .stageTransition: parameters = .stageTransition(try stageTransition(r))
        case .requiredApprovals: parameters = .requiredApprovals(try approvals(r))
        case .metricThreshold: parameters = .metricThreshold(try metric(r))
        case .fairnessThreshold: parameters = .fairnessThreshold(try fairness(r))
        case .requiredEvidence: parameters = .requiredEvidence(try evidence(r))
        case .driftThreshold: parameters = .driftThreshold(try drift(r))
        case .cooldown:
            guard let duration = try r.duration("min_duration") else { throw r.missing("min_duration") }
            parameters = .cooldown(CooldownParameters(minDuration: duration))
        case .requiredSignature: parameters = .requiredSignature(try signature(r))
        case .requiredEnvironment: parameters = .requiredEnvironment(try environment(r))
        }
        return Rule(
            id: id, parameters: parameters, enforcement: enforcement, overrideRoles: overrideRoles,
            description: try r.string("description"), location: r.location)
    }

    /// Reads a `required_signature` rule: a key identity (`sha256:<hex>`) alone, or a certificate
    /// subject with the root it must chain to (`root: sha256:<hex>` of the root's DER), since a
    /// subject alone can be put in a certificate by anyone who makes their own root.
    func signature(_ r: MappingReader) throws -> RequiredSignatureParameters {
        let identity = try r.requiredString("identity")
        let root = try r.string("root")
        let isKey = identity.hasPrefix("sha256:")
        if isKey, !RequiredSignatureParameters.isDigest(identity) {
            throw PolicyError(
                .invalidValue, at: r.location(r.value("identity")!),
                "'identity' in \(r.what) must be sha256: and 64 lowercase hex digits (the SHA-256 of the key's PEM) or a certificate subject"
            )
        }
        if isKey, root != nil {
            throw PolicyError(
                .invalidValue, at: r.location(r.keyNode("root")!),
                "'root' in \(r.what) applies to a certificate subject; \(identity) names a public key, which needs no root")
        }
        if !isKey {
            guard let root else {
                throw r.missing(
                    "root",
                    hint:
                        ": a certificate subject is an identity only under the root it chains to; give root: sha256:<hex>, the SHA-256 of the root certificate's DER"
                )
            }
            guard RequiredSignatureParameters.isDigest(root) else {
                throw PolicyError(
                    .invalidValue, at: r.location(r.value("root")!),
                    "'root' in \(r.what) must be sha256: and 64 lowercase hex digits (the SHA-256 of the root certificate's DER)")
            }
        }
        return RequiredSignatureParameters(identity: identity, root: root)
    }

    /// Reads a list of stage names, each of which must be a known stage.
    func stageList(_ r: MappingReader, _ key: String) throws -> [Stage]? {
        guard let names = try r.stringList(key) else { return nil }
        let items = r.value(key)!.sequence.map(Array.init) ?? [r.value(key)!]
        for (name, item) in zip(names, items) where !stages.contains(Stage(name)) {
            throw PolicyError(
                .invalidValue, at: r.location(item), "unknown stage '\(name)' in \(r.what)",
                validChoices: stages.map(\.rawValue))
        }
        return names.map { Stage(rawValue: $0) }
    }

    private func stageTransition(_ r: MappingReader) throws -> StageTransitionParameters {
        guard let from = try stageList(r, "from") else { throw r.missing("from") }
        guard !from.isEmpty else {
            throw PolicyError(.invalidValue, at: r.location(r.value("from")!), "'from' must list at least one stage")
        }
        return StageTransitionParameters(from: from)
    }

    private func approvals(_ r: MappingReader) throws -> RequiredApprovalsParameters {
        guard let count = try r.int("count") else { throw r.missing("count") }
        guard count >= 1 else {
            throw PolicyError(.invalidValue, at: r.location(r.value("count")!), "'count' must be at least 1")
        }
        guard let roles = try r.stringList("roles") else { throw r.missing("roles") }
        guard !roles.isEmpty else {
            throw PolicyError(.invalidValue, at: r.location(r.value("roles")!), "'roles' must list at least one role")
        }
        return RequiredApprovalsParameters(
            count: count, roles: roles, exclude: try r.choiceList("exclude", ApprovalExclusion.self) ?? [],
            maxAge: try r.duration("max_age"), staleOnMonitoring: try r.bool("stale_on_monitoring") ?? false)
    }

    /// Reads `op` and `value` (both required unless a default is given).
    private func bound(_ r: MappingReader, default fallback: Bound? = nil) throws -> Bound {
        let op = try r.choice("op", ComparisonOperator.self, noun: "operator")
        let value = try r.double("value")
        switch (op, value, fallback) {
        case (let op?, let value?, _): return Bound(op, value)
        case (nil, nil, let fallback?): return fallback
        case (nil, _, _): throw r.missing("op", hint: "; one of >=, >, <=, <")
        case (_, nil, _): throw r.missing("value")
        }
    }

    private func metric(_ r: MappingReader) throws -> MetricThresholdParameters {
        guard r.value("metric") != nil else { throw r.missing("metric") }
        let metric = try r.choice("metric", PerformanceMetric.self, code: .unknownMetric, noun: "metric")!
        let scope = try r.choice("scope", MetricScope.self) ?? .overall
        if scope == .overall {
            for key in ["sensitive", "insufficient_groups"] {
                if let node = r.keyNode(key) {
                    throw PolicyError(
                        .invalidValue, at: r.location(node),
                        "'\(key)' applies only with scope: every_group")
                }
            }
        }
        return MetricThresholdParameters(
            metric: metric, datasetRole: try r.string("dataset_role") ?? "test", bound: try bound(r), scope: scope,
            sensitive: try r.stringList("sensitive"),
            insufficientGroups: try r.choice("insufficient_groups", InsufficientGroupHandling.self) ?? .fail)
    }

    private func fairness(_ r: MappingReader) throws -> FairnessThresholdParameters {
        guard r.value("metric") != nil else { throw r.missing("metric") }
        let metric = try r.choice("metric", FairnessMetric.self, code: .unknownMetric, noun: "fairness metric")!
        guard let sensitive = try r.stringList("sensitive") else { throw r.missing("sensitive") }
        guard !sensitive.isEmpty else {
            throw PolicyError(
                .invalidValue, at: r.location(r.value("sensitive")!),
                "'sensitive' must name at least one column")
        }
        let aggregation = try r.choice("agg", DisparityAggregation.self, noun: "aggregation")
        if aggregation != nil, !metric.takesAggregation {
            throw PolicyError(
                .invalidValue, at: r.location(r.keyNode("agg")!),
                "'agg' applies only to equalized_odds_difference and equalized_odds_ratio")
        }
        if metric == .fourFifths, let node = r.keyNode("method") {
            throw PolicyError(
                .invalidValue, at: r.location(node),
                "'method' does not apply to four_fifths (always the lowest over the highest selection rate)")
        }
        let minimum = try r.int("min_group_size")
        if let minimum, minimum < 1 {
            throw PolicyError(
                .invalidValue, at: r.location(r.value("min_group_size")!),
                "'min_group_size' must be at least 1")
        }
        let fallback: Bound? = metric == .fourFifths ? Bound(.greaterOrEqual, 0.8) : nil
        return FairnessThresholdParameters(
            metric: metric, method: try r.choice("method", DisparityMethod.self) ?? .betweenGroups,
            aggregation: aggregation, sensitive: sensitive, bound: try bound(r, default: fallback),
            minGroupSize: minimum, useInterval: try r.bool("use_interval") ?? false,
            datasetRole: try r.string("dataset_role") ?? "test")
    }

    private func evidence(_ r: MappingReader) throws -> RequiredEvidenceParameters {
        let parameters = RequiredEvidenceParameters(
            documents: try r.stringList("documents") ?? [], datasets: try r.stringList("datasets") ?? [],
            codeCommit: try r.bool("code_commit") ?? false,
            evaluationOnTestDataset: try r.bool("evaluation_on_test_dataset") ?? false)
        if parameters == RequiredEvidenceParameters() {
            throw PolicyError(
                .missingKey, at: r.location,
                "\(r.what) requires nothing; give documents, datasets, code_commit or evaluation_on_test_dataset")
        }
        return parameters
    }

    private func drift(_ r: MappingReader) throws -> DriftThresholdParameters {
        guard r.value("metric") != nil else { throw r.missing("metric") }
        let metric = try r.choice("metric", DriftMetric.self, code: .unknownMetric, noun: "drift metric")!
        let bound = try bound(r)
        if metric.isPValue != bound.op.higherIsBetter {
            let valid = metric.isPValue ? [">=", ">"] : ["<=", "<"]
            throw PolicyError(
                .invalidValue, at: r.location(r.value("op")!),
                metric.isPValue
                    ? "\(metric.rawValue) is a p-value: drift shows as a small p-value, so bound it from below"
                    : "\(metric.rawValue) grows with drift, so bound it from above", validChoices: valid)
        }
        return DriftThresholdParameters(
            metric: metric, column: try r.string("column"), bound: bound, referenceRole: try r.string("reference_role") ?? "train")
    }
}

extension RuleParser {
    /// `required_environment`: `packages` (`NAME` or `NAME==VERSION`), `forbidden` (names),
    /// `pinned`, `python` (a version range); at least one of them.
    func environment(_ r: MappingReader) throws -> RequiredEnvironmentParameters {
        let packages = try r.stringList("packages") ?? []
        for (index, line) in packages.enumerated() {
            let node = r.value("packages")?.sequence.map(Array.init)?[index] ?? r.value("packages")!
            guard let requirement = PackageRequirement(line),
                line.trimmingCharacters(in: .whitespaces).allSatisfy({ !"<>!~;@[ ".contains($0) }),
                !line.contains("=") || requirement.pin != nil, !line.contains("===")
            else {
                throw PolicyError(.invalidValue, at: r.location(node), "required package '\(line)' must be NAME or NAME==VERSION")
            }
        }
        let forbidden = try r.stringList("forbidden") ?? []
        for (index, name) in forbidden.enumerated()
        where PackageRequirement(name)?.pin != nil || PackageRequirement(name) == nil || name.contains("=") {
            let node = r.value("forbidden")?.sequence.map(Array.init)?[index] ?? r.value("forbidden")!
            throw PolicyError(.invalidValue, at: r.location(node), "forbidden package '\(name)' must be a package name")
        }
        var python: VersionRange?
        if let text = try r.string("python") {
            guard let range = VersionRange(text) else {
                throw PolicyError(
                    .invalidValue, at: r.location(r.value("python")!),
                    "'python' must be a version range such as '>=3.10,<3.13' (clauses >=, >, <=, <, ==, != and ==X.*), not '\(text)'")
            }
            python = range
        }
        let parameters = RequiredEnvironmentParameters(
            packages: packages, forbidden: forbidden, pinned: try r.bool("pinned") ?? false, python: python)
        if parameters == RequiredEnvironmentParameters() {
            throw PolicyError(.missingKey, at: r.location, "\(r.what) requires nothing; give packages, forbidden, pinned or python")
        }
        return parameters
    }
}
