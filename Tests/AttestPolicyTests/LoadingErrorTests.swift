import AttestPolicy
import Foundation
import Testing

/// One malformed policy file and the error it must produce.
struct BadPolicy: CustomTestStringConvertible, Sendable {
    let label: String
    let yaml: String
    let code: PolicyError.Code
    let line: Int
    let column: Int
    let choices: [String]
    var testDescription: String { label }

    init(_ label: String, _ code: PolicyError.Code, _ line: Int, _ column: Int, choices: [String] = [], _ yaml: String) {
        self.label = label
        self.yaml = yaml
        self.code = code
        self.line = line
        self.column = column
        self.choices = choices
    }
}

@Suite("Loading errors")
struct LoadingErrorTests {
    static let cases: [BadPolicy] = [
        BadPolicy(
            "YAML syntax", .syntax, 4, 1,
            """
            name: p
            applies_to:
              target: [a
            """),
        BadPolicy(
            "unknown top-level key", .unknownKey, 2, 1, choices: ["name", "description", "applies_to", "rules"],
            """
            name: p
            aplies_to: {}
            rules: []
            """),
        BadPolicy(
            "missing name", .missingKey, 1, 1,
            """
            applies_to: {target_stage: production}
            rules:
              - {id: a, kind: cooldown, min_duration: 1d}
            """),
        BadPolicy(
            "unknown applies_to key", .unknownKey, 3, 3,
            """
            name: p
            applies_to:
              stage: production
            rules:
              - {id: a, kind: cooldown, min_duration: 1d}
            """),
        BadPolicy(
            "unknown stage", .invalidValue, 3, 17, choices: ["development", "staging", "production", "archived"],
            """
            name: p
            applies_to:
              target_stage: prod
            rules:
              - {id: a, kind: cooldown, min_duration: 1d}
            """),
        BadPolicy(
            "unknown risk tier", .invalidValue, 3, 22, choices: ["low", "medium", "high"],
            """
            name: p
            applies_to:
              risk_tiers: [high, extreme]
            rules:
              - {id: a, kind: cooldown, min_duration: 1d}
            """),
        BadPolicy(
            "rules not a list", .wrongType, 3, 8,
            """
            name: p
            applies_to: {}
            rules: nope
            """),
        BadPolicy(
            "unknown kind", .unknownKind, 5, 11, choices: RuleKind.allCases.map(\.rawValue),
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: sign_off
            """),
        BadPolicy(
            "missing kind", .missingKey, 4, 5,
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                count: 2
            """),
        BadPolicy(
            "missing id", .missingKey, 4, 5,
            """
            name: p
            applies_to: {}
            rules:
              - kind: cooldown
                min_duration: 1d
            """),
        BadPolicy(
            "unknown rule key", .unknownKey, 7, 5,
            choices: [
                "id", "kind", "description", "enforcement", "override_roles", "count", "roles", "exclude", "max_age", "stale_on_monitoring",
            ],
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: required_approvals
                count: 2
                role: [validator]
            """),
        BadPolicy(
            "wrong type for count", .wrongType, 6, 12,
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: required_approvals
                count: two
                roles: [validator]
            """),
        BadPolicy(
            "count below 1", .invalidValue, 6, 12,
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: required_approvals
                count: 0
                roles: [validator]
            """),
        BadPolicy(
            "missing roles", .missingKey, 4, 5,
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: required_approvals
                count: 1
            """),
        BadPolicy(
            "unknown exclusion", .invalidValue, 8, 27, choices: ["registrant", "requester", "model_owner"],
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: required_approvals
                count: 1
                roles: [validator]
                exclude: [registrant, owner]
            """),
        BadPolicy(
            "bad duration", .invalidDuration, 6, 19,
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: cooldown
                min_duration: 1 month
            """),
        BadPolicy(
            "unknown metric", .unknownMetric, 6, 13, choices: PerformanceMetric.allCases.map(\.rawValue),
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: metric_threshold
                metric: auc
                op: ">="
                value: 0.7
            """),
        BadPolicy(
            "unknown fairness metric", .unknownMetric, 6, 13, choices: FairnessMetric.allCases.map(\.rawValue),
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: fairness_threshold
                metric: disparate_impact
                sensitive: [sex]
                op: ">="
                value: 0.8
            """),
        BadPolicy(
            "unknown operator", .invalidValue, 7, 9, choices: [">=", ">", "<=", "<"],
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: metric_threshold
                metric: accuracy
                op: "=>"
                value: 0.7
            """),
        BadPolicy(
            "missing value", .missingKey, 4, 5,
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: metric_threshold
                metric: accuracy
                op: ">="
            """),
        BadPolicy(
            "value not a number", .wrongType, 8, 12,
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: metric_threshold
                metric: accuracy
                op: ">="
                value: "0.7"
            """),
        BadPolicy(
            "sensitive with overall scope", .invalidValue, 9, 5,
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: metric_threshold
                metric: accuracy
                op: ">="
                value: 0.7
                sensitive: [sex]
            """),
        BadPolicy(
            "agg on a non-equalized-odds metric", .invalidValue, 7, 5,
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: fairness_threshold
                metric: demographic_parity_ratio
                agg: mean
                sensitive: [sex]
                op: ">="
                value: 0.8
            """),
        BadPolicy(
            "use_interval not a bool", .wrongType, 10, 19,
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: fairness_threshold
                metric: demographic_parity_ratio
                sensitive: [sex]
                op: ">="
                value: 0.8
                use_interval: maybe
            """),
        BadPolicy(
            "p-value bounded from above", .invalidValue, 7, 9, choices: [">=", ">"],
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: drift_threshold
                metric: ks_pvalue
                op: "<="
                value: 0.05
            """),
        BadPolicy(
            "unknown drift metric", .unknownMetric, 6, 13, choices: DriftMetric.allCases.map(\.rawValue),
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: drift_threshold
                metric: wasserstein
                op: "<="
                value: 0.1
            """),
        BadPolicy(
            "unknown enforcement", .invalidValue, 7, 18, choices: ["hard_mandatory", "soft_mandatory", "advisory"],
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: cooldown
                min_duration: 1d
                enforcement: soft
            """),
        BadPolicy(
            "soft rule without override roles", .missingKey, 4, 5,
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: cooldown
                min_duration: 1d
                enforcement: soft_mandatory
            """),
        BadPolicy(
            "override roles on a hard rule", .invalidValue, 7, 5,
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: cooldown
                min_duration: 1d
                override_roles: [risk-officer]
            """),
        BadPolicy(
            "empty required_evidence", .missingKey, 4, 5,
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: required_evidence
            """),
        BadPolicy(
            "duplicate rule id in one file", .duplicateRuleID, 6, 5,
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                {kind: cooldown, min_duration: 1d}
              - {id: a, kind: cooldown, min_duration: 2d}
            """.replacingOccurrences(
                of: "  - id: a\n    {kind: cooldown, min_duration: 1d}\n",
                with: "  - {id: a, kind: cooldown, min_duration: 1d}\n  - {id: b, kind: cooldown, min_duration: 1d}\n")),
        BadPolicy(
            "duplicate key", .duplicateKey, 1, 1,
            """
            name: p
            name: q
            applies_to: {}
            rules:
              - {id: a, kind: cooldown, min_duration: 1d}
            """),
        BadPolicy(
            "stage_transition with unknown stage", .invalidValue, 6, 21, choices: ["development", "staging", "production", "archived"],
            """
            name: p
            applies_to: {}
            rules:
              - id: a
                kind: stage_transition
                from: [staging, qa]
            """),
    ]

    @Test("a malformed policy is rejected with its place and the valid choices", arguments: cases)
    func rejects(_ bad: BadPolicy) {
        let error = policyError { _ = try loadSet(bad.yaml, path: "policies/p.yaml") }
        #expect(error?.code == bad.code, "\(error?.description ?? "no error")")
        #expect(error?.location.path == "policies/p.yaml")
        #expect(error?.location.line == bad.line, "\(error?.description ?? "")")
        #expect(error?.location.column == bad.column, "\(error?.description ?? "")")
        if !bad.choices.isEmpty { #expect(error?.validChoices == bad.choices) }
        #expect(error?.description.hasPrefix("policies/p.yaml:\(bad.line):\(bad.column): error: ") == true)
    }

    @Test("the message lists the valid choices")
    func messageListsChoices() {
        let error = policyError {
            _ = try loadSet(policy("  - {id: a, kind: cooldown, min_duration: 1d, enforcement: strict}"))
        }
        #expect(
            error?.description
                == "test.yaml:5:60: error: unknown enforcement 'strict' in rule 'a' "
                + "(valid choices: hard_mandatory, soft_mandatory, advisory)")
    }

    @Test("a rule id used in two files is rejected at the second")
    func duplicateAcrossFiles() {
        let first = PolicySourceFile(
            path: "a.yaml", bytes: Data(policy("  - {id: gate, kind: cooldown, min_duration: 1d}", name: "a").utf8))
        let second = PolicySourceFile(
            path: "b.yaml", bytes: Data(policy("  - {id: gate, kind: cooldown, min_duration: 2d}", name: "b").utf8))
        let error = policyError { _ = try PolicySetLoader.load(files: [second, first]) }
        #expect(error?.code == .duplicateRuleID)
        #expect(error?.location == SourceLocation(path: "b.yaml", line: 5, column: 5))
        #expect(error?.message.contains("a.yaml:5:5") == true)
    }

    @Test("a policy name used in two files is rejected")
    func duplicatePolicyName() {
        let first = PolicySourceFile(path: "a.yaml", bytes: Data(policy("  - {id: x, kind: cooldown, min_duration: 1d}").utf8))
        let second = PolicySourceFile(path: "b.yaml", bytes: Data(policy("  - {id: y, kind: cooldown, min_duration: 1d}").utf8))
        let error = policyError { _ = try PolicySetLoader.load(files: [first, second]) }
        #expect(error?.code == .duplicatePolicyName)
        #expect(error?.location.path == "b.yaml")
    }

    @Test("settings: a subset of the lifecycle is honoured; stages no version can reach and unknown keys are rejected")
    func settings() throws {
        let set = try loadSet(
            "name: p\napplies_to: {target_stage: production}\nrules:\n  - {id: a, kind: stage_transition, from: [staging]}\n",
            settings: "stages: [development, staging, production]\nallow_ungoverned_targets: [development]\n")
        #expect(set.settings.stages == ["development", "staging", "production"])
        let custom = policyError {
            _ = try loadSet(
                "name: p\napplies_to: {target_stage: canary}\nrules:\n  - {id: a, kind: stage_transition, from: [qa]}\n",
                settings: "stages: [development, qa, canary, production]\n")
        }
        #expect(custom?.code == .invalidValue)
        #expect(custom?.location == SourceLocation(path: "settings.yaml", line: 1, column: 9))
        #expect(custom?.message.contains("unknown stage 'qa' in 'stages'") == true, "\(String(describing: custom?.message))")
        #expect(custom?.validChoices == ["development", "staging", "production", "archived"])
        let error = policyError {
            _ = try loadSet(
                policy("  - {id: a, kind: cooldown, min_duration: 1d}"),
                settings: "stages: [staging, production]\ndefault: allow\n")
        }
        #expect(error?.code == .unknownKey)
        #expect(error?.location == SourceLocation(path: "settings.yaml", line: 2, column: 1))
    }

    /// Nine levels of ten aliases each: 10^9 nodes once expanded, in 12 lines.
    static let aliasBomb: String = {
        var lines = ["name: p", "applies_to: {target_stage: production}", "l0: &l0 [s, s, s, s, s, s, s, s, s, s]"]
        for level in 1...9 {
            lines.append("l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        lines.append("rules:\n  - {id: a, kind: stage_transition, from: *l9}")
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test("a YAML alias bomb is refused at alias expansion, before any key is read, and quickly")
    func aliasBomb() {
        let started = Date()
        let error = policyError { _ = try loadSet(Self.aliasBomb, path: "policies/p.yaml") }
        // The parser would first report the unknown key 'l0' (line 3): the syntax error at
        // line 1 comes from the expansion count, which runs before the parser reads any key.
        #expect(error?.code == .syntax, "\(error?.description ?? "no error")")
        #expect(
            error?.description
                == "policies/p.yaml:1:1: error: the YAML expands to more than 100000 nodes once its aliases are expanded (an alias bomb?); write the values out instead of repeating anchors"
        )
        #expect(Date().timeIntervalSince(started) < 5, "the count stops at the limit")
    }

    @Test("aliases that expand to a reasonable size still load")
    func modestAliases() throws {
        let set = try loadSet(
            "name: p\napplies_to: {target_stage: production}\nrules:\n  - {id: a, kind: stage_transition, from: &from [staging]}\n"
                + "  - {id: b, kind: stage_transition, from: *from}\n")
        #expect(set.policies.first?.rules.count == 2)
    }

    @Test("an empty file and non-UTF-8 bytes are rejected")
    func emptyAndBinary() {
        #expect(policyError { _ = try loadSet("") }?.code == .syntax)
        let bytes = PolicySourceFile(path: "x.yaml", bytes: Data([0xff, 0xfe, 0x00]))
        #expect(policyError { _ = try PolicySetLoader.load(files: [bytes]) }?.code == .unreadable)
    }

    @Test(
        "durations parse and reject what they should",
        arguments: [
            ("30d", Int64(2_592_000)), ("12h", 43_200), ("90m", 5_400), ("45s", 45), ("2w", 1_209_600), ("1d12h", 129_600),
        ])
    func durations(_ text: String, _ seconds: Int64) {
        #expect(PolicyDuration(parsing: text)?.seconds == seconds)
    }

    @Test("bad durations", arguments: ["", "d", "30", "1 month", "1y", "-1d", "0d", "1.5d", "1d 2h"])
    func badDurations(_ text: String) {
        #expect(PolicyDuration(parsing: text) == nil)
    }
}
