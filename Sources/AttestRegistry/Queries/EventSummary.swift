import Foundation

/// One-line summaries of entries, for histories and timelines.
public enum EventSummary {
    /// A one-line summary of an entry's payload.
    public static func line(type: String, payload: [UInt8]) -> String {
        let object = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any] ?? [:]
        func field(_ key: String) -> String { object[key].map { "\($0)" } ?? "?" }
        switch type {
        case EventType.modelCreated: return "model created (owner \(field("owner")), risk tier \(field("riskTier")))"
        case EventType.versionRegistered:
            return "version \(field("version")) registered" + (object["parent"].map { " from parent v\($0)" } ?? "")
        case EventType.stageChanged: return "v\(field("version")) \(field("from")) → \(field("to")): \(field("reason"))"
        case EventType.aliasSet: return "alias \(field("alias")) → v\(field("version"))"
        case EventType.aliasRemoved: return "alias \(field("alias")) removed"
        case EventType.deployed: return "v\(field("version")) deployed to \(field("environment")) at \(field("traffic"))% traffic"
        case EventType.versionDeprecated: return "v\(field("version")) deprecated: \(field("reason"))"
        case EventType.versionRetired: return "v\(field("version")) retired: \(field("reason"))"
        case EventType.actionRefused: return "REFUSED \(field("action")) on \(field("target")): \(field("reason"))"
        case EventType.attestationSigned:
            let count = (object["envelopes"] as? [Any])?.count ?? 0
            return "v\(field("version")) entry \(field("entry")) attested: \(count) signed in-toto statement\(count == 1 ? "" : "s")"
        case EventType.modelScoped:
            let scoped = try? JSONDecoder().decode(ModelScoped.self, from: Data(payload))
            return "scoping: " + (scoped.map { $0.inSR262Scope ? "in SR 26-2 scope" : "outside SR 26-2 scope" } ?? "?")
                + ", EU AI Act \(field("euAIActClass"))"
        default:
            var parts: [String] = []
            if let version = object["version"] { parts.append("v\(version)") }
            for key in ["stage", "to", "kind", "result", "datasetRole"] where object[key] != nil { parts.append("\(key) \(field(key))") }
            return ([type] + parts).joined(separator: " ")
        }
    }

    /// Whether the entry records a decision allowed by override.
    public static func isOverride(type: String, payload: [UInt8]) -> Bool {
        guard type == "promotion.decided" else { return false }
        let object = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any] ?? [:]
        return (object["result"] as? String) == "allow_with_override"
    }
}
