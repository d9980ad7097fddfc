import AttestLedger
import AttestPolicy
import AttestRegistry
import Foundation

/// What each cited entry of an admission answer must be, checked from its leaf bytes: its
/// sequence number, its type, and that it is about the model and version asked about.
enum EntryRole {
    /// The fields of a `promotion.decided` payload every engine version writes.
    struct DecisionHead: Decodable {
        var model: String
        var version: Int
        var to: String
        var result: String
    }

    /// Why the entry in `leaf` cannot play its cited role; `nil` when it can.
    static func problem(
        leaf: [UInt8], cited: AdmissionStatement.Cited, question: AdmissionChecker.Question, statement: AdmissionStatement
    ) -> String? {
        guard let entry = try? EntryEncoding.decode(leaf: leaf) else { return "its leaf bytes do not decode as an entry" }
        guard entry.sequence == cited.entry else { return "its leaf bytes are those of entry \(entry.sequence)" }
        let expected: String =
            switch cited.role {
            case "policy": EventType.policyPublished
            case "policy-approval": EventType.policyApproved
            case "registration": EventType.versionRegistered
            case "stage": EventType.stageChanged
            default: EventType.promotionDecided
            }
        guard entry.type == expected else { return "it is a \(entry.type) entry, not \(expected)" }
        let decoder = JSONDecoder()
        let data = Data(entry.payload)
        func about(_ model: String, _ version: Int) -> String? {
            Array(model.utf8) == Array(question.model.utf8) && version == question.version
                ? nil : "it is about \(model) v\(version), not \(question.model) v\(question.version)"
        }
        switch cited.role {
        case "policy-approval":
            guard let approval = try? decoder.decode(PolicyApproved.self, from: data) else { return "its payload does not decode" }
            let policy = statement.entries.first { $0.role == "policy" }?.entry
            return approval.publication == policy ? nil : "it approves publication \(approval.publication), not the one in force"
        case "registration":
            guard let registered = try? decoder.decode(VersionRegistered.self, from: data) else { return "its payload does not decode" }
            return about(registered.model, registered.version)
        case "stage":
            guard let change = try? decoder.decode(StageChanged.self, from: data) else { return "its payload does not decode" }
            if let wrong = about(change.model, change.version) { return wrong }
            guard change.to.rawValue == statement.stage else { return "it moves to \(change.to.rawValue), not \(statement.stage ?? "-")" }
            let decision = statement.entries.first { $0.role == "decision" }?.entry
            guard decision == nil || change.decision == decision else {
                return "it cites decision \(change.decision.map(String.init) ?? "none")"
            }
            return nil
        case "decision":
            guard let decided = try? decoder.decode(DecisionHead.self, from: data) else { return "its payload does not decode" }
            if let wrong = about(decided.model, decided.version) { return wrong }
            guard decided.result != "deny", decided.to == statement.stage else {
                return "it decides '\(decided.result)' for \(decided.to), not an allowing decision for \(statement.stage ?? "-")"
            }
            return nil
        default:
            return nil
        }
    }
}
