import AttestLedger
import AttestPolicy
import Foundation
import GRDB

/// What `registerVersion` records, before hashing.
public struct VersionRequest: Sendable {
    /// Artifact files or folders.
    public var artifacts: [URL]
    /// Datasets with their roles (`train`, `validation`, `test`, ...).
    public var datasets: [(role: String, url: URL)]
    /// `REPO@COMMIT`; when absent, the git working tree around the first artifact is used.
    public var code: CodeReference?
    /// Typed parameters.
    public var params: [String: TypedValue]
    /// Typed metrics.
    public var metrics: [String: TypedValue]
    /// The parent version.
    public var parent: Int?
    /// The framework.
    public var framework: String?
    /// A description.
    public var description: String?
    /// The software environment, when recorded.
    public var environment: EnvironmentRecord?
    /// The MLflow model version imported, when there is one.
    public var mlflow: MLflowVersionLink?

    /// Makes a request.
    public init(
        artifacts: [URL], datasets: [(role: String, url: URL)] = [], code: CodeReference? = nil, params: [String: TypedValue] = [:],
        metrics: [String: TypedValue] = [:], parent: Int? = nil, framework: String? = nil, description: String? = nil
    ) {
        self.artifacts = artifacts
        self.datasets = datasets
        self.code = code
        self.params = params
        self.metrics = metrics
        self.parent = parent
        self.framework = framework
        self.description = description
    }
}

extension Registry {
    /// Roles that may create models and register versions.
    public static let modelAuthors = [BuiltInRole.dataScientist, BuiltInRole.admin]

    /// Creates a model.
    /// - Throws: `RegistryError` (`.alreadyExists` for a duplicate name, `.notFound` for an unknown owner, `.refused`).
    public func createModel(
        _ name: String, owner: String, purpose: String, riskTier: RiskTier, tags: [String: String] = [:],
        mlflow: MLflowModelLink? = nil, by signer: Signer
    ) throws {
        try Self.validateName(name, what: "model name")
        let owner = owner.precomposedStringWithCanonicalMapping
        try perform("model.create", target: Target("model \(name)", model: nil), by: signer) { writer, acting in
            try acting.require(anyOf: Self.modelAuthors, to: "create models")
            guard try Int64.fetchOne(writer.db, sql: "SELECT 1 FROM reg_models WHERE name = ?", arguments: [name]) == nil else {
                throw RegistryError(
                    .alreadyExists, "model '\(name)' exists already; register a new version with 'attest model register \(name)'")
            }
            try Self.requireNotConfusable(name, what: "model", db: writer.db, sql: "SELECT name FROM reg_models")
            try Self.requireActiveActor(owner, writer.db)
            let event = ModelCreated(model: name, owner: owner, purpose: purpose, riskTier: riskTier, tags: tags, mlflow: mlflow)
            try writer.append(try EntryDraft(type: EventType.modelCreated, encoding: event), signer: signer)
        }
    }

    /// Registers the next version of a model: hashes its files (in parallel, outside the write
    /// lock), then records them with parameters, metrics, code reference and parent.
    /// - Returns: the new version number.
    /// - Throws: `RegistryError` (`.notFound` for an unknown model, parent or missing file, `.refused`).
    @discardableResult
    public func registerVersion(_ model: String, _ request: VersionRequest, by signer: Signer) throws -> Int {
        guard !request.artifacts.isEmpty else {
            throw RegistryError(.badInput, "a version needs at least one --artifact")
        }
        for dataset in request.datasets { try Self.validateName(dataset.role, what: "dataset role") }
        let files = try FileDigester.records(
            for: request.artifacts.map { ($0, nil) } + request.datasets.map { ($0.url, $0.role) })
        let code = request.code ?? GitProbe.codeReference(around: request.artifacts[0])
        return try registerVersion(
            model, artifacts: Array(files.prefix(request.artifacts.count)), datasets: Array(files.dropFirst(request.artifacts.count)),
            code: code, request: request, by: signer)
    }

    /// Registers the next version of a model from files hashed elsewhere (by a client of
    /// `attest serve`, whose files are on its own machine).
    /// - Parameters:
    ///   - artifacts: the artifact records (at least one).
    ///   - datasets: the dataset records, each with its role.
    ///   - code: the code reference.
    ///   - request: parameters, metrics, parent, framework and description (its URLs are not read).
    ///   - signer: a data scientist or admin.
    /// - Returns: the new version number.
    /// - Throws: `RegistryError` as ``registerVersion(_:_:by:)``.
    @discardableResult
    public func registerVersion(
        _ model: String, artifacts: [FileRecord], datasets: [FileRecord], code: CodeReference?, request: VersionRequest,
        by signer: Signer
    ) throws -> Int {
        guard !artifacts.isEmpty else { throw RegistryError(.badInput, "a version needs at least one artifact") }
        for dataset in datasets { try Self.validateName(dataset.role ?? "", what: "dataset role") }
        return try perform("model.register", target: Target("model \(model)", model: model), by: signer) { writer, acting in
            try acting.require(anyOf: Self.modelAuthors, to: "register model versions")
            try Self.requireModel(model, writer.db)
            if let link = request.mlflow { try requireImportable(model, link, writer.db) }
            let next =
                (try Int.fetchOne(writer.db, sql: "SELECT MAX(version) FROM reg_versions WHERE model = ?", arguments: [model]) ?? 0) + 1
            if let parent = request.parent {
                guard parent < next, try Self.versionRow(model, parent, writer.db) != nil else {
                    throw RegistryError(.notFound, "--parent \(parent): \(model) has no version \(parent)")
                }
            }
            let event = VersionRegistered(
                model: model, version: next, artifacts: artifacts, datasets: datasets, code: code, params: request.params,
                metrics: request.metrics, parent: request.parent, framework: request.framework, description: request.description,
                environment: request.environment, mlflow: request.mlflow)
            try writer.append(try EntryDraft(type: EventType.versionRegistered, encoding: event), signer: signer)
            return next
        }
    }

    /// Changes a version's stage: since policy-gated promotion, only through the published policy
    /// set. Kept so that existing callers compile; it is `promote` without an override, and
    /// `reason` is not recorded (the decision entry says why). Retirement keeps its own
    /// archived stage change (`retire`).
    /// - Returns: the promotion's outcome; a denial is recorded and thrown as `.refused`.
    /// - Throws: `RegistryError` as `promote`, and `.refused` when the policy denies.
    @available(
        *, deprecated, message: "stage changes go through promote(_:version:to:override:at:by:), decided by the published policy set"
    )
    @discardableResult
    public func setStage(_ model: String, version: Int, to stage: Stage, reason: String, by signer: Signer) throws -> PromotionOutcome {
        let outcome = try promote(model, version: version, to: stage, by: signer)
        guard outcome.allowed else {
            throw RegistryError(
                .refused,
                "promotion of \(model) v\(version) to \(stage.rawValue) denied by decision \(outcome.entry): \(outcome.reasons.joined(separator: "; "))"
            )
        }
        return outcome
    }

    /// Points an alias at a version (admin or risk officer). A protected alias (declared in the
    /// published policy set's `protected_aliases`) may point only at a version in production;
    /// without a published policy set no alias may be set (fail closed).
    /// - Throws: `RegistryError` (`.refused`, recorded as `action.refused`, for a missing role, a
    ///   protected alias on a version not in production, or no published policy set; `.notFound`).
    public func setAlias(_ alias: String, model: String, version: Int, by signer: Signer) throws {
        try Self.validateName(alias, what: "alias")
        try perform("model.alias", target: Target("\(model) v\(version)", model: model, version: version), by: signer) { writer, acting in
            try acting.require(anyOf: [BuiltInRole.admin, BuiltInRole.riskOfficer], to: "set aliases")
            let stage = try Self.requireLiveVersion(model, version, writer.db)
            try Self.requireNotConfusable(
                alias, what: "alias", db: writer.db, sql: "SELECT alias FROM reg_aliases WHERE model = ?", arguments: [model])
            let policy = try ServingGate.Settings().inForce(before: Int64(writer.size), writer.db)
            if let why = ServingGate.aliasViolation(alias: alias, model: model, version: version, stage: stage, policy: policy) {
                throw RegistryError(.refused, why)
            }
            try writer.append(
                try EntryDraft(type: EventType.aliasSet, encoding: AliasChange(model: model, alias: alias, version: version)),
                signer: signer)
        }
    }

    /// Removes an alias (admin or risk officer).
    public func removeAlias(_ alias: String, model: String, by signer: Signer) throws {
        try perform("model.alias", target: Target("\(model) alias \(alias)", model: model), by: signer) { writer, acting in
            try acting.require(anyOf: [BuiltInRole.admin, BuiltInRole.riskOfficer], to: "remove aliases")
            guard
                try Int64.fetchOne(writer.db, sql: "SELECT 1 FROM reg_aliases WHERE model = ? AND alias = ?", arguments: [model, alias])
                    != nil
            else {
                throw RegistryError(.notFound, "\(model) has no alias '\(alias)'")
            }
            try writer.append(
                try EntryDraft(type: EventType.aliasRemoved, encoding: AliasChange(model: model, alias: alias, version: nil)),
                signer: signer)
        }
    }

    /// Records a deployment with a traffic share; the shares of one environment never exceed 100%.
    /// A share of 0 withdraws the version from the environment and is never gated. Any other
    /// share needs an environment declared by the published policy set's `environments`, and
    /// the version in the stage that environment requires; without a published policy set
    /// nothing may be deployed (fail closed).
    /// - Throws: `RegistryError` (`.badInput` for a bad name or share; `.refused`, recorded as
    ///   `action.refused`, for a missing role, an archived version, an undeclared environment, a
    ///   version not in the required stage, no published policy set, or shares above 100%).
    public func deploy(_ model: String, version: Int, environment: String, traffic: Double, by signer: Signer) throws {
        try Self.validateName(environment, what: "environment")
        guard traffic.isFinite, traffic >= 0, traffic <= 100 else {
            throw RegistryError(.badInput, "--traffic \(traffic) must be between 0 and 100 percent")
        }
        try perform("model.deploy", target: Target("\(model) v\(version) to \(environment)", model: model, version: version), by: signer) {
            writer, acting in
            try acting.require(anyOf: [BuiltInRole.admin], to: "record deployments")
            let stage = try Self.requireLiveVersion(model, version, writer.db)
            try Self.requireNotConfusable(
                environment, what: "environment", db: writer.db, sql: "SELECT DISTINCT environment FROM reg_deployments")
            guard stage != .archived else { throw RegistryError(.refused, "\(model) v\(version) is archived and cannot be deployed") }
            let policy = try ServingGate.Settings().inForce(before: Int64(writer.size), writer.db)
            if let why = ServingGate.deploymentViolation(
                model: model, version: version, stage: stage, environment: environment, traffic: traffic, policy: policy)
            {
                throw RegistryError(.refused, why)
            }
            let others =
                try Double.fetchOne(
                    writer.db,
                    sql: "SELECT COALESCE(SUM(traffic), 0) FROM reg_deployments WHERE model = ? AND environment = ? AND version != ?",
                    arguments: [model, environment, version]) ?? 0
            guard others + traffic <= 100 + 1e-9 else {
                throw RegistryError(
                    .refused,
                    "\(environment) already routes \(others)% of \(model)'s traffic to other versions; \(traffic)% more would exceed 100%")
            }
            try writer.append(
                try EntryDraft(
                    type: EventType.deployed, encoding: Deployed(model: model, version: version, environment: environment, traffic: traffic)
                ), signer: signer)
        }
    }

    /// Marks a version deprecated (admin or risk officer).
    public func deprecate(_ model: String, version: Int, reason: String, by signer: Signer) throws {
        try perform("model.deprecate", target: Target("\(model) v\(version)", model: model, version: version), by: signer) {
            writer, acting in
            try acting.require(anyOf: [BuiltInRole.admin, BuiltInRole.riskOfficer], to: "deprecate versions")
            _ = try Self.requireLiveVersion(model, version, writer.db)
            try writer.append(
                try EntryDraft(
                    type: EventType.versionDeprecated, encoding: VersionStatusChange(model: model, version: version, reason: reason)),
                signer: signer)
        }
    }

    /// Retires a version (admin or risk officer): archived, its aliases and deployments removed,
    /// and never promoted again.
    public func retire(_ model: String, version: Int, reason: String, by signer: Signer) throws {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw RegistryError(.badInput, "--reason must not be empty") }
        try perform("model.retire", target: Target("\(model) v\(version)", model: model, version: version), by: signer) { writer, acting in
            try acting.require(anyOf: [BuiltInRole.admin, BuiltInRole.riskOfficer], to: "retire versions")
            let stage = try Self.requireLiveVersion(model, version, writer.db)
            try writer.append(
                try EntryDraft(
                    type: EventType.versionRetired, encoding: VersionStatusChange(model: model, version: version, reason: reason)),
                signer: signer)
            if stage != .archived {
                try writer.append(
                    try EntryDraft(
                        type: EventType.stageChanged,
                        encoding: StageChanged(
                            model: model, version: version, from: stage, to: .archived, reason: "retired: \(reason)", decision: nil)),
                    signer: signer)
            }
        }
    }

    static func requireModel(_ model: String, _ db: Database) throws {
        guard try Int64.fetchOne(db, sql: "SELECT 1 FROM reg_models WHERE name = ?", arguments: [model]) != nil else {
            throw RegistryError(
                .notFound, "unknown model '\(model)'; create it with 'attest model create \(model)' or see 'attest model list'")
        }
    }

    static func versionRow(_ model: String, _ version: Int, _ db: Database) throws -> Row? {
        try Row.fetchOne(db, sql: "SELECT * FROM reg_versions WHERE model = ? AND version = ?", arguments: [model, version])
    }

    /// The version's stage; refuses a retired version.
    static func requireLiveVersion(_ model: String, _ version: Int, _ db: Database) throws -> Stage {
        try requireModel(model, db)
        guard let row = try versionRow(model, version, db) else {
            let latest = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM reg_versions WHERE model = ?", arguments: [model])
            throw RegistryError(
                .notFound,
                "\(model) has no version \(version)\(latest.map { "; its versions are 1 to \($0)" } ?? "; it has no versions yet")")
        }
        guard row["status"] as String != "retired" else {
            throw RegistryError(.refused, "\(model) v\(version) is retired")
        }
        return try Stage(parsing: row["stage"])
    }
}
