import AttestLedger
import AttestRegistry
import Foundation

/// The latest scoping among a model's entries (`model.scoped`, docs/registry.md, "Scoping").
enum ScopingCollector {
    static func latest(_ entries: [Entry], actor: (Entry) -> String) -> ScopingItem? {
        for entry in entries.reversed() where entry.type == EventType.modelScoped {
            guard let scoped = PayloadViews.decode(ModelScoped.self, entry.payload) else { continue }
            return ScopingItem(
                entry: entry.sequence, time: ISOTime.string(micros: entry.timeMicros), actor: actor(entry), isModel: scoped.isModel,
                rationale: scoped.rationale, generative: scoped.generative, agentic: scoped.agentic, inSR262Scope: scoped.inSR262Scope,
                euAIActClass: scoped.euAIActClass, euAIActRationale: scoped.euAIActRationale, text: text(scoped))
        }
        return nil
    }

    /// `in SR 26-2 scope`, or `outside SR 26-2 scope (not a model; generative; agentic)`, then the EU AI Act class.
    static func text(_ scoped: ModelScoped) -> String {
        var reasons: [String] = []
        if !scoped.isModel { reasons.append("not a model") }
        if scoped.generative { reasons.append("generative") }
        if scoped.agentic { reasons.append("agentic") }
        let sr = scoped.inSR262Scope ? "in SR 26-2 scope" : "outside SR 26-2 scope (\(reasons.joined(separator: "; ")))"
        return "\(sr); EU AI Act: \(scoped.euAIActClass)"
    }
}
