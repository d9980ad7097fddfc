import AttestLedger
import AttestPolicy
import AttestRegistry
import Foundation

extension ReviewerPages {
    /// One version that waits for a reviewer's sign-off.
    struct Waiting {
        var model: String
        var version: Int
        var stage: String
        var target: String
        var roles: [String]
        var requested: UInt64?
        var stale: UInt64?
    }

    /// "Waiting for my sign-off": every live version whose next stage needs approvals from a
    /// role `reviewer` holds, that `reviewer` did not register and may approve, and has not
    /// approved or rejected for that stage (or whose approval went stale). A version whose
    /// promotion to that stage was requested and denied is marked "requested".
    /// - Throws: `ReportError` (`.badInput`) for an unknown reviewer.
    public func waiting(reviewer: String) throws -> String {
        guard let actor = try registry.actors().first(where: { Array($0.name.utf8) == Array(reviewer.utf8) }) else {
            throw ReportError(.badInput, "unknown reviewer '\(reviewer)'; see the models page for the reviewers")
        }
        let items = try waitingItems(actor)
        var body = PageHTML.el("h1", "Waiting for \(actor.name)'s sign-off")
        body +=
            "<p class=\"muted\">" + PageHTML.text("Roles: \(actor.roles.isEmpty ? "none" : actor.roles.joined(separator: ", "))") + "</p>"
        body += PageHTML.table(
            ["Version", "Stage now", "Awaiting", "Your roles that count", "Requested", "Your earlier approval"],
            items.map { item in
                [
                    PageHTML.link(links.version(item.model, item.version), "\(item.model) v\(item.version)"), PageHTML.status(item.stage),
                    PageHTML.text(item.target), PageHTML.text(item.roles.joined(separator: ", ")),
                    item.requested.map { "denied decision " + PageHTML.link(links.entry($0, pageSize: logPageSize), "\($0)") } ?? "",
                    item.stale.map { "stale (entry " + PageHTML.link(links.entry($0, pageSize: logPageSize), "\($0)") + ")" } ?? "",
                ]
            }, class: "waiting")
        return page(title: "Waiting for \(actor.name)", body: body)
    }

    func waitingItems(_ actor: ActorInfo) throws -> [Waiting] {
        guard actor.active else { return [] }
        let set = try registry.policySetInForce().map { try registry.publishedPolicySet(at: $0.entry) }
        let denied = try deniedRequests()
        var items: [Waiting] = []
        for summary in try registry.models() {
            let info = try registry.model(summary.name)
            for version in info.versions where version.status != "retired" {
                guard let target = Self.nextStage(version.stage) else { continue }
                let rules = Self.approvalRules(set, target: target, riskTier: summary.riskTier)
                var roles = Set(rules.flatMap(\.roles))
                // Production without a required_approvals rule: the built-in floor.
                if rules.isEmpty && target == AttestPolicy.Stage.production.rawValue { roles = Set(Registry.reviewers) }
                let mine = roles.intersection(actor.roles).sorted()
                guard !mine.isEmpty, version.registrant != actor.name else { continue }
                if rules.contains(where: { $0.exclude.contains(.modelOwner) }), info.model.owner == actor.name { continue }
                let reviews = try registry.reviews(summary.name, version: version.version).filter {
                    $0.actor == actor.name && $0.stage == target && $0.withdrawnBy == nil
                }
                let current = reviews.last
                if let current, !current.isStale { continue }
                items.append(
                    Waiting(
                        model: summary.name, version: version.version, stage: version.stage, target: target, roles: mine,
                        requested: denied["\(summary.name)\u{0}\(version.version)\u{0}\(target)"], stale: current?.entry))
            }
        }
        return items
    }

    /// The latest denied promotion request per model, version and target stage.
    private func deniedRequests() throws -> [String: UInt64] {
        var out: [String: UInt64] = [:]
        for entry in try registry.ledger.entries(types: [EventType.promotionDecided]) {
            guard let decided = try? JSONDecoder().decode(PromotionDecided.self, from: Data(entry.payload)) else { continue }
            let key = "\(decided.model)\u{0}\(decided.version)\u{0}\(decided.to)"
            if decided.result == "deny" { out[key] = entry.sequence } else { out[key] = nil }
        }
        return out
    }

    static func nextStage(_ stage: String) -> String? {
        switch stage {
        case AttestPolicy.Stage.development.rawValue: AttestPolicy.Stage.staging.rawValue
        case AttestPolicy.Stage.staging.rawValue: AttestPolicy.Stage.production.rawValue
        default: nil
        }
    }

    /// The `required_approvals` rules of the policies that govern a move to `target`.
    static func approvalRules(_ set: PolicySet?, target: String, riskTier: String) -> [RequiredApprovalsParameters] {
        guard let set else { return [] }
        return set.policies.filter { policy in
            (policy.scope.targetStage.map { $0.rawValue == target } ?? true)
                && (policy.scope.riskTiers.map { tiers in tiers.contains { $0.rawValue == riskTier } } ?? true)
        }.flatMap { policy in
            policy.rules.compactMap { rule -> RequiredApprovalsParameters? in
                if case .requiredApprovals(let parameters) = rule.parameters { return parameters }
                return nil
            }
        }
    }
}
