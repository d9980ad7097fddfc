import AttestLedger
import AttestMetrics
import AttestPolicy
import AttestRegistry
import Foundation

/// Typed views of entry payloads: the known structs where they decode, generic JSON otherwise.
enum PayloadViews {
    static func decode<T: Decodable>(_ type: T.Type, _ payload: [UInt8]) -> T? {
        try? JSONDecoder().decode(type, from: Data(payload))
    }

    static func file(_ file: EvidenceFile) -> FileRef { FileRef(name: file.name, digest: file.digest, size: file.size, role: nil) }

    static func metric(_ name: String, _ value: AttestMetrics.MetricValue?, _ interval: AttestMetrics.ConfidenceInterval?) -> MetricRow {
        MetricRow(
            name: name, value: value?.value, undefined: value?.undefinedReason, lower: interval?.lower.value,
            upper: interval?.upper.value)
    }

    /// An evaluation entry.
    static func evaluation(_ entry: Entry, actor: String) -> EvaluationItem {
        let time = ISOTime.string(micros: entry.timeMicros)
        guard let event = decode(EvaluationRecorded.self, entry.payload) else {
            let json = JSONValue(parsing: entry.payload)
            return EvaluationItem(
                entry: entry.sequence, time: time, actor: actor, version: json?["version"]?.integer, datasetRole: nil,
                data: nil, lineageRole: nil, task: nil, evaluatedRows: nil, droppedRows: nil, overall: [], groupings: [],
                bootstrap: nil, payload: json)
        }
        let report = event.report
        let overall = report.overall.keys.sorted().map { metric($0, report.overall[$0], report.overallIntervals?[$0]) }
        let groupings = report.groupings.map { grouping -> GroupingTable in
            let names = Self.groupMetricNames(grouping, task: report.task)
            return GroupingTable(
                columns: grouping.columns, isIntersection: grouping.isIntersection, metricNames: names,
                groups: grouping.groups.map { group in
                    GroupRow(
                        label: group.label, count: group.count, insufficient: group.insufficient,
                        metrics: names.map { metric($0, group.metrics[$0], group.intervals?[$0]) })
                },
                disparities: grouping.disparities.map {
                    DisparityRow(
                        name: $0.name, method: $0.method, aggregation: $0.aggregation, value: metric($0.name, $0.value, $0.interval))
                },
                fourFifths: grouping.fourFifths.map {
                    FourFifthsRow(
                        lowestGroup: $0.lowestGroup, highestGroup: $0.highestGroup, ratio: $0.ratio.value, passes: $0.passes,
                        threshold: $0.threshold)
                })
        }
        return EvaluationItem(
            entry: entry.sequence, time: time, actor: actor, version: event.version, datasetRole: event.datasetRole,
            data: file(event.data), lineageRole: event.lineageRole, task: report.task.rawValue, evaluatedRows: report.evaluatedRows,
            droppedRows: report.droppedRows, overall: overall, groupings: groupings,
            bootstrap: report.bootstrap.map { "\($0.replicates) replicates, seed \($0.seed), level \($0.confidenceLevel)" },
            payload: nil, curves: report.curves,
            curvesMissing: report.task == .binaryClassification && report.curves == nil ? Self.curvesNotRecorded : nil)
    }

    /// What a report says of a classification evaluation recorded before curves were stored.
    static let curvesNotRecorded = "not recorded (this evaluation was recorded before Attest stored curve points)"

    /// The per-group metrics worth a column: the fairness-relevant ones first, those present only.
    static func groupMetricNames(_ grouping: GroupingReport, task: EvaluationSpec.Task) -> [String] {
        let preferred =
            task.rawValue == "regression"
            ? ["mean_absolute_error", "root_mean_squared_error", "r2"]
            : ["selection_rate", "accuracy", "recall", "false_positive_rate", "precision", "roc_auc"]
        let present = Set(grouping.groups.flatMap { $0.metrics.keys })
        let names = preferred.filter(present.contains)
        return names.isEmpty ? Array(present.sorted().prefix(5)) : names
    }

    /// A monitoring entry.
    static func monitoring(_ entry: Entry, actor: String) -> MonitoringItem {
        let time = ISOTime.string(micros: entry.timeMicros)
        guard let event = decode(MonitoringRecorded.self, entry.payload) else {
            let json = JSONValue(parsing: entry.payload)
            return MonitoringItem(
                entry: entry.sequence, time: time, actor: actor, version: json?["version"]?.integer, reference: nil, current: nil,
                columns: [], payload: json)
        }
        return MonitoringItem(
            entry: entry.sequence, time: time, actor: actor, version: event.version, reference: file(event.reference),
            current: file(event.current),
            columns: event.report.columns.map { column in
                DriftRow(
                    name: column.name, kind: column.kind.rawValue, psi: column.statistics["psi"]?.value, band: column.band?.rawValue,
                    pValue: (column.statistics["ks_pvalue"] ?? column.statistics["chi2_pvalue"])?.value,
                    jsDistance: column.statistics["js_distance"]?.value,
                    bins: column.bins.map { DriftBinRow(label: $0.label, reference: $0.referenceCount, current: $0.currentCount) })
            },
            payload: nil)
    }

    /// An evidence entry.
    static func evidence(_ entry: Entry, actor: String) -> EvidenceItem {
        let time = ISOTime.string(micros: entry.timeMicros)
        if let event = decode(EvidenceAttached.self, entry.payload) {
            var item = EvidenceItem(
                entry: entry.sequence, time: time, actor: actor, version: event.version, kind: event.kind, file: file(event.file),
                stored: event.content != nil)
            let name = event.file.name.lowercased()
            let markdown = event.mediaType == "text/markdown" || name.hasSuffix(".md") || name.hasSuffix(".markdown")
            let plain = event.mediaType?.hasPrefix("text/plain") == true || name.hasSuffix(".txt")
            if markdown || plain, let content = event.content, let bytes = Data(base64Encoded: content),
                let text = String(data: bytes, encoding: .utf8)
            {
                item.text = text
                item.format = markdown ? "markdown" : "text"
            }
            return item
        }
        let json = JSONValue(parsing: entry.payload)
        return EvidenceItem(
            entry: entry.sequence, time: time, actor: actor, version: json?["version"]?.integer,
            kind: json?["kind"]?.text ?? "document", file: nil, stored: json?["content"] != nil)
    }

    /// A review entry (approval, rejection, withdrawal), read generically.
    static func review(_ entry: Entry, actor: String, roles: [String]) -> ReviewItem {
        let json = JSONValue(parsing: entry.payload)
        return ReviewItem(
            entry: entry.sequence, time: ISOTime.string(micros: entry.timeMicros), actor: actor, roles: roles, type: entry.type,
            version: json?["version"]?.integer,
            stage: json?.first("stage", "toStage", "to_stage", "targetStage", "target_stage", "to")?.text,
            comment: json?.first("comment", "note", "reason", "justification")?.text,
            expires: json?.first("expires", "expiresAt", "expires_at")?.text, payload: json)
    }

    /// A decision entry: the engine's `Decision` where it decodes (at the top level or under
    /// `decision`), generic JSON otherwise.
    static func decision(_ entry: Entry, actor: String, roles: [String], policies: [PolicyItem]) -> DecisionItem {
        let time = ISOTime.string(micros: entry.timeMicros)
        if let event = decode(PromotionDecided.self, entry.payload) {
            let decision = event.decision
            return DecisionItem(
                entry: entry.sequence, time: time, actor: actor, roles: roles, version: event.version,
                fromStage: event.request.fromStage, toStage: event.request.toStage, result: event.result,
                policySetHash: event.policySet.hash, policyEntry: event.policySet.entry, policies: decision.policies,
                rules: decision.outcomes.map(rule), reasons: decision.reasons,
                justification: event.request.justification ?? decision.outcomes.compactMap { $0.override?.justification }.first,
                citedEntries: Array(Set(decision.citedSeqs + event.inputs + [event.policySet.entry])).sorted(), payload: nil)
        }
        let json = JSONValue(parsing: entry.payload)
        let nested = json?["decision"].flatMap { try? JSONEncoder().encode($0) }.map { [UInt8]($0) }
        let decision = decode(Decision.self, entry.payload) ?? nested.flatMap { decode(Decision.self, $0) }
        let hash =
            (json?.first("policySetHash", "policy_set_hash", "policyHash", "policy_hash", "policySet", "policy_set")
            ?? json?["decision"]?.first("policySetHash", "policy_set_hash"))?.text
        var policyEntry = json?.first(
            "policySetEntry", "policy_set_entry", "policyEntry", "policy_entry", "policySetSeq", "policy_set_seq")?.integer
            .map(UInt64.init)
        if policyEntry == nil, let hash { policyEntry = policies.last(where: { $0.hash == hash && $0.entry < entry.sequence })?.entry }
        let justification =
            json?.first("justification", "overrideJustification", "override_justification")?.text
            ?? decision?.outcomes.compactMap { $0.override?.justification }.first
        guard let decision else {
            return DecisionItem(
                entry: entry.sequence, time: time, actor: actor, roles: roles, version: json?["version"]?.integer,
                fromStage: json?.first("fromStage", "from_stage", "from")?.text, toStage: json?.first("toStage", "to_stage", "to")?.text,
                result: json?["result"]?.text ?? "unknown", policySetHash: hash, policyEntry: policyEntry, policies: [], rules: [],
                reasons: [], justification: justification, citedEntries: json?.citedEntries ?? [], payload: json)
        }
        return DecisionItem(
            entry: entry.sequence, time: time, actor: actor, roles: roles, version: decision.version,
            fromStage: decision.fromStage.rawValue, toStage: decision.toStage.rawValue, result: decision.result.rawValue,
            policySetHash: hash, policyEntry: policyEntry, policies: decision.policies,
            rules: decision.outcomes.map(rule), reasons: decision.reasons, justification: justification,
            citedEntries: decision.citedSeqs, payload: nil)
    }

    static func rule(_ outcome: RuleOutcome) -> RuleRow {
        RuleRow(
            ruleID: outcome.ruleID, policy: outcome.policy, kind: outcome.kind.rawValue, enforcement: outcome.enforcement.rawValue,
            status: outcome.status.rawValue, observed: outcome.observed?.description, bound: outcome.bound, message: outcome.message,
            citedEntries: outcome.citedSeqs, approvalsRequired: outcome.approvals?.required,
            approvalsCounted: outcome.approvals?.counted.map { ApprovalRef(actor: $0.actor, roles: $0.roles, entry: $0.seq) } ?? [],
            approvalsSetAside: outcome.approvals?.setAside.map {
                SetAsideRef(actor: $0.actor, entry: $0.seq, reason: $0.reason.rawValue, detail: $0.detail)
            } ?? [],
            override: outcome.override.map { "\($0.requester) (\($0.roles.joined(separator: ", "))): \($0.justification)" })
    }

    /// A `policy.published` entry, read generically: its hash and its files with their digests.
    static func policy(_ entry: Entry, actor: String) -> PolicyItem {
        let json = JSONValue(parsing: entry.payload)
        let hash = json?.first("hash", "setHash", "set_hash", "policySetHash", "policy_set_hash", "digest")?.text
        let files = (json?["files"]?.arrayValue ?? []).compactMap { file -> NameValue? in
            guard let path = file["path"]?.text else { return nil }
            if let digest = file.first("digest", "sha256", "hash")?.text { return NameValue(name: path, value: digest) }
            if let base64 = file.first("bytes", "content")?.text, let data = Data(base64Encoded: base64) {
                return NameValue(name: path, value: "sha256:" + SHA256.hash([UInt8](data)).hex)
            }
            return NameValue(name: path, value: "")
        }
        return PolicyItem(entry: entry.sequence, time: ISOTime.string(micros: entry.timeMicros), actor: actor, hash: hash, files: files)
    }

    /// A one-line summary of any entry.
    static func summary(_ entry: Entry) -> String {
        let json = JSONValue(parsing: entry.payload)
        let version = json?["version"]?.integer.map { "v\($0) " } ?? ""
        switch EntryKind(type: entry.type) {
        case .evaluation:
            let role = json?["datasetRole"]?.text ?? json?["dataset_role"]?.text ?? "?"
            let file = json?["data"]?["name"]?.text.map { " (\($0))" } ?? ""
            return "\(version)evaluated on \(role) data\(file)"
        case .monitoring:
            return "\(version)drift monitored\(json?["current"]?["name"]?.text.map { " (\($0))" } ?? "")"
        case .evidence:
            return
                "\(version)evidence attached: \(json?["kind"]?.text ?? "document")\(json?["file"]?["name"]?.text.map { " (\($0))" } ?? "")"
        case .decision:
            let from =
                json?.first("fromStage", "from_stage", "from")?.text ?? json?["decision"]?.first("from_stage", "fromStage")?.text ?? "?"
            let to = json?.first("toStage", "to_stage", "to")?.text ?? json?["decision"]?.first("to_stage", "toStage")?.text ?? "?"
            let result = json?["result"]?.text ?? json?["decision"]?["result"]?.text ?? "?"
            return "\(version)promotion \(from) → \(to): \(result.uppercased())"
        case .review:
            let stage = json?.first("stage", "toStage", "to_stage", "targetStage", "target_stage", "to")?.text.map { " for \($0)" } ?? ""
            return "\(version)\(entry.type)\(stage)"
        case .policy where entry.type == EventType.policyApproved:
            return "policy set approved (publication \(json?["publication"]?.integer.map(String.init) ?? "?"))"
        case .policy:
            return "policy set published\(json?.first("hash", "setHash", "set_hash")?.text.map { " \($0.prefix(23))…" } ?? "")"
        case .refusal, .other:
            return EventSummary.line(type: entry.type, payload: entry.payload)
        }
    }

    /// `override`, `refusal`, `denied` or nil.
    static func highlight(_ entry: Entry) -> String? {
        switch EntryKind(type: entry.type) {
        case .refusal: return "refusal"
        case .decision:
            let json = JSONValue(parsing: entry.payload)
            let result = json?["result"]?.text ?? json?["decision"]?["result"]?.text
            if result == "allow_with_override" { return "override" }
            if result == "deny" { return "denied" }
            return nil
        default: return nil
        }
    }
}
