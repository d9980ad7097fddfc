import AttestPolicy
import Foundation

/// Replay, the projection and the authority check decode every decision record; reading it
/// directly is most of the saving.
extension PromotionDecided: ReadableEvent {
    private static let fields = CanonicalReader.Fields(
        [
            "decision", "engine", "factsDigest", "inputs", "model", "overridden", "policySet", "request", "result", "time", "to",
            "version",
        ], optional: ["timeBasis"])
    private static let requestFields = CanonicalReader.Fields(
        ["fromStage", "requester", "requesterRoles", "toStage"], optional: ["justification", "overrideRules"])
    private static let policySetFields = CanonicalReader.Fields(["entry", "hash"])
    private static let timeBasisFields = CanonicalReader.Fields(
        ["kind"], optional: ["checkpointSize", "checkpoints", "now", "witnessList"])
    private static let checkpointFields = CanonicalReader.Fields(["size", "time"])

    /// Reads a record as its synthesized `init(from:)` decodes it (see ``CanonicalReader``).
    /// - Throws: ``CanonicalReader/Declined`` when the value is outside the reader's subset.
    init(reading reader: inout CanonicalReader) throws {
        var (decision, engine, factsDigest, inputs, model, overridden): (Decision?, String, String, [UInt64], String, [String]) =
            (nil, "", "", [], "", [])
        var (policySet, request, result, time, to, version): (PolicySetReference?, PromotionRequestRecord?, String, String, String, Int) =
            (nil, nil, "", "", "", 0)
        var timeBasis: TimeBasis?
        try reader.object(Self.fields) { reader, field in
            switch field {
            case 0: decision = try Decision(reading: &reader)
            case 1: engine = try reader.string()
            case 2: factsDigest = try reader.string()
            case 3: inputs = try reader.array { try $0.uint64() }
            case 4: model = try reader.string()
            case 5: overridden = try reader.array { try $0.string() }
            case 6: policySet = try Self.policySet(&reader)
            case 7: request = try Self.request(&reader)
            case 8: result = try reader.string()
            case 9: time = try reader.string()
            case 10: to = try reader.string()
            case 11: version = try reader.int()
            default: timeBasis = try Self.timeBasis(&reader)
            }
        }
        guard let decision, let policySet, let request else { throw CanonicalReader.Declined() }
        self.init(
            model: model, version: version, to: to, result: result, request: request, policySet: policySet, time: time, engine: engine,
            factsDigest: factsDigest, inputs: inputs, overridden: overridden, decision: decision, timeBasis: timeBasis)
    }

    private static func timeBasis(_ reader: inout CanonicalReader) throws -> TimeBasis {
        var basis = TimeBasis(kind: .writer)
        try reader.object(timeBasisFields) { reader, field in
            switch field {
            case 0: basis.kind = try reader.value(TimeBasis.Kind.self)
            case 1: basis.checkpointSize = try reader.uint64()
            case 2:
                basis.checkpoints = try reader.array { reader in
                    var (size, time): (UInt64, String) = (0, "")
                    try reader.object(checkpointFields) { reader, field in
                        if field == 0 { size = try reader.uint64() } else { time = try reader.string() }
                    }
                    return TimeBasis.Checkpoint(size: size, time: time)
                }
            case 3: basis.now = try reader.string()
            default: basis.witnessList = try reader.uint64()
            }
        }
        return basis
    }

    private static func policySet(_ reader: inout CanonicalReader) throws -> PolicySetReference {
        var (entry, hash): (UInt64, String) = (0, "")
        try reader.object(policySetFields) { reader, field in
            if field == 0 { entry = try reader.uint64() } else { hash = try reader.string() }
        }
        return PolicySetReference(hash: hash, entry: entry)
    }

    private static func request(_ reader: inout CanonicalReader) throws -> PromotionRequestRecord {
        var (fromStage, requester, roles, toStage): (String, String, [String], String) = ("", "", [], "")
        var (justification, overrideRules): (String?, [String]?) = (nil, nil)
        try reader.object(requestFields) { reader, field in
            switch field {
            case 0: fromStage = try reader.string()
            case 1: requester = try reader.string()
            case 2: roles = try reader.array { try $0.string() }
            case 3: toStage = try reader.string()
            case 4: justification = try reader.string()
            default: overrideRules = try reader.array { try $0.string() }
            }
        }
        return PromotionRequestRecord(
            requester: requester, requesterRoles: roles, fromStage: fromStage, toStage: toStage, overrideRules: overrideRules,
            justification: justification)
    }
}
