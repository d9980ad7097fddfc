internal import Foundation

extension Decision {
    private static let fields = CanonicalReader.Fields([
        "cited_seqs", "from_stage", "model", "outcomes", "overrides", "policies", "reasons", "requester", "result", "time",
        "to_stage", "version",
    ])

    /// Reads a decision as ``init(from:)`` decodes it, from the registry's compact JSON (see
    /// ``CanonicalReader``, which declines what it does not read).
    /// - Throws: ``CanonicalReader/Declined`` when the value is outside the reader's subset.
    public init(reading reader: inout CanonicalReader) throws {
        var (citedSeqs, fromStage, model, outcomes, overrides): ([EntrySeq], Stage?, String, [RuleOutcome], [OverrideReview]) =
            ([], nil, "", [], [])
        var (policies, reasons, requester, result, time, toStage, version):
            ([String], [String], String, DecisionResult?, Date?, Stage?, Int) =
                ([], [], "", nil, nil, nil, 0)
        try reader.object(Self.fields) { reader, field in
            switch field {
            case 0: citedSeqs = try reader.array { try $0.uint64() }
            case 1: fromStage = Stage(rawValue: try reader.string())
            case 2: model = try reader.string()
            case 3: outcomes = try reader.array { try RuleOutcome(reading: &$0) }
            case 4: overrides = try reader.array { try OverrideReview(reading: &$0) }
            case 5: policies = try reader.array { try $0.string() }
            case 6: reasons = try reader.array { try $0.string() }
            case 7: requester = try reader.string()
            case 8: result = try reader.value(DecisionResult.self)
            case 9: time = try reader.time()
            case 10: toStage = Stage(rawValue: try reader.string())
            default: version = try reader.int()
            }
        }
        guard let fromStage, let toStage, let result, let time else { throw CanonicalReader.Declined() }
        self.init(
            result: result, model: model, version: version, fromStage: fromStage, toStage: toStage, requester: requester, time: time,
            policies: policies, outcomes: outcomes, overrides: overrides, reasons: reasons, citedSeqs: citedSeqs)
    }
}

extension RuleOutcome {
    private static let fields = CanonicalReader.Fields(
        ["cited_seqs", "enforcement", "kind", "message", "policy", "rule_id", "status"],
        optional: ["approvals", "bound", "observed", "override", "underlying_status"])

    /// Reads an outcome as its synthesized `init(from:)` decodes it (see ``CanonicalReader``).
    /// - Throws: ``CanonicalReader/Declined`` when the value is outside the reader's subset.
    public init(reading reader: inout CanonicalReader) throws {
        var (citedSeqs, enforcement, kind, message, policy, ruleID, status):
            ([EntrySeq], Enforcement?, RuleKind?, String, String, String, RuleStatus?) =
                ([], nil, nil, "", "", "", nil)
        var (approvals, bound, observed, applied, underlying): (ApprovalTally?, String?, ObservedValue?, AppliedOverride?, RuleStatus?) =
            (nil, nil, nil, nil, nil)
        try reader.object(Self.fields) { reader, field in
            switch field {
            case 0: citedSeqs = try reader.array { try $0.uint64() }
            case 1: enforcement = try reader.value(Enforcement.self)
            case 2: kind = try reader.value(RuleKind.self)
            case 3: message = try reader.string()
            case 4: policy = try reader.string()
            case 5: ruleID = try reader.string()
            case 6: status = try reader.value(RuleStatus.self)
            case 7: approvals = try ApprovalTally(reading: &reader)
            case 8: bound = try reader.string()
            case 9: observed = reader.atString ? .text(try reader.string()) : .number(try reader.double())
            case 10: applied = try AppliedOverride(reading: &reader)
            default: underlying = try reader.value(RuleStatus.self)
            }
        }
        guard let enforcement, let kind, let status else { throw CanonicalReader.Declined() }
        self.init(
            ruleID: ruleID, policy: policy, kind: kind, enforcement: enforcement, status: status, underlyingStatus: underlying,
            observed: observed, bound: bound, message: message, citedSeqs: citedSeqs, approvals: approvals, override: applied)
    }
}

extension ApprovalTally {
    private static let fields = CanonicalReader.Fields(["blocking_rejections", "counted", "required", "set_aside"])
    private static let reference = CanonicalReader.Fields(["actor", "roles", "seq", "time"])
    private static let setAsideFields = CanonicalReader.Fields(["actor", "detail", "reason", "seq"])

    /// Reads a tally as its synthesized `init(from:)` decodes it (see ``CanonicalReader``).
    /// - Throws: ``CanonicalReader/Declined`` when the value is outside the reader's subset.
    public init(reading reader: inout CanonicalReader) throws {
        var (blocking, counted, required, setAside): ([ReviewReference], [ReviewReference], Int, [SetAsideApproval]) = ([], [], 0, [])
        try reader.object(Self.fields) { reader, field in
            switch field {
            case 0: blocking = try reader.array(Self.reviewReference)
            case 1: counted = try reader.array(Self.reviewReference)
            case 2: required = try reader.int()
            default: setAside = try reader.array(Self.setAsideApproval)
            }
        }
        self.init(required: required, counted: counted, setAside: setAside, blockingRejections: blocking)
    }

    private static func reviewReference(_ reader: inout CanonicalReader) throws -> ReviewReference {
        var (actor, roles, seq, time): (String, [String], EntrySeq, Date?) = ("", [], 0, nil)
        try reader.object(reference) { reader, field in
            switch field {
            case 0: actor = try reader.string()
            case 1: roles = try reader.array { try $0.string() }
            case 2: seq = try reader.uint64()
            default: time = try reader.time()
            }
        }
        guard let time else { throw CanonicalReader.Declined() }
        return ReviewReference(actor: actor, roles: roles, seq: seq, time: time)
    }

    private static func setAsideApproval(_ reader: inout CanonicalReader) throws -> SetAsideApproval {
        var (actor, detail, reason, seq): (String, String, SetAsideReason?, EntrySeq) = ("", "", nil, 0)
        try reader.object(setAsideFields) { reader, field in
            switch field {
            case 0: actor = try reader.string()
            case 1: detail = try reader.string()
            case 2: reason = try reader.value(SetAsideReason.self)
            default: seq = try reader.uint64()
            }
        }
        guard let reason else { throw CanonicalReader.Declined() }
        return SetAsideApproval(actor: actor, seq: seq, reason: reason, detail: detail)
    }
}

extension OverrideReview {
    private static let fields = CanonicalReader.Fields(["applied", "blocking", "message", "rule_id"], optional: ["problem"])

    /// Reads an override review as its synthesized `init(from:)` decodes it (see ``CanonicalReader``).
    /// - Throws: ``CanonicalReader/Declined`` when the value is outside the reader's subset.
    public init(reading reader: inout CanonicalReader) throws {
        var (applied, blocking, message, ruleID, problem): (Bool, Bool, String, String, OverrideProblem?) = (false, false, "", "", nil)
        try reader.object(Self.fields) { reader, field in
            switch field {
            case 0: applied = try reader.bool()
            case 1: blocking = try reader.bool()
            case 2: message = try reader.string()
            case 3: ruleID = try reader.string()
            default: problem = try reader.value(OverrideProblem.self)
            }
        }
        self.init(ruleID: ruleID, applied: applied, problem: problem, blocking: blocking, message: message)
    }
}

extension AppliedOverride {
    private static let fields = CanonicalReader.Fields(["justification", "requester", "roles"])

    /// Reads an applied override as its synthesized `init(from:)` decodes it (see ``CanonicalReader``).
    /// - Throws: ``CanonicalReader/Declined`` when the value is outside the reader's subset.
    public init(reading reader: inout CanonicalReader) throws {
        var (justification, requester, roles): (String, String, [String]) = ("", "", [])
        try reader.object(Self.fields) { reader, field in
            switch field {
            case 0: justification = try reader.string()
            case 1: requester = try reader.string()
            default: roles = try reader.array { try $0.string() }
            }
        }
        self.init(requester: requester, roles: roles, justification: justification)
    }
}
