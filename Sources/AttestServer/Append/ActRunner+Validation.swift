import AttestLedger
import AttestMLflow
import AttestMetrics
import AttestRegistry
import Foundation

extension ActRunner {
    /// Checks the request's fields before anything runs (bad input is not a refusal).
    /// - Throws: ``ServerError`` (`.badInput`).
    static func validate(_ act: ActRequest) throws -> ActRequest.Act {
        guard let known = ActRequest.Act(rawValue: act.act) else {
            throw ServerError(
                .badInput, "unknown act '\(act.act)'; acts: \(ActRequest.Act.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        @discardableResult
        func need<T>(_ value: T?, _ field: String) throws -> T {
            guard let value else { throw ServerError(.badInput, "the act \(act.act) needs the field '\(field)'") }
            return value
        }
        switch known {
        case .actorAdd:
            try need(act.actor, "actor")
            try need(act.key, "key")
        case .roleGrant:
            try need(act.actor, "actor")
            try need(act.role, "role")
        case .modelCreate:
            try need(act.model, "model")
            try need(act.owner, "owner")
            try need(act.purpose, "purpose")
            try need(act.riskTier, "riskTier")
            if let link = act.mlflowModel {
                try mlflow { () throws(MLflowError) in try MLflowImportCheck.check(model: act.model!, link: link) }
            }
        case .modelRegister:
            try need(act.model, "model")
            try need(act.artifacts, "artifacts")
            for file in (act.artifacts ?? []) + (act.datasets ?? []) {
                guard file.digest.hasPrefix("sha256:"), file.digest.count == 71, Digest(hex: String(file.digest.dropFirst(7))) != nil
                else { throw ServerError(.badInput, "file '\(file.name)': digest must be sha256:<64 hex digits>") }
            }
            if let environment = act.environmentRecord {
                try mlflow { () throws(MLflowError) in try MLflowImportCheck.check(environment: environment) }
            }
            if let link = act.mlflowModelVersion {
                try mlflow { () throws(MLflowError) in
                    try MLflowImportCheck.check(
                        model: act.model!, link: link, artifacts: act.artifacts!, datasets: act.datasets ?? [], framework: act.framework,
                        environment: act.environmentRecord)
                }
            }
        case .approve, .reject, .promote:
            try need(act.model, "model")
            try need(act.version, "version")
            try need(act.stage, "stage")
        case .deploy:
            try need(act.model, "model")
            try need(act.version, "version")
            try need(act.environment, "environment")
        case .aliasSet:
            try need(act.model, "model")
            try need(act.version, "version")
            try need(act.alias, "alias")
        case .evidenceAttach:
            try need(act.model, "model")
            try need(act.version, "version")
            try need(act.evidenceKind, "evidenceKind")
            try need(act.fileName, "fileName")
            try need(act.content, "content")
        case .policyPublish:
            try need(act.policyFiles, "policyFiles")
        case .policyApprove:
            break
        case .roleRevoke:
            try need(act.actor, "actor")
            try need(act.role, "role")
        case .actorDeactivate:
            try need(act.actor, "actor")
            try need(act.reason, "reason")
        case .approvalWithdraw:
            try need(act.model, "model")
            try need(act.version, "version")
            try need(act.stage, "stage")
        case .aliasRemove:
            try need(act.model, "model")
            try need(act.alias, "alias")
        case .versionDeprecate, .versionRetire:
            try need(act.model, "model")
            try need(act.version, "version")
            try need(act.reason, "reason")
        case .roleDefine:
            try need(act.role, "role")
            try need(act.description, "description")
        case .modelScope:
            try need(act.scoping, "scoping")
        case .witnessAdd:
            try need(act.key, "key")
            try need(act.url, "url")
        case .witnessRemove:
            try need(act.witness, "witness")
        case .bundleExport:
            try need(act.model, "model")
            try need(act.version, "version")
        case .mlflowAliasRevert:
            try need(act.model, "model")
            let event = try need(act.aliasReverted, "aliasReverted")
            guard event.model == act.model else {
                throw ServerError(.badInput, "aliasReverted.model '\(event.model)' is not the act's model '\(act.model!)'")
            }
            guard !event.reason.isEmpty else { throw ServerError(.badInput, "aliasReverted.reason: say why the alias was moved back") }
        case .keyRotate:
            try need(act.key, "key")
            try need(act.newKeySignature, "newKeySignature")
        case .attestationRecord:
            try need(act.model, "model")
            try need(act.version, "version")
            try need(act.entry, "entry")
            try need(act.envelopes, "envelopes")
        case .monitor:
            try need(act.model, "model")
            try need(act.version, "version")
            try need(act.fileName, "fileName")
            try need(act.content, "content")
            try need(act.referenceName, "referenceName")
            try need(act.referenceContent, "referenceContent")
            if let format = act.format, format != "csv", format != "jsonl" {
                throw ServerError(.badInput, "format '\(format.prefix(40))': expected csv or jsonl")
            }
        case .evaluate:
            try need(act.model, "model")
            try need(act.version, "version")
            try need(act.fileName, "fileName")
            try need(act.content, "content")
            try need(act.label, "label")
            try need(act.prediction, "prediction")
            if let spec = act.evaluation, spec.label != act.label || spec.prediction != act.prediction {
                throw ServerError(.badInput, "the evaluation's label and prediction columns must equal the fields 'label' and 'prediction'")
            }
            if let format = act.format, format != "csv", format != "jsonl" {
                throw ServerError(.badInput, "format '\(format.prefix(40))': expected csv or jsonl")
            }
        }
        return known
    }

    /// Runs an MLflow check, its failure as bad input.
    private static func mlflow(_ check: () throws(MLflowError) -> Void) throws {
        do { try check() } catch { throw ServerError(.badInput, error.message) }
    }
}
