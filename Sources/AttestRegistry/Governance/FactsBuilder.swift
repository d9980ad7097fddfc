import AttestLedger
import AttestMetrics
import AttestPolicy
import Foundation
import GRDB

/// Builds the ``PromotionFacts`` of a promotion from the ledger **as it stood before entry
/// `asOf`**: every query filters on `seq < asOf`, so the same call made later (by replay) sees
/// exactly what the decision saw.
///
/// Sources: `reg_models`, `reg_versions`, `reg_files` (immutable after registration),
/// `reg_stage_history` (the stage as of the entry), `reg_role_grants` (roles held at each
/// review's entry), `gov_reviews` (withdrawals count only when before `asOf`), `gov_inputs`
/// (evidence, evaluations and monitoring, whose payloads are decoded from the log).
struct FactsBuilder {
    /// What the engine reads, and every entry it was built from.
    struct Built {
        var facts: PromotionFacts
        var inputs: [UInt64]
    }

    /// Decoded evaluation and monitoring entries, kept across builds (replay reads the same
    /// entries for many decisions). Not shared across threads.
    final class Cache {
        var evaluations: [Int64: EvaluationFact] = [:]
        var monitoring: [Int64: MonitoringFact] = [:]
        var sets: [Int64: PolicySet] = [:]
        var publications: [Int64: PolicyInForce.Publication] = [:]
        var standing: StandingIndex?
        /// Stored checkpoints with their cosignature timestamps, per witness list (``WitnessedClock``).
        var witnessings: [Int64: [(size: UInt64, timestamps: [UInt64])]] = [:]

        func standingIndex(_ db: Database) throws -> StandingIndex {
            if let standing { return standing }
            let loaded = try StandingIndex.load(db)
            standing = loaded
            return loaded
        }

        func policySet(seq: Int64, _ db: Database) throws -> PolicySet {
            if let set = sets[seq] { return set }
            let set = try Registry.loadPublishedSet(seq: seq, db)
            sets[seq] = set
            return set
        }
    }

    let db: Database
    let asOf: Int64
    let cache: Cache

    /// The facts of promoting `model` v`version` to `target` at `time` for `requester`, in the
    /// shape `semantics` reads: from engine 2 on, each review carries the standing its author
    /// lost after signing (engine-1 facts omit it, so their digest is what was recorded). With a
    /// witnessed `clock` (engine 3, a witness list recorded), "now" and every entry's time are
    /// witnessed times, not the writers' clocks.
    func build(
        model: String, version: Int, target: AttestPolicy.Stage, requester: String, time: Date, override: OverrideRequest?,
        semantics: EngineSemantics = .current, clock: WitnessedClock? = nil
    ) throws -> Built {
        func when(_ seq: Int64, _ micros: Int64) -> Date { clock?.time(of: UInt64(seq)) ?? Self.date(micros) }
        var inputs: Set<UInt64> = []
        guard
            let modelRow = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM reg_models WHERE name = ? AND created_seq < ?"), arguments: [model, asOf])
        else { throw RegistryError(.notFound, "unknown model '\(model)' as of entry \(asOf)") }
        guard
            let versionRow = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM reg_versions WHERE model = ? AND version = ? AND registered_seq < ?"),
                arguments: [model, version, asOf])
        else { throw RegistryError(.notFound, "\(model) has no version \(version) as of entry \(asOf)") }

        let tagsText: String = modelRow["tags"]
        let tags = (try? JSONDecoder().decode([String: String].self, from: Data(tagsText.utf8))) ?? [:]
        let tierText: String = modelRow["risk_tier"]
        guard let tier = AttestPolicy.RiskTier(rawValue: tierText) else {
            throw RegistryError(.badInput, "model \(model) has risk tier '\(tierText)', unknown to the policy engine")
        }
        let modelSeq: Int64 = modelRow["created_seq"]
        inputs.insert(UInt64(modelSeq))
        let modelFacts = ModelFacts(name: model, owner: modelRow["owner"], riskTier: tier, tags: tags, seq: UInt64(modelSeq))

        let registeredSeq: Int64 = versionRow["registered_seq"]
        inputs.insert(UInt64(registeredSeq))
        var stage = AttestPolicy.Stage.development
        var stageSeq = registeredSeq
        var stageMicros: Int64 = versionRow["registered_us"]
        if let change = try Row.fetchOne(
            db.cachedStatement(
                sql:
                    "SELECT seq, to_stage, time_us FROM reg_stage_history WHERE model = ? AND version = ? AND seq < ? ORDER BY seq DESC LIMIT 1"
            ),
            arguments: [model, version, asOf])
        {
            stage = AttestPolicy.Stage(rawValue: change["to_stage"])
            stageSeq = change["seq"]
            stageMicros = change["time_us"]
        }
        inputs.insert(UInt64(stageSeq))
        let datasets = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT role, digest FROM reg_files WHERE model = ? AND version = ? AND kind = 'dataset' ORDER BY role, name, digest"),
            arguments: [model, version]
        ).map { DatasetFact(role: $0["role"] ?? "", digest: $0["digest"], seq: UInt64(registeredSeq)) }

        var evidence: [EvidenceDocument] = []
        var evaluations: [EvaluationFact] = []
        var monitoring: [MonitoringFact] = []
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT seq, type, kind, digest, time_us FROM gov_inputs WHERE model = ? AND version = ? AND seq < ? ORDER BY seq"),
            arguments: [model, version, asOf])
        {
            let seq: Int64 = row["seq"]
            inputs.insert(UInt64(seq))
            switch row["type"] as String {
            case EventType.evidenceAttached:
                let kind: String = row["kind"]
                let signed = kind == Registry.modelSignatureKind ? try signature(seq: seq) : nil
                evidence.append(
                    EvidenceDocument(
                        kind: kind, digest: row["digest"], seq: UInt64(seq), time: when(seq, row["time_us"]),
                        signer: signed?.identity, signerRoot: signed?.rootDigest))
            case EventType.evaluationRecorded:
                var fact = try evaluation(seq: seq, micros: row["time_us"])
                fact.time = when(seq, row["time_us"])
                evaluations.append(fact)
            case EventType.monitoringRecorded:
                var fact = try monitoringResult(seq: seq, micros: row["time_us"])
                fact.time = when(seq, row["time_us"])
                monitoring.append(fact)
            default:
                break
            }
        }

        var approvals: [ReviewFact] = []
        var rejections: [ReviewFact] = []
        let standing = semantics.requiresReviewerStanding ? try cache.standingIndex(db) : nil
        for row in try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT r.seq, r.verdict, r.actor, r.time_us, r.withdrawn_seq, e.signer FROM gov_reviews r
                    JOIN entries e ON e.seq = r.seq
                    WHERE r.model = ? AND r.version = ? AND r.stage = ? AND r.seq < ? ORDER BY r.seq
                    """),
            arguments: [model, version, target.rawValue, asOf])
        {
            let seq: Int64 = row["seq"]
            let actor: String = row["actor"]
            let withdrawnSeq = (row["withdrawn_seq"] as Int64?).flatMap { $0 < asOf ? UInt64($0) : nil }
            inputs.insert(UInt64(seq))
            if let withdrawnSeq { inputs.insert(withdrawnSeq) }
            let roles = try Self.roles(of: actor, at: seq, db)
            var losses: [StandingLoss] = []
            if let standing, let signer = Digest([UInt8](row["signer"] as Data)) {
                losses = standing.losses(actor: actor, signer: signer, roles: roles, signed: seq, before: asOf)
                inputs.formUnion(losses.map(\.seq))
            }
            let fact = ReviewFact(
                actor: actor, roles: roles, version: version, targetStage: target, time: when(seq, row["time_us"]),
                seq: UInt64(seq), withdrawn: withdrawnSeq != nil, withdrawnSeq: withdrawnSeq, standingLost: losses)
            if row["verdict"] as String == "approve" { approvals.append(fact) } else { rejections.append(fact) }
        }

        let versionFacts = VersionFacts(
            number: version, registrant: versionRow["registrant"], stage: stage, stageEnteredAt: when(stageSeq, stageMicros),
            stageEnteredSeq: UInt64(stageSeq), registeredSeq: UInt64(registeredSeq), datasets: datasets,
            codeCommit: versionRow["code_commit"], evidence: evidence)
        if let clock { inputs.insert(UInt64(clock.witnessList)) }
        let request = try Self.request(
            requester: requester, target: target, time: clock?.nowDate ?? time, override: override, asOf: asOf, db)
        let facts = PromotionFacts(
            model: modelFacts, version: versionFacts, request: request, approvals: approvals, rejections: rejections,
            evaluations: evaluations, monitoring: monitoring)
        return Built(facts: facts, inputs: inputs.sorted())
    }

    /// The request part of the facts of the decision in entry `asOf`: the requester with the
    /// roles they held then, the target, the time and the override asked for.
    static func request(
        requester: String, target: AttestPolicy.Stage, time: Date, override: OverrideRequest?, asOf: Int64, _ db: Database
    ) throws -> PromotionRequest {
        PromotionRequest(
            requester: requester, requesterRoles: try roles(of: requester, at: asOf, db), targetStage: target, time: time,
            seq: UInt64(asOf), override: override)
    }

    /// The roles `actor` held when entry `seq` was written (granted before it, not revoked before it).
    static func roles(of actor: String, at seq: Int64, _ db: Database) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT DISTINCT role FROM reg_role_grants WHERE actor = ? AND granted_seq < ?
                    AND (revoked_seq IS NULL OR revoked_seq >= ?) ORDER BY role
                    """), arguments: [actor, seq, seq])
    }

    static func date(_ micros: Int64) -> Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }

    // MARK: Evaluations and monitoring

    private func payload(_ seq: Int64) throws -> Data {
        guard
            let data = try Data.fetchOne(
                db.cachedStatement(sql: "SELECT payload FROM entries WHERE seq = ?"), arguments: [seq])
        else {
            throw RegistryError(.notFound, "entry \(seq) is missing; run 'attest verify'")
        }
        return data
    }

    /// The verified signer of a `model_signature` evidence entry (`signature.identity`, and for a
    /// certificate `signature.rootDigest`, written by AttestIntegrations after verifying the OMS
    /// signature), or `nil` for a document without one.
    private func signature(seq: Int64) throws -> (identity: String, rootDigest: String?)? {
        struct Signed: Decodable {
            struct Signature: Decodable {
                var identity: String
                var rootDigest: String?
            }
            var signature: Signature?
        }
        return (try? JSONDecoder().decode(Signed.self, from: try payload(seq)))?.signature.map { ($0.identity, $0.rootDigest) }
    }

    private func evaluation(seq: Int64, micros: Int64) throws -> EvaluationFact {
        if let cached = cache.evaluations[seq] { return cached }
        let recorded: GatedEvaluation
        do { recorded = try GatedEvaluation.decode(try payload(seq)) } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError(.badInput, "entry \(seq): the evaluation does not decode; run 'attest verify'")
        }
        let fact = Self.evaluationFact(recorded, seq: UInt64(seq), time: Self.date(micros))
        cache.evaluations[seq] = fact
        return fact
    }

    private func monitoringResult(seq: Int64, micros: Int64) throws -> MonitoringFact {
        if let cached = cache.monitoring[seq] { return cached }
        let recorded: MonitoringRecorded
        do { recorded = try JSONDecoder().decode(MonitoringRecorded.self, from: try payload(seq)) } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError(.badInput, "entry \(seq): the monitoring result does not decode; run 'attest verify'")
        }
        let fact = MonitoringFact(
            seq: UInt64(seq), time: Self.date(micros), referenceDigest: recorded.reference.digest, currentDigest: recorded.current.digest,
            columns: recorded.report.columns.map { AttestPolicy.ColumnDrift(column: $0.name, metrics: $0.statistics) }
        )
        cache.monitoring[seq] = fact
        return fact
    }

    /// Maps an evaluation report to the policy engine's facts: overall metrics; one partition per
    /// grouping, a group's `count` becoming its `size`; every disparity of every grouping with
    /// its bootstrap interval; the four-fifths ratio as the `four_fifths` disparity.
    static func evaluationFact(_ recorded: GatedEvaluation, seq: UInt64, time: Date) -> EvaluationFact {
        let report = recorded.report
        let level = report.bootstrap?.confidenceLevel
        var partitions: [GroupPartition] = []
        var disparities: [DisparityFact] = []
        for grouping in report.groupings {
            partitions.append(
                GroupPartition(
                    sensitive: grouping.columns,
                    groups: grouping.groups.map {
                        GroupFact(group: $0.label, size: $0.count, insufficient: $0.insufficient, metrics: $0.metrics)
                    }))
            for disparity in grouping.disparities {
                guard let metric = FairnessMetric(rawValue: disparity.name),
                    let method = DisparityMethod(rawValue: disparity.method)
                else { continue }
                disparities.append(
                    DisparityFact(
                        metric: metric, method: method, aggregation: disparity.aggregation.flatMap(DisparityAggregation.init(rawValue:)),
                        sensitive: grouping.columns, value: disparity.value, interval: interval(disparity.interval, level: level)))
            }
            if let fourFifths = grouping.fourFifths {
                disparities.append(DisparityFact(metric: .fourFifths, sensitive: grouping.columns, value: fourFifths.ratio))
            }
        }
        return EvaluationFact(
            seq: seq, time: time, datasetRole: recorded.datasetRole, dataDigest: recorded.data.digest,
            overall: report.overall, groups: partitions, disparities: disparities)
    }

    static func interval(_ interval: GatedEvaluation.Interval?, level: Double?) -> AttestPolicy.IntervalFact? {
        guard let interval, let lower = interval.lower.value, let upper = interval.upper.value else { return nil }
        return AttestPolicy.IntervalFact(lower: lower, upper: upper, level: level)
    }
}
