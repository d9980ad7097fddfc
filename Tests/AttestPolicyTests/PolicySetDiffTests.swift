import AttestPolicy
import Foundation
import Testing

@Suite("Policy set diff")
struct PolicySetDiffTests {
    static func set(_ files: [String: String]) throws -> PolicySet {
        try PolicySetLoader.load(files: files.map { PolicySourceFile(path: $0.key, bytes: Data($0.value.utf8)) })
    }

    @Test("lines: the longest common subsequence, removals before additions")
    func lines() {
        let diff = LineDiff.lines(from: "a\nb\nc\n", to: "a\nB\nc\nd\n")
        #expect(diff == [.same("a"), .removed("b"), .added("B"), .same("c"), .added("d")])
        #expect(LineDiff.unified(diff, context: 0) == ["@@ line 2 @@", "- b", "+ B", "@@ line 4 @@", "+ d"])
        #expect(LineDiff.unified(LineDiff.lines(from: "x\n", to: "x\n")).isEmpty)
    }

    @Test("a loosened bound, a removed rule, an added policy and a changed setting are each named")
    func semanticChanges() throws {
        let old = try Self.set([
            "p.yaml": policy(
                "  - {id: auc, kind: metric_threshold, metric: roc_auc, op: '>=', value: 0.7}\n  - {id: soak, kind: cooldown, min_duration: 1d}"
            ),
            "settings.yaml": "when_no_policy_applies: deny\n",
        ])
        let new = try Self.set([
            "p.yaml": policy("  - {id: auc, kind: metric_threshold, metric: roc_auc, op: '>=', value: 0.6}"),
            "q.yaml": policy("  - {id: q1, kind: cooldown, min_duration: 2d}", name: "q"),
            "settings.yaml": "when_no_policy_applies: allow\n",
        ])
        let diff = PolicySetDiff(from: old, to: new)
        #expect(!diff.isEmpty)
        #expect(diff.changes.contains("settings: when_no_policy_applies deny -> allow"))
        #expect(diff.changes.contains("policy 'q' added (1 rules, q.yaml)"))
        #expect(diff.changes.contains("rule 'soak' removed: it was cooldown, hard_mandatory"))
        #expect(diff.changes.contains { $0.hasPrefix("rule 'auc' changed: parameters") && $0.contains("0.7") && $0.contains("0.6") })
        #expect(diff.files.map(\.path) == ["p.yaml", "q.yaml", "settings.yaml"])
        #expect(diff.files.map(\.change) == ["changed", "added", "changed"])
        #expect(diff.files[0].lines.contains { $0.hasPrefix("- ") && $0.contains("0.7") })
        #expect(PolicySetDiff(from: old, to: old).isEmpty)
    }
}
